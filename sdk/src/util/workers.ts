// Worker threads for CPU-bound work (model training, chunk coding): where a compiled worker
// script lives, and one pool that hands tasks to idle workers and gathers results by task
// index, so the outcome never depends on how many workers ran or which finished first.

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
 * module loading once. Threads start as tasks arrive, up to `size`. Tasks go in one by one
 * (submit: a streaming caller keeps a few in flight) or as a batch (run: results in task
 * order, one run at a time; a failed run closes the pool, as a worker may be left mid-task).
 * A thread that dies fails its task and every queued one, and the pool refuses later tasks.
 */
export class WorkerPool<T, R> {
  private readonly threads: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Job<T, R>[] = [];
  private readonly busy = new Map<Worker, Job<T, R>>();
  private submitted = 0;
  private running = false;
  private closed = false;
  private failure: Error | undefined;

  constructor(
    readonly script: string,
    readonly size: number,
    private readonly shared: unknown = null,
  ) {
    check(Number.isInteger(size) && size >= 1 && size <= 256, 'workers', size, 'an integer in [1, 256]');
  }

  /**
   * Runs one task on the next free thread, handing over `transfer` instead of copying it. A
   * task's error rejects its promise only ("worker task <n>: ...", n counting submissions).
   */
  submit(task: T, transfer: readonly TransferListItem[] = []): Promise<R> {
    return this.enqueue(task, this.submitted++, transfer);
  }

  /** Runs `tasks` on the pool's threads; results in task order. */
  async run(tasks: readonly T[], onDone?: (finished: number) => void): Promise<R[]> {
    this.checkOpen();
    if (this.running) throw new Error(`worker pool of ${this.script}: one run at a time`);
    if (tasks.length === 0) return [];
    this.running = true;
    let finished = 0;
    const settled = (r: R) => {
      onDone?.(++finished);
      return r;
    };
    try {
      return await Promise.all(tasks.map((t, i) => this.enqueue(t, i, []).then(settled)));
    } catch (e) {
      this.failure ??= e as Error;
      await this.close();
      throw e;
    } finally {
      this.running = false;
    }
  }

  /** Ends the threads; tasks still queued or running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const e = new Error(`worker pool of ${this.script} was closed before the task finished`);
    for (const job of [...this.queue.splice(0), ...this.busy.values()]) job.reject(e);
    this.busy.clear();
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  private checkOpen(): void {
    if (this.closed || this.failure) throw new Error(`worker pool of ${this.script} is closed${this.failure ? ` after a failure: ${this.failure.message}` : ''}`);
  }

  private enqueue(task: T, index: number, transfer: readonly TransferListItem[]): Promise<R> {
    try {
      this.checkOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ index, task, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Hands queued tasks to idle threads, starting threads while fewer than `size` run. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed && !this.failure) {
      const w = this.idle.pop() ?? (this.threads.length < this.size ? this.start() : undefined);
      if (!w) return;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      const msg: TaskMessage<T> = { index: job.index, task: job.task };
      w.postMessage(msg, job.transfer);
    }
  }

  private start(): Worker {
    const w = new Worker(this.script, { workerData: this.shared });
    w.on('message', (m: ReplyMessage<R>) => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      this.idle.push(w);
      if ('error' in m) job?.reject(new Error(`worker task ${m.index}: ${m.error}`));
      else job?.resolve(m.result);
      this.pump();
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => {
      if (!this.closed) this.fail(w, new Error(`worker ${this.script} exited with code ${code} before its tasks were done`));
    });
    this.threads.push(w);
    return w;
  }

  private fail(w: Worker, e: Error): void {
    this.failure ??= e;
    const job = this.busy.get(w);
    this.busy.delete(w);
    job?.reject(e);
    for (const j of this.queue.splice(0)) j.reject(e);
  }
}

interface Job<T, R> {
  index: number;
  task: T;
  transfer: readonly TransferListItem[];
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

/** A task's result and the buffers to transfer (not copy) back to the caller. */
export interface WorkerReply<R> {
  result: R;
  transfer?: TransferListItem[];
}

/** Worker side: answers each task the pool sends with `handle(task, shared)`, sync or async. */
export function serveTasks<T, R, S>(handle: (task: T, shared: S) => WorkerReply<R> | Promise<WorkerReply<R>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  const shared = workerData as S;
  port.on('message', (m: TaskMessage<T>) => {
    const answer = (reply: WorkerReply<R>) => port.postMessage({ index: m.index, result: reply.result }, reply.transfer ?? []);
    const refuse = (e: unknown) => port.postMessage({ index: m.index, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    try {
      const reply = handle(m.task, shared);
      if (reply instanceof Promise) reply.then(answer).catch(refuse);
      else answer(reply);
    } catch (e) {
      refuse(e);
    }
  });
}
