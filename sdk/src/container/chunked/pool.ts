// Runs chunk tasks in the calling thread (workers: 0) or on worker threads. Results come back
// in task order, and a chunk's bytes depend only on its rows and the config, so the output is
// the same whatever the number of workers. A ChunkPool keeps its threads between reads, for a
// caller that reads batch after batch (training, throughput measurement).

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
  const inner = new WorkerPool<ChunkTask, ChunkResult>(chunkScript(), n);
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
    return inner ? await inner.run(tasks) : await runOnWorkers<ChunkTask, ChunkResult>(chunkScript(), workers, null, tasks);
  } catch (e) {
    throw workerError(e);
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
  const pool = new WorkerPool<ChunkTask, ChunkResult>(chunkScript(), workers);
  return {
    run: (task) =>
      pool.submit(task, transferOf(task)).catch((e: unknown) => {
        throw workerError(e);
      }),
    close: () => pool.close(),
  };
}

function chunkScript(): string {
  return compiledWorkerPath(__filename, 'worker');
}

/** A worker's FormatError arrives as text; keep its class so callers can tell damage from bugs. */
function workerError(e: unknown): unknown {
  const m = e instanceof Error ? /^worker task \d+: FormatError: (.*)$/s.exec(e.message) : null;
  return m ? new FormatError(m[1]) : e;
}

/** The buffers a task can hand over instead of copying: an encode task's columns are fresh copies. */
function transferOf(task: ChunkTask): ArrayBuffer[] {
  if (task.kind !== 'encode') return [];
  const t = task.rows.target;
  const buffers = task.rows.columns.map((c) => c.buffer as ArrayBuffer);
  if (t && t.kind === 'numeric') buffers.push(t.values.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}
