// Worker side of the chunk pool (pool.ts): encodes or decodes one chunk per task. Chunk work is
// asynchronous (the codecs' back ends load lazily); serveTasks answers each message when its
// promise settles.

import { serveTasks, type WorkerReply } from '../../util/workers';
import { decodeChunk, encodeChunk } from './chunk';
import type { ChunkResult, ChunkTask } from './pool';

async function handle(task: ChunkTask): Promise<WorkerReply<ChunkResult>> {
  if (task.kind === 'encode') {
    const bytes = await encodeChunk(task.rows, task.ctx);
    return { result: { kind: 'encoded', bytes }, transfer: [bytes.buffer as ArrayBuffer] };
  }
  const rows = await decodeChunk(task.bytes, task.rows, task.anchored, task.what);
  const transfer = [...new Set(rows.columns.map((c) => c.buffer as ArrayBuffer))];
  return { result: { kind: 'decoded', rows }, transfer };
}

serveTasks<ChunkTask, ChunkResult, null>(handle);
