// The examples run as a user runs them: plain Node against the built package (npm test builds it).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const run = (file: string, ...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'examples', file), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

test('reduce-a-table prints a row per method with its ratio', () => {
  const out = run('reduce-a-table.js');
  for (const id of ['zstd', 'truncate32', 'sz-rel', 'zfp-rel', 'sample-wor']) expect(out).toMatch(new RegExp(`^${id}\\s`, 'm'));
  // sample-wor keeps 10% of the rows: its ratio is close to 10 (the header costs a little)
  const ratio = Number(out.match(/^sample-wor\s+\S+\s+([\d.]+)/m)![1]);
  expect(ratio).toBeGreaterThan(9);
  expect(ratio).toBeLessThan(10);
});

test('evaluate-superconductor prints the quality change per bound', () => {
  const out = run('evaluate-superconductor.js', '--quick');
  expect(out).toMatch(/partial/);
  expect(out).toMatch(/^sz-rel 0\.05\s/m);
});

test('train-from-chunks trains from a chunked container, chunk order shuffled per epoch, one chunk held, and the loss falls', () => {
  const args = ['--rows', '3000', '--chunk-rows', '500', '--epochs', '4', '--seed', '1'];
  const out = run('train-from-chunks.js', ...args);
  expect(out).toMatch(/3000 rows x 84 features .* in 6 chunks of 500 rows/);
  const epochs = [...out.matchAll(/^\s+(\d+)\s+((?:\d+ ){4}\d+)\s+([\d.]+)\s+([\d.]+)$/gm)].map((m) => ({ order: m[2].split(' ').map(Number), train: Number(m[3]), validation: Number(m[4]) }));
  expect(epochs).toHaveLength(4);
  // Each epoch visits the 5 training chunks once (the 6th is held out), in a seeded order that changes.
  for (const e of epochs) expect([...e.order].sort()).toEqual([0, 1, 2, 3, 4]);
  expect(new Set(epochs.map((e) => e.order.join(' '))).size).toBeGreaterThan(1);
  expect(epochs[3].train).toBeLessThan(epochs[0].train);
  expect(epochs[3].validation).toBeLessThan(epochs[0].validation);
  expect(out).toMatch(/rows decoded and held at once: at most 500 \(one chunk/);
  // The same seed gives the same order and losses.
  expect(run('train-from-chunks.js', ...args)).toBe(out);
});
