// Runs chunk tasks in the calling thread (workers: 0) or on worker threads. Results come back
// in task order, and a chunk's bytes depend only on its rows and the config, so the output is
// the same whatever the number of workers. A ChunkPool keeps its threads between reads, for a
// caller that reads batch after batch (training, throughput measurement).

import { Worker } from 'node:worker_threads';
import { WorkerPool, checkWorkerCount, compiledWorkerPath, runOnWorkers } from '../../util/workers';
import { FormatError, UsageError } from '../../util/errors';
import { decodeChunk, encodeChunk, type ChunkContext, type ChunkRows } from './chunk';

export type ChunkTask =
  | { kind: 'encode'; rows: ChunkRows; ctx: ChunkContext }
  | { kind: 'decode'; bytes: Uint8Array; rows: number; anchored: boolean; what: string };

export type ChunkResult = { kind: 'encoded'; bytes: Uint8Array } | { kind: 'decoded'; rows: ChunkRows };

/** Validates a `workers` option (0: the calling thread; default: one per core). */
export function chunkWorkers(n: number | undefined): number {
  return checkWorkerCount('workers', n);
}

async function runHere(task: ChunkTask): Promise<ChunkResult> {
  if (task.kind === 'encode') return { kind: 'encoded', bytes: await encodeChunk(task.rows, task.ctx) };
  return { kind: 'decoded', rows: await decodeChunk(task.bytes, task.rows, task.anchored, task.what) };
}

/** Worker threads for chunk tasks that stay up between calls; close() ends them. */
export interface ChunkPool {
  readonly workers: number;
  close(): Promise<void>;
}

const pools = new WeakMap<ChunkPool, WorkerPool<ChunkTask, ChunkResult>>();

/** Starts `workers` (>= 1) chunk threads; pass the pool as `pool` to readRows / readAll. */
export function openChunkPool(workers: number): ChunkPool {
  const n = chunkWorkers(workers);
  if (n < 1) throw new UsageError('openChunkPool: workers: got 0, expected an integer in [1, 256] (0 threads need no pool: pass workers: 0)');
  const inner = new WorkerPool<ChunkTask, ChunkResult>(compiledWorkerPath(__filename, 'worker'), n);
  const pool: ChunkPool = { workers: n, close: () => inner.close() };
  pools.set(pool, inner);
  return pool;
}

/** Runs the tasks on `pool` when given, else in this thread (workers 0, or a single task) or on fresh threads. */
export async function runChunkTasks(tasks: ChunkTask[], workers: number, pool?: ChunkPool): Promise<ChunkResult[]> {
  const inner = pool ? pools.get(pool) : undefined;
  if (pool && !inner) throw new UsageError('pool: not a pool from openChunkPool');
  if (!inner && (workers === 0 || tasks.length <= 1)) {
    const out: ChunkResult[] = [];
    for (const t of tasks) out.push(await runHere(t));
    return out;
  }
  try {
    return inner ? await inner.run(tasks) : await runOnWorkers<ChunkTask, ChunkResult>(compiledWorkerPath(__filename, 'worker'), workers, null, tasks);
  } catch (e) {
    // A worker's FormatError arrives as text; keep its class so callers can tell damage from bugs.
    const msg = (e as Error).message;
    throw /^worker task \d+: FormatError: /.test(msg) ? workerError(msg) : e;
  }
}

/** Runs chunk tasks one at a time as they come, on a fixed set of threads (streaming). */
export interface ChunkRunner {
  run(task: ChunkTask): Promise<ChunkResult>;
  close(): Promise<void>;
}

/**
 * A runner for tasks handed in one by one (the streaming writer and reader keep only a few in
 * flight, so memory stays bounded). Threads start as tasks arrive, up to `workers`; 0 runs
 * each task in the calling thread.
 */
export function chunkRunner(workers: number): ChunkRunner {
  if (workers === 0) return { run: runHere, close: async () => undefined };
  const script = compiledWorkerPath(__filename, 'worker');
  interface Job {
    task: ChunkTask;
    resolve: (r: ChunkResult) => void;
    reject: (e: unknown) => void;
  }
  const all: Worker[] = [];
  const idle: Worker[] = [];
  const queue: Job[] = [];
  const busy = new Map<Worker, Job>();
  let broken: Error | null = null;
  const fail = (w: Worker, e: Error) => {
    broken ??= e;
    const job = busy.get(w);
    busy.delete(w);
    job?.reject(e);
    for (const j of queue.splice(0)) j.reject(e);
  };
  const start = (): Worker => {
    const w = new Worker(script);
    all.push(w);
    w.on('message', (m: { index: number; result: ChunkResult } | { index: number; error: string }) => {
      const job = busy.get(w);
      busy.delete(w);
      if ('error' in m) job?.reject(workerError(`worker task ${m.index}: ${m.error}`));
      else job?.resolve(m.result);
      idle.push(w);
      pump();
    });
    w.on('error', (e) => fail(w, e));
    w.on('exit', (code) => {
      if (busy.has(w)) fail(w, new Error(`worker ${script} exited with code ${code} during a chunk`));
    });
    return w;
  };
  const pump = () => {
    while (queue.length > 0) {
      const w = idle.pop() ?? (all.length < workers ? start() : undefined);
      if (!w) return;
      const job = queue.shift()!;
      busy.set(w, job);
      w.postMessage({ index: 0, task: job.task }, transferOf(job.task));
    }
  };
  return {
    run(task) {
      if (broken) return Promise.reject(broken);
      return new Promise<ChunkResult>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      });
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

/** A worker's FormatError arrives as text; keep its class so callers can tell damage from bugs. */
function workerError(msg: string): Error {
  const m = /^worker task \d+: FormatError: (.*)$/s.exec(msg);
  return m ? new FormatError(m[1]) : new Error(msg);
}

/** The buffers a task can hand over instead of copying: an encode task's columns are fresh copies. */
function transferOf(task: ChunkTask): ArrayBuffer[] {
  if (task.kind !== 'encode') return [];
  const t = task.rows.target;
  const buffers = task.rows.columns.map((c) => c.buffer as ArrayBuffer);
  if (t && t.kind === 'numeric') buffers.push(t.values.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}
