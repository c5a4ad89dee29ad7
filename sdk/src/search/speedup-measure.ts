// What the paper only modelled: the decompression throughput measured on this machine, on one
// thread and through the chunked container (container/chunked) decoded by a pool of 1, 2, ...
// worker threads, the way a training job reads a set larger than memory; and the speedup each
// throughput gives over a network link by the same model.

import { performance } from 'node:perf_hooks';
import { compressChunked, openChunkPool, openChunked } from '../container/chunked';
import { encodeDataset, decodeDataset } from '../container/pipeline';
import type { Dataset } from '../data/dataset';
import type { NormalizedConfig, ReducerConfig } from '../reducers/types';
import { check } from '../util/errors';

/** Untimed whole reads on a fresh pool before the timed ones. */
const WARM_UP_READS = 2;

export interface MeasureOptions {
  /** Worker counts to time, each >= 1 (default [1, 2]). */
  workers?: number[];
  /** Timed rounds per setting; the fastest counts (default 3). */
  repeats?: number;
  /** Chunks per worker of the largest count (default 4): enough for an even share at each count. */
  chunksPerWorker?: number;
}

export interface WorkerThroughput {
  workers: number;
  /** Original bytes over the wall time of reading the whole chunked container on the pool, GB/s. */
  gbps: number;
  seconds: number;
  /**
   * Original bytes over the process's CPU time for the read (every thread's), GB/s: the work
   * the read costs, whatever the load. Equal across worker counts when threads add no overhead.
   */
  cpuGBps: number;
}

export interface ChunkedLayout {
  chunks: number;
  chunkRows: number;
  /** Original feature bytes over the chunked file's bytes less its target streams (as C, chunk headers included). */
  ratio: number;
  fileBytes: number;
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
  /** The chunked container the worker counts read. */
  chunked: ChunkedLayout;
  parallel: WorkerThroughput[];
}

export async function measureDecompression(ds: Dataset, config: ReducerConfig | NormalizedConfig, options: MeasureOptions = {}): Promise<DecompressionMeasurement> {
  const workers = options.workers ?? [1, 2];
  const repeats = options.repeats ?? 3;
  const perWorker = options.chunksPerWorker ?? 4;
  check(workers.length > 0 && workers.every((w) => Number.isInteger(w) && w >= 1 && w <= 256), 'workers', workers, 'a list of integers in [1, 256]');
  check(Number.isInteger(repeats) && repeats >= 1 && repeats <= 100, 'repeats', repeats, 'an integer in [1, 100]');
  check(Number.isInteger(perWorker) && perWorker >= 1 && perWorker <= 64, 'chunksPerWorker', perWorker, 'an integer in [1, 64]');
  const most = Math.max(...workers);
  // Whole zfp blocks of 4 rows per chunk, and at least one chunk per worker.
  const chunkRows = Math.max(4, Math.ceil(ds.nRows / (most * perWorker) / 4) * 4);
  check(Math.ceil(ds.nRows / chunkRows) >= most, 'workers', workers, `at most ${Math.ceil(ds.nRows / chunkRows)} (chunks of at least 4 rows: one per worker at least)`);

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
  const file = await compressChunked(ds, config, { chunkRows, workers: 0 });
  const sizes = await (await openChunked(file.bytes)).summarize();
  const parallel: WorkerThroughput[] = [];
  for (const w of workers) {
    const t = await timeChunkedRead(file.bytes, w, repeats);
    parallel.push({ workers: w, seconds: t.seconds, gbps: ds.featureBytes / 1e9 / t.seconds, cpuGBps: ds.featureBytes / 1e9 / Math.max(t.cpuSeconds, 1e-6) });
  }
  return {
    config,
    compressionRatio: whole.stats.compressionRatio,
    psnr: featurePsnr(ds, restored),
    originalBytes: ds.featureBytes,
    singleThreadGBps: ds.featureBytes / 1e9 / best,
    singleThreadCpuGBps: ds.featureBytes / 1e9 / Math.max(bestCpu, 1e-6),
    chunked: { chunks: file.chunks, chunkRows, ratio: sizes.compressionRatio ?? 0, fileBytes: file.fileBytes },
    parallel,
  };
}

/**
 * The fastest of `repeats` wall times to read the whole chunked container on a pool of `w`
 * threads, after untimed reads that start the threads, load their codecs and let the JIT
 * compile the decoders (a fresh thread's first decodes run several times slower).
 */
async function timeChunkedRead(bytes: Uint8Array, w: number, repeats: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const reader = await openChunked(bytes);
  const pool = openChunkPool(w);
  try {
    for (let r = 0; r < WARM_UP_READS; r++) await reader.readAll({ pool });
    let best = Infinity;
    let bestCpu = Infinity;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await reader.readAll({ pool });
      const c = process.cpuUsage(c0);
      best = Math.min(best, (performance.now() - t0) / 1000);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
    }
    return { seconds: best, cpuSeconds: bestCpu };
  } finally {
    await pool.close();
  }
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
