// Worker threads for CPU-bound model training: where a compiled worker script lives, and a
// small pool that hands tasks to idle workers and gathers results by task index, so the
// outcome never depends on how many workers ran or which finished first.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, parentPort, workerData, type TransferListItem } from 'node:worker_threads';
import { UnavailableError, check } from './errors';

/**
 * Path of the compiled worker script `name`.js beside the calling module. Workers always run
 * compiled JavaScript: when the caller runs from TypeScript sources (ts-jest, ts-node) the
 * path is mapped from sdk/src/... to sdk/dist/..., which `npm run build` produces.
 */
export function compiledWorkerPath(callerFile: string, name: string): string {
  const dir = path.dirname(callerFile);
  let target = path.join(dir, `${name}.js`);
  if (callerFile.endsWith('.ts')) {
    const parts = dir.split(path.sep);
    const src = parts.lastIndexOf('src');
    if (src < 0) throw new UnavailableError(`worker ${name}: cannot map ${callerFile} to its compiled file (no src folder in the path)`);
    parts[src] = 'dist';
    target = path.join(parts.join(path.sep), `${name}.js`);
  }
  if (!fs.existsSync(target)) {
    throw new UnavailableError(`worker script ${target} is missing: run \`npm run build\` (tsc -b sdk) first, or pass workers: 0 to train in this thread`);
  }
  return target;
}

/** Workers to use by default: one per core the process may use. */
export function defaultWorkerCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export function checkWorkerCount(option: string, n: number | undefined): number {
  if (n === undefined) return defaultWorkerCount();
  check(Number.isInteger(n) && n >= 0 && n <= 256, option, n, 'an integer in [0, 256] (0: train in the calling thread)');
  return n;
}

interface TaskMessage<T> {
  index: number;
  task: T;
}

type ReplyMessage<R> = { index: number; result: R } | { index: number; error: string };

/**
 * Runs `tasks` on `nWorkers` threads of `script`, each started with `shared` as its
 * workerData (put large inputs in SharedArrayBuffers there). Results come back in task order.
 */
export async function runOnWorkers<T, R>(
  script: string,
  nWorkers: number,
  shared: unknown,
  tasks: readonly T[],
  onDone?: (finished: number) => void,
): Promise<R[]> {
  const count = Math.min(nWorkers, tasks.length);
  if (count === 0) return new Array<R>(tasks.length);
  const pool = new WorkerPool<T, R>(script, count, shared);
  try {
    return await pool.run(tasks, onDone);
  } finally {
    await pool.close();
  }
}

/**
 * Threads of `script` kept alive across runs, so that a caller running many small batches
 * (a reader decoding chunk after chunk, a throughput measurement) pays the threads' start and
 * module loading once. One run at a time; a failed run closes the pool (a worker may be left
 * mid-task), and later runs are refused.
 */
export class WorkerPool<T, R> {
  private readonly workers: Worker[] = [];
  private busy = false;
  private closed = false;
  private failure: Error | undefined;
  /** The current run's handlers; workers forward their events here. */
  private onMessage: ((w: Worker, m: ReplyMessage<R>) => void) | undefined;
  private onFailure: ((e: Error) => void) | undefined;

  constructor(
    readonly script: string,
    readonly size: number,
    shared: unknown = null,
  ) {
    check(Number.isInteger(size) && size >= 1 && size <= 256, 'workers', size, 'an integer in [1, 256]');
    for (let k = 0; k < size; k++) {
      const w = new Worker(script, { workerData: shared });
      w.on('message', (m: ReplyMessage<R>) => this.onMessage?.(w, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`worker ${script} exited with code ${code} before its tasks were done`));
      });
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.onFailure?.(e);
  }

  /** Runs `tasks` on the pool's threads; results in task order. */
  async run(tasks: readonly T[], onDone?: (finished: number) => void): Promise<R[]> {
    if (this.closed || this.failure) throw new Error(`worker pool of ${this.script} is closed${this.failure ? ` after a failure: ${this.failure.message}` : ''}`);
    if (this.busy) throw new Error(`worker pool of ${this.script}: one run at a time`);
    const results = new Array<R>(tasks.length);
    if (tasks.length === 0) return results;
    this.busy = true;
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let finished = 0;
        const feed = (w: Worker) => {
          if (next < tasks.length) {
            const msg: TaskMessage<T> = { index: next, task: tasks[next] };
            next++;
            w.postMessage(msg);
          }
        };
        this.onFailure = reject;
        this.onMessage = (w, m) => {
          if ('error' in m) return this.fail(new Error(`worker task ${m.index}: ${m.error}`));
          results[m.index] = m.result;
          finished++;
          onDone?.(finished);
          if (finished === tasks.length) resolve();
          else feed(w);
        };
        for (const w of this.workers) feed(w);
      });
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      this.onMessage = undefined;
      this.onFailure = undefined;
      this.busy = false;
    }
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A task's result and the buffers to transfer (not copy) back to the caller. */
export interface WorkerReply<R> {
  result: R;
  transfer?: TransferListItem[];
}

/** Worker side: answers each task the pool sends with `handle(task, shared)`. */
export function serveTasks<T, R, S>(handle: (task: T, shared: S) => WorkerReply<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  const shared = workerData as S;
  port.on('message', (m: TaskMessage<T>) => {
    try {
      const reply = handle(m.task, shared);
      port.postMessage({ index: m.index, result: reply.result }, reply.transfer ?? []);
    } catch (e) {
      port.postMessage({ index: m.index, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
}
