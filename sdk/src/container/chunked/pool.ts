// Runs chunk tasks in the calling thread (workers: 0) or on worker threads. Results come back
// in task order, and a chunk's bytes depend only on its rows and the config, so the output is
// the same whatever the number of workers.

import { checkWorkerCount, compiledWorkerPath, runOnWorkers } from '../../util/workers';
import { FormatError } from '../../util/errors';
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

export async function runChunkTasks(tasks: ChunkTask[], workers: number): Promise<ChunkResult[]> {
  if (workers === 0 || tasks.length <= 1) {
    const out: ChunkResult[] = [];
    for (const t of tasks) out.push(await runHere(t));
    return out;
  }
  const script = compiledWorkerPath(__filename, 'worker');
  try {
    return await runOnWorkers<ChunkTask, ChunkResult>(script, workers, null, tasks);
  } catch (e) {
    // A worker's FormatError arrives as text; keep its class so callers can tell damage from bugs.
    const msg = (e as Error).message;
    const m = /^worker task \d+: FormatError: (.*)$/s.exec(msg);
    throw m ? new FormatError(m[1]) : e;
  }
}
