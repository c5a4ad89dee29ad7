// What the paper only modelled: the decompression throughput measured on this machine, on one
// thread and on 1, 2, ... worker threads each decoding its own row shard of the data (a
// training set is read in chunks, so shards are how a reader would parallelise), and the
// speedup each throughput gives over a network link by the same model.

import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { encodeDataset, decodeDataset } from '../container/pipeline';
import type { Dataset } from '../data/dataset';
import type { NormalizedConfig, ReducerConfig } from '../reducers/types';
import { check } from '../util/errors';
import { compiledWorkerPath } from '../util/workers';
import type { ShardReply } from './speedup-worker';

export interface MeasureOptions {
  /** Worker counts to time, each >= 1 (default [1, 2]). */
  workers?: number[];
  /** Timed rounds per setting; the fastest counts (default 3). */
  repeats?: number;
}

export interface WorkerThroughput {
  workers: number;
  /** Original bytes over the wall time from 'go' to the last shard decoded, GB/s. */
  gbps: number;
  seconds: number;
}

export interface DecompressionMeasurement {
  config: ReducerConfig | NormalizedConfig;
  compressionRatio: number;
  /** PSNR of the restored features over all columns (dB; range of all values, MSE of all values). */
  psnr: number;
  originalBytes: number;
  /** One thread (the caller's), the whole container, wall clock: the paper's b_c. */
  singleThreadGBps: number;
  /**
   * The same over the process's CPU time: what an idle core would do. On a loaded machine
   * the wall-clock figure measures the load; this one does not.
   */
  singleThreadCpuGBps: number;
  parallel: WorkerThroughput[];
}

export async function measureDecompression(ds: Dataset, config: ReducerConfig | NormalizedConfig, options: MeasureOptions = {}): Promise<DecompressionMeasurement> {
  const workers = options.workers ?? [1, 2];
  const repeats = options.repeats ?? 3;
  check(workers.length > 0 && workers.every((w) => Number.isInteger(w) && w >= 1 && w <= 256), 'workers', workers, 'a list of integers in [1, 256]');
  check(Number.isInteger(repeats) && repeats >= 1 && repeats <= 100, 'repeats', repeats, 'an integer in [1, 100]');
  check(ds.nRows >= Math.max(...workers), 'workers', workers, `at most ${ds.nRows} (one row per shard at least)`);

  const whole = await encodeDataset(ds, config);
  const restored = (await decodeDataset(whole.bytes)).dataset;
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await decodeDataset(whole.bytes);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (performance.now() - t0) / 1000);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  }
  const parallel: WorkerThroughput[] = [];
  for (const w of workers) {
    const shards = await encodeShards(ds, config, w);
    const seconds = await timeShards(shards, repeats);
    parallel.push({ workers: w, seconds, gbps: ds.featureBytes / 1e9 / seconds });
  }
  return {
    config,
    compressionRatio: whole.stats.compressionRatio,
    psnr: featurePsnr(ds, restored),
    originalBytes: ds.featureBytes,
    singleThreadGBps: ds.featureBytes / 1e9 / best,
    singleThreadCpuGBps: ds.featureBytes / 1e9 / Math.max(bestCpu, 1e-6),
    parallel,
  };
}

/** `n` contiguous row shards of nearly equal size, each reduced on its own. */
async function encodeShards(ds: Dataset, config: ReducerConfig | NormalizedConfig, n: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const lo = Math.floor((k * ds.nRows) / n);
    const hi = Math.floor(((k + 1) * ds.nRows) / n);
    const rows = new Uint32Array(hi - lo);
    for (let i = 0; i < rows.length; i++) rows[i] = lo + i;
    out.push((await encodeDataset(ds.selectRows(rows), config)).bytes);
  }
  return out;
}

/** One worker per shard; the fastest of `repeats` wall times from 'go' to the last reply. */
async function timeShards(shards: Uint8Array[], repeats: number): Promise<number> {
  const script = compiledWorkerPath(__filename, 'speedup-worker');
  const workers = shards.map((container) => new Worker(script, { workerData: { container } }));
  try {
    await Promise.all(workers.map((w) => reply(w, 'ready')));
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const done = Promise.all(workers.map((w) => reply(w, 'done')));
      const t0 = performance.now();
      for (const w of workers) w.postMessage('go');
      await done;
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return best;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function reply(w: Worker, want: 'ready' | 'done'): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ShardReply) => {
      w.off('message', onMessage);
      w.off('error', onError);
      if (m.type === want) resolve();
      else reject(new Error(m.type === 'error' ? `decompression worker: ${m.message}` : `decompression worker sent ${m.type}, expected ${want}`));
    };
    const onError = (e: Error) => {
      w.off('message', onMessage);
      reject(e);
    };
    w.on('message', onMessage);
    w.once('error', onError);
  });
}

/** 20 log10(range / rmse) over every feature value (infinite when exact). */
export function featurePsnr(original: Dataset, restored: Dataset): number {
  check(original.nCols === restored.nCols && original.nRows === restored.nRows, 'restored features', `${restored.nRows} x ${restored.nCols}`, `${original.nRows} x ${original.nCols}`);
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  let n = 0;
  for (let j = 0; j < original.nCols; j++) {
    const a = original.columns[j];
    const b = restored.columns[j];
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v - v !== 0) continue; // NaN and infinities are stored exactly or not at all
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const d = b[i] - v;
      sum += d * d;
      n++;
    }
  }
  if (n === 0 || sum === 0) return Infinity;
  return 20 * Math.log10((hi - lo) / Math.sqrt(sum / n));
}
