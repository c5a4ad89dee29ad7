// Worker side of the chunk pool (pool.ts): encodes or decodes one chunk per task. Chunk work is
// asynchronous (the codecs' back ends load lazily), so this answers each message when its
// promise settles, in the reply shape util/workers.ts's runOnWorkers expects.

import { parentPort, type TransferListItem } from 'node:worker_threads';
import { decodeChunk, encodeChunk } from './chunk';
import type { ChunkResult, ChunkTask } from './pool';

const port = parentPort;
if (!port) throw new Error('container/chunked/worker must run in a worker thread');

async function handle(task: ChunkTask): Promise<{ result: ChunkResult; transfer: TransferListItem[] }> {
  if (task.kind === 'encode') {
    const bytes = await encodeChunk(task.rows, task.ctx);
    return { result: { kind: 'encoded', bytes }, transfer: [bytes.buffer as ArrayBuffer] };
  }
  const rows = await decodeChunk(task.bytes, task.rows, task.anchored, task.what);
  const transfer = [...new Set(rows.columns.map((c) => c.buffer as ArrayBuffer))];
  return { result: { kind: 'decoded', rows }, transfer };
}

port.on('message', (m: { index: number; task: ChunkTask }) => {
  handle(m.task).then(
    (r) => port.postMessage({ index: m.index, result: r.result }, r.transfer),
    (e: unknown) => port.postMessage({ index: m.index, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
  );
});
