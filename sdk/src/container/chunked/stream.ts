// The chunked writer and reader with bounded memory: rows come from a TableSource block by
// block, at most a few chunks are in flight on the workers, and the output goes out frame by
// frame as the chunks finish, in order. compressChunked (in memory) runs the same code, so a
// streamed file and an in-memory one are the same bytes.

import type { FileHandle } from 'node:fs/promises';
import { bytesPerValue } from '../../data/dataset';
import { writeAtomically, type AtomicFileOptions } from '../../data/file-sink';
import { blockRows as rowsIn, sliceBlock, type RowBlock, type TableInfo, type TableSource } from '../../data/table-source';
import { getReducer, normalizeConfig } from '../../reducers/registry';
import type { NormalizedConfig, ReducerConfig } from '../../reducers/types';
import { DataError, check } from '../../util/errors';
import { LOSSYML_VERSION } from '../../util/version';
import { needsRanges, rangesFor, RangeScanner, targetWithAnchors, withAnchors, type FiniteRange } from './anchors';
import type { ChunkContext, ChunkRows } from './chunk';
import { FRAME_BYTES, packFrame, packHeader, packIndex, type ChunkedHeader, type IndexEntry } from './layout';
import { chunkRunner, chunkWorkers, type ChunkResult, type ChunkTask } from './pool';
import { openChunked, readChunkBytes } from './reader';
import { keptRowsSource } from './sampled';
import { fileSource } from './source';

/** Input bytes per chunk aimed at by default: large enough to amortize each chunk's header. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_CHUNK_ROWS = 2 ** 31;

export interface ChunkedOptions {
  /** Rows per chunk (the last may hold fewer); default: DEFAULT_CHUNK_BYTES of input, a multiple of 4 rows. */
  chunkRows?: number;
  /** Worker threads (0: the calling thread); default: one per core. */
  workers?: number;
}

export interface StreamOptions extends ChunkedOptions {
  /**
   * Each column's finite range when a first pass over the source already gathered it (see
   * RangeScanner; openCsvSource's firstPass); otherwise range-relative methods read the source
   * once more for it.
   */
  ranges?: FiniteRange[];
  /** Chunks coded or decoded at once (default: 2 per worker, at least 2): what bounds memory. */
  inFlight?: number;
}

export interface StreamResult {
  header: ChunkedHeader;
  chunks: number;
  /** Bytes of the original feature columns (all rows, as a single container counts them), and of the container written. */
  originalBytes: number;
  /** Samplers: the rows kept (the header's nRows) of the source's rows. */
  rowsKept?: number;
  fileBytes: number;
}

/** Rows per chunk by default: about DEFAULT_CHUNK_BYTES of input, rounded down to whole zfp blocks of 4 rows. */
export function defaultChunkRows(nCols: number, dtype: 'float32' | 'float64'): number {
  const rows = Math.floor(DEFAULT_CHUNK_BYTES / Math.max(1, nCols * bytesPerValue(dtype)));
  return Math.max(4, rows - (rows % 4));
}

const inFlightOf = (o: StreamOptions, workers: number) => {
  const n = o.inFlight ?? Math.max(2, 2 * workers);
  check(Number.isInteger(n) && n >= 1, 'inFlight', n, 'an integer >= 1');
  return n;
};

/** Writes the chunked container of `source` through `write` (called in file order), chunk by chunk. */
export async function streamChunked(source: TableSource, config: ReducerConfig | NormalizedConfig, options: StreamOptions, write: (bytes: Uint8Array) => Promise<void>): Promise<StreamResult> {
  const cfg = normalizeConfig(config);
  const all = source.info;
  // A sampler picks the kept rows once, for the whole table; the chunks store those rows as they are.
  const reducer = getReducer(cfg.id);
  const kept = reducer.kind === 'sampler' ? reducer.selectRows(all.nRows, cfg) : null;
  if (kept) source = keptRowsSource(source, kept);
  const chunkConfig = kept ? normalizeConfig({ id: 'none', layout: cfg.layout }) : cfg;
  const info = source.info;
  const nCols = info.names.length;
  const chunkRows = options.chunkRows ?? defaultChunkRows(nCols, info.dtype);
  check(Number.isInteger(chunkRows) && chunkRows >= 1 && chunkRows <= MAX_CHUNK_ROWS, 'chunkRows', chunkRows, `an integer in [1, ${MAX_CHUNK_ROWS}]`);
  const workers = chunkWorkers(options.workers);
  const inFlight = inFlightOf(options, workers);
  const ranges = needsRanges(cfg) ? rangesFor(options.ranges ?? (await scanRanges(source, chunkRows)), cfg.layout) : null;
  const header = headerOf(info, cfg, chunkRows, ranges);
  const ctx: ChunkContext = { name: info.name, names: info.names, targetIndex: info.target?.index, config: chunkConfig, dtype: info.dtype };
  const head = packHeader(header);
  await write(head);
  const entries: IndexEntry[] = [];
  let at = head.length;
  const put = async (r: ChunkResult, rows: number) => {
    if (r.kind !== 'encoded') throw new Error(`chunk ${entries.length}: the pool returned a ${r.kind} result to an encode task`);
    const frame = packFrame(entries.length, r.bytes);
    entries.push({ offset: at, rows, bytes: r.bytes.length, crc: new DataView(frame.buffer).getUint32(8, true) });
    await write(frame);
    await write(r.bytes);
    at += FRAME_BYTES + r.bytes.length;
  };
  const what = info.source ?? info.name;
  let k = 0;
  /** A block must hold the rows its chunk covers: a file that changed between passes must not make a corrupt index. */
  const job = (block: RowBlock) => {
    const rows = rowsIn(block);
    const want = Math.min(chunkRows, info.nRows - k * chunkRows);
    if (rows !== want) throw new DataError(`${what}: chunk ${k} got ${rows} rows from the input, expected ${want} (did the file change while it was read?)`);
    k++;
    return { task: { kind: 'encode', rows: anchored(block, ranges, nCols, info), ctx } as ChunkTask, rows };
  };
  const runner = chunkRunner(workers);
  try {
    await inOrder(
      mapBlocks(source.blocks(chunkRows), job),
      (job) => runner.run(job.task),
      inFlight,
      (r, job) => put(r, job.rows),
    );
  } finally {
    await runner.close();
  }
  const expected = Math.ceil(info.nRows / chunkRows);
  if (entries.length !== expected) throw new DataError(`${what}: the input gave ${entries.length} chunks, its ${info.nRows} rows need ${expected} (did the file change while it was read?)`);
  const index = packIndex(entries, at);
  await write(index);
  return { header, chunks: entries.length, originalBytes: all.nRows * nCols * bytesPerValue(info.dtype), fileBytes: at + index.length, ...(kept ? { rowsKept: kept.length } : {}) };
}

/** streamChunked into a file, published whole or not at all (a temp file renamed at the end). */
export async function compressChunkedToFile(source: TableSource, config: ReducerConfig | NormalizedConfig, file: string, options: StreamOptions & AtomicFileOptions = {}): Promise<StreamResult> {
  return writeAtomically(file, (out) => streamChunked(source, config, options, (b) => out.append(b)), options);
}

async function scanRanges(source: TableSource, rows: number): Promise<FiniteRange[]> {
  const scanner = new RangeScanner();
  for await (const block of source.blocks(rows)) scanner.visit(block);
  return scanner.ranges() ?? source.info.names.map(() => ({ min: 0, max: 0, finite: 0 }));
}

function headerOf(info: TableInfo, cfg: NormalizedConfig, chunkRows: number, ranges: [number, number][] | null): ChunkedHeader {
  return {
    format: 'lossyml-chunked',
    lossyml: LOSSYML_VERSION,
    config: cfg,
    dtype: info.dtype,
    nRows: info.nRows,
    nCols: info.names.length,
    columns: info.names,
    target: info.target,
    dataset: { name: info.name, ...(info.source ? { source: info.source } : {}) },
    chunkRows,
    ranges,
  };
}

/** A block as a chunk's rows: with the two anchor rows appended when the method is range-relative. */
function anchored(block: RowBlock, ranges: [number, number][] | null, nCols: number, info: TableInfo): ChunkRows {
  if (!ranges) return block;
  const n = rowsIn(block);
  const rangeOf = (j: number) => (ranges.length === nCols ? ranges[j] : ranges[0]);
  return {
    columns: block.columns.map((c, j) => withAnchors(c, 0, n, rangeOf(j), info.dtype)),
    target: block.target ? targetWithAnchors(block.target, 0, n) : null,
  };
}

async function* mapBlocks<T>(blocks: AsyncIterable<RowBlock>, f: (b: RowBlock) => T): AsyncGenerator<T> {
  for await (const b of blocks) yield f(b);
}

/**
 * Runs `run` on each item with at most `limit` running, and hands the results to `take` in
 * item order. A failure stops the intake; the results still pending are awaited (and their
 * failures ignored) so nothing is left running or unhandled.
 */
export async function inOrder<T, R>(items: AsyncIterable<T>, run: (item: T) => Promise<R>, limit: number, take: (r: R, item: T) => Promise<void>): Promise<void> {
  const pending: { item: T; result: Promise<R> }[] = [];
  try {
    for await (const item of items) {
      const result = run(item);
      result.catch(() => undefined);
      pending.push({ item, result });
      while (pending.length >= limit) {
        const p = pending.shift()!;
        await take(await p.result, p.item);
      }
    }
    while (pending.length > 0) {
      const p = pending.shift()!;
      await take(await p.result, p.item);
    }
  } finally {
    await Promise.allSettled(pending.map((p) => p.result));
  }
}

/** Options of decodeChunkedRows. */
export interface DecodeStreamOptions {
  workers?: number;
  inFlight?: number;
}

/**
 * Rows [start, end) of a chunked container in a file, as consecutive blocks (one per chunk
 * touched), decoded with at most `inFlight` chunks in memory at once.
 */
export async function* decodeChunkedRows(handle: FileHandle, start: number, end: number, what: string, options: DecodeStreamOptions = {}): AsyncGenerator<RowBlock> {
  const reader = await openChunked(handle, what);
  const { header, chunks: entries } = reader;
  check(Number.isInteger(start) && start >= 0 && start <= header.nRows, 'start row', start, `an integer in [0, ${header.nRows}]`);
  check(Number.isInteger(end) && end >= start && end <= header.nRows, 'end row', end, `an integer in [${start}, ${header.nRows}]`);
  const workers = options.workers === undefined ? chunkWorkers(undefined) : chunkWorkers(options.workers);
  const inFlight = inFlightOf(options, workers);
  const src = await fileSource(handle);
  const ks: number[] = [];
  for (let k = Math.floor(start / header.chunkRows); k * header.chunkRows < end; k++) ks.push(k);
  const runner = chunkRunner(workers);
  const anchoredChunks = header.ranges !== null;
  async function* tasks() {
    for (const k of ks) {
      const bytes = await readChunkBytes(src, header, k, entries[k], what);
      yield { k, task: { kind: 'decode', bytes, rows: entries[k].rows, anchored: anchoredChunks, what: `${what}: chunk ${k}` } as ChunkTask };
    }
  }
  try {
    const it = tasks()[Symbol.asyncIterator]();
    const pending: { k: number; result: Promise<ChunkResult> }[] = [];
    try {
      for (;;) {
        while (pending.length < inFlight) {
          const next = await it.next();
          if (next.done) break;
          const result = runner.run(next.value.task);
          result.catch(() => undefined);
          pending.push({ k: next.value.k, result });
        }
        const p = pending.shift();
        if (!p) break;
        const r = await p.result;
        if (r.kind !== 'decoded') throw new Error(`chunk ${p.k}: the pool returned a ${r.kind} result to a decode task`);
        const first = p.k * header.chunkRows;
        yield sliceRows(r.rows, Math.max(start, first) - first, Math.min(end, first + entries[p.k].rows) - first);
      }
    } finally {
      await Promise.allSettled(pending.map((p) => p.result));
    }
  } finally {
    await runner.close();
  }
}

function sliceRows(rows: ChunkRows, from: number, to: number): RowBlock {
  return from === 0 && to === rowsIn(rows) ? rows : sliceBlock(rows, from, to);
}
