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
