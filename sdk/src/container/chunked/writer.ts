// Writes a chunked container: the global ranges first (range-relative methods), then each chunk
// coded independently (on worker threads when asked), framed and followed by the index.

import { bytesPerValue, type Dataset } from '../../data/dataset';
import { normalizeConfig } from '../../reducers/registry';
import type { NormalizedConfig, ReducerConfig } from '../../reducers/types';
import { check } from '../../util/errors';
import { LOSSYML_VERSION } from '../../util/version';
import { checkChunkable, globalRanges, needsRanges, targetWithAnchors, withAnchors } from './anchors';
import type { ChunkContext, ChunkRows } from './chunk';
import { FRAME_BYTES, packFrame, packHeader, packIndex, type ChunkedHeader, type IndexEntry } from './layout';
import { chunkWorkers, runChunkTasks, type ChunkTask } from './pool';

/** Input bytes per chunk aimed at by default: large enough to amortize each chunk's header. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_CHUNK_ROWS = 2 ** 31;

export interface ChunkedOptions {
  /** Rows per chunk (the last may hold fewer); default: DEFAULT_CHUNK_BYTES of input, a multiple of 4 rows. */
  chunkRows?: number;
  /** Worker threads (0: the calling thread); default: one per core. */
  workers?: number;
}

export interface ChunkedResult {
  bytes: Uint8Array;
  header: ChunkedHeader;
  chunks: number;
  /** Bytes of the original feature columns / bytes of the file. */
  originalBytes: number;
  fileBytes: number;
}

/** Rows per chunk by default: about DEFAULT_CHUNK_BYTES of input, rounded down to whole zfp blocks of 4 rows. */
export function defaultChunkRows(nCols: number, dtype: 'float32' | 'float64'): number {
  const rows = Math.floor(DEFAULT_CHUNK_BYTES / Math.max(1, nCols * bytesPerValue(dtype)));
  return Math.max(4, rows - (rows % 4));
}

export async function compressChunked(ds: Dataset, config: ReducerConfig | NormalizedConfig, options: ChunkedOptions = {}): Promise<ChunkedResult> {
  const cfg = normalizeConfig(config);
  checkChunkable(cfg);
  const chunkRows = options.chunkRows ?? defaultChunkRows(ds.nCols, ds.dtype);
  check(Number.isInteger(chunkRows) && chunkRows >= 1 && chunkRows <= MAX_CHUNK_ROWS, 'chunkRows', chunkRows, `an integer in [1, ${MAX_CHUNK_ROWS}]`);
  const workers = chunkWorkers(options.workers);
  const ranges = needsRanges(cfg) ? globalRanges(ds.columns, cfg.layout) : null;
  const header: ChunkedHeader = {
    format: 'lossyml-chunked',
    lossyml: LOSSYML_VERSION,
    config: cfg,
    dtype: ds.dtype,
    nRows: ds.nRows,
    nCols: ds.nCols,
    columns: ds.names,
    target: ds.target ? { name: ds.target.name, kind: ds.target.kind, index: ds.targetIndex ?? ds.nCols } : null,
    dataset: { name: ds.name, ...(ds.source ? { source: ds.source } : {}) },
    chunkRows,
    ranges,
  };
  const ctx: ChunkContext = { name: ds.name, names: ds.names, targetIndex: ds.targetIndex, config: cfg, dtype: ds.dtype };
  const tasks: ChunkTask[] = [];
  for (let start = 0; start < ds.nRows; start += chunkRows) {
    tasks.push({ kind: 'encode', rows: chunkRowsOf(ds, start, Math.min(start + chunkRows, ds.nRows), ranges), ctx });
  }
  const results = await runChunkTasks(tasks, workers);
  const head = packHeader(header);
  const parts: Uint8Array[] = [head];
  const entries: IndexEntry[] = [];
  let at = head.length;
  results.forEach((r, k) => {
    if (r.kind !== 'encoded') throw new Error(`chunk ${k}: the pool returned a ${r.kind} result to an encode task`);
    const frame = packFrame(k, r.bytes);
    entries.push({ offset: at, rows: Math.min(chunkRows, ds.nRows - k * chunkRows), bytes: r.bytes.length, crc: new DataView(frame.buffer).getUint32(8, true) });
    parts.push(frame, r.bytes);
    at += FRAME_BYTES + r.bytes.length;
  });
  parts.push(packIndex(entries, at));
  const bytes = concat(parts);
  return { bytes, header, chunks: entries.length, originalBytes: ds.featureBytes, fileBytes: bytes.length };
}

/** Rows [start, end) as plain copies (a view would carry the whole buffer to a worker), with anchors if ranged. */
function chunkRowsOf(ds: Dataset, start: number, end: number, ranges: [number, number][] | null): ChunkRows {
  if (!ranges) {
    return {
      columns: ds.columns.map((c) => c.slice(start, end)),
      target: !ds.target ? null : ds.target.kind === 'numeric' ? { ...ds.target, values: ds.target.values.slice(start, end) } : { ...ds.target, values: ds.target.values.slice(start, end) },
    };
  }
  // One pair per column (layout columns) or one for the whole matrix.
  const rangeOf = (j: number) => (ranges.length === ds.nCols ? ranges[j] : ranges[0]);
  return {
    columns: ds.columns.map((c, j) => withAnchors(c, start, end, rangeOf(j), ds.dtype)),
    target: ds.target ? targetWithAnchors(ds.target, start, end) : null,
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
