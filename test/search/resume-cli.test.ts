// A sweep killed mid-way (SIGKILL of the `lossyml sweep` process) loses nothing it finished:
// the next run of the same command computes only what is missing, and the records end up
// exactly those of one uninterrupted run.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const MAIN = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'cli', 'main.js');
const ARGS = ['sweep', '--app', 'boston', '--quick', '--methods', 'none,zstd,truncate32,sz-rel,sample-wor', '--points', '3'];

/** Keys of the complete lines (a line the kill cut short has no newline yet). */
function keysOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l).key as string);
}

function runToEnd(out: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...ARGS, '--out', out], { encoding: 'utf8', env: process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('kill -9 mid-sweep, run again: nothing recorded is computed twice, nothing is lost', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-resume-'));
  const out = path.join(dir, 'run');
  const file = path.join(out, 'records.jsonl');
  const child = spawn(process.execPath, [MAIN, ...ARGS, '--out', out], { stdio: 'ignore', env: process.env });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Kill it once a handful of evaluations are on disk (polling; the sweep has ~20 in all).
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(file) && keysOf(file).length >= 6) break;
    if (child.exitCode !== null) throw new Error('the sweep finished before it could be interrupted');
  }
  child.kill('SIGKILL');
  await exited;
  const complete = keysOf(file);

  const second = runToEnd(out);
  expect(second.stderr).not.toMatch(/unexpected failure/);
  expect(second.status).toBe(0);
  const after = keysOf(file);
  expect(new Set(after).size).toBe(after.length); // no key twice
  // The first run's lines stay as they were; the second only appended keys it had not.
  expect(after.slice(0, complete.length)).toEqual(complete);
  expect(after.slice(complete.length).filter((k) => complete.includes(k))).toEqual([]);
  expect(after.length).toBeGreaterThan(complete.length);

  const reference = path.join(dir, 'reference');
  expect(runToEnd(reference).status).toBe(0);
  expect([...after].sort()).toEqual(keysOf(path.join(reference, 'records.jsonl')).sort());
  expect(fs.existsSync(path.join(out, 'front.json'))).toBe(true);
}, 600_000);
