// util/workers.ts's WorkerPool, under the chunk pool: threads kept across runs, results in task
// order, one run at a time, and a failed run (a task's error, a thread's exit) closes the pool;
// tasks submitted one by one (the streaming path) settle each on its own.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerPool, runOnWorkers } from '@lossyml/sdk/util/workers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-pool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const script = path.join(dir, 'double.js');
const serve = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'util', 'workers.js');
// Doubles its task after a delay that makes later tasks finish first; a negative task throws,
// 999 ends the thread; `ids` says which thread answered.
fs.writeFileSync(
  script,
  `const { serveTasks } = require(${JSON.stringify(serve)});
const { threadId } = require('node:worker_threads');
serveTasks((n) => {
  if (n === 999) process.exit(3);
  if (n < 0) throw new Error('negative task ' + n);
  const until = Date.now() + (n % 3);
  while (Date.now() < until);
  return { result: { value: 2 * n, thread: threadId } };
});
`,
);

type Reply = { value: number; thread: number };

test('runs batch after batch on the same threads, results in task order', async () => {
  const pool = new WorkerPool<number, Reply>(script, 3);
  try {
    const first = await pool.run(Array.from({ length: 20 }, (_, i) => i));
    expect(first.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i));
    const second = await pool.run([5, 4, 3, 2, 1, 0]);
    expect(second.map((r) => r.value)).toEqual([10, 8, 6, 4, 2, 0]);
    // The same three threads answered both runs.
    const threads = new Set([...first, ...second].map((r) => r.thread));
    expect(threads.size).toBeLessThanOrEqual(3);
    expect(await pool.run([])).toEqual([]);
  } finally {
    await pool.close();
  }
});

test('one run at a time', async () => {
  const pool = new WorkerPool<number, Reply>(script, 2);
  try {
    const a = pool.run([1, 2, 3]);
    await expect(pool.run([4])).rejects.toThrow(/one run at a time/);
    expect((await a).map((r) => r.value)).toEqual([2, 4, 6]);
  } finally {
    await pool.close();
  }
});

test.each([
  ['a task that throws', [1, -7, 2], /worker task 1: Error: negative task -7/],
  ['a thread that exits', [1, 999, 2], /exited with code 3/],
])('%s fails the run and closes the pool', async (_what, tasks, message) => {
  const pool = new WorkerPool<number, Reply>(script, 2);
  await expect(pool.run(tasks)).rejects.toThrow(message);
  await expect(pool.run([1])).rejects.toThrow(/closed after a failure/);
  await pool.close();
});

test('runOnWorkers on the pool: fresh threads, closed afterwards; sizes are checked', async () => {
  expect((await runOnWorkers<number, Reply>(script, 4, null, [3, 1, 2])).map((r) => r.value)).toEqual([6, 2, 4]);
  expect(await runOnWorkers<number, Reply>(script, 0, null, [1])).toHaveLength(1);
  expect(() => new WorkerPool(script, 0)).toThrow(/workers: got 0/);
});

test('submit: tasks one by one on at most `size` threads, each promise settles with its own task', async () => {
  const pool = new WorkerPool<number, Reply>(script, 2);
  try {
    const replies = [5, 4, 3, 2, 1, 0].map((n) => pool.submit(n));
    expect((await Promise.all(replies)).map((r) => r.value)).toEqual([10, 8, 6, 4, 2, 0]);
    expect(new Set((await Promise.all(replies)).map((r) => r.thread)).size).toBeLessThanOrEqual(2);
    // A task's error fails that task only; the pool goes on (n counts submissions: 6 went before).
    const bad = pool.submit(-1);
    const good = pool.submit(21);
    await expect(bad).rejects.toThrow(/^worker task 6: Error: negative task -1$/);
    expect((await good).value).toBe(42);
    // A batch after the submissions runs on the same pool.
    expect((await pool.run([1, 2])).map((r) => r.value)).toEqual([2, 4]);
  } finally {
    await pool.close();
  }
});

test('submit: a thread that exits fails its task and the queued ones, and later tasks are refused', async () => {
  const pool = new WorkerPool<number, Reply>(script, 1);
  const dying = pool.submit(999);
  const queued = pool.submit(1);
  await expect(dying).rejects.toThrow(/exited with code 3/);
  await expect(queued).rejects.toThrow(/exited with code 3/);
  await expect(pool.submit(2)).rejects.toThrow(/closed after a failure: .*exited with code 3/);
  await pool.close();
});

test('close rejects the tasks still queued', async () => {
  const pool = new WorkerPool<number, Reply>(script, 1);
  const first = pool.submit(1);
  const second = pool.submit(2);
  first.catch(() => undefined);
  const refused = expect(second).rejects.toThrow(/closed before the task finished/);
  await pool.close();
  await refused;
  await expect(pool.submit(3)).rejects.toThrow(/is closed/);
});
