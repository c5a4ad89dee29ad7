// Worker-thread side of the parallel decompression measurement: decodes its own row shard
// once to warm up (module loading, JIT), says ready, then decodes it again on each 'go' and
// answers with the seconds it took.

import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeDataset } from '../container/pipeline';

export interface ShardWorkerData {
  container: Uint8Array;
}

export type ShardReply = { type: 'ready' } | { type: 'done'; seconds: number } | { type: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('speedup-worker must run in a worker thread');
const { container } = workerData as ShardWorkerData;

const fail = (e: unknown) => port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies ShardReply);

decodeDataset(container, 'shard').then(() => port.postMessage({ type: 'ready' } satisfies ShardReply), fail);

port.on('message', (m: string) => {
  if (m !== 'go') return;
  const t0 = performance.now();
  decodeDataset(container, 'shard').then(() => port.postMessage({ type: 'done', seconds: (performance.now() - t0) / 1000 } satisfies ShardReply), fail);
});
