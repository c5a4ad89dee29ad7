// Reads a chunked container: the header, footer and index first, then only the chunks a row
// range touches (from memory or from a file at offsets). Every check names the chunk, its rows
// and its byte offset; salvage decodes every complete, checksummed chunk of a damaged file.

import type { FileHandle } from 'node:fs/promises';
import { Dataset, allocColumn, bytesPerValue, type FloatColumn, type Target } from '../../data/dataset';
import { unpackContainer } from '../format';
import { storedExactlyOf } from '../pipeline';
import { crc32 } from '../../util/crc32';
import { FormatError, LossymlError, check } from '../../util/errors';
import type { ChunkRows } from './chunk';
import { FOOTER_BYTES, ENTRY_BYTES, FRAME_BYTES, PREFIX_BYTES, parseFooter, parseFrame, parseHeader, parseIndex, parsePrefix, type ChunkedHeader, type IndexEntry } from './layout';
import { chunkWorkers, runChunkTasks, type ChunkPool, type ChunkTask } from './pool';
import { bytesSource, fileSource, type ByteSource } from './source';

export interface ReadOptions {
  /** Worker threads decoding the chunks (0: the calling thread). readRows: default 0; readAll: one per core. */
  workers?: number;
  /** Threads kept between reads (openChunkPool); when given, `workers` is not used. */
  pool?: ChunkPool;
}

export interface ChunkedReader {
  readonly header: ChunkedHeader;
  readonly chunks: readonly IndexEntry[];
  /** Rows [start, end) restored, decoding only the chunks they touch. */
  readRows(start: number, end: number, options?: ReadOptions): Promise<Dataset>;
  readAll(options?: ReadOptions): Promise<Dataset>;
  /** Sizes and exact-value counts summed over the chunks, from their headers (one chunk in memory at a time). */
  summarize(): Promise<ChunkedSummary>;
}

/** What the chunks hold together: the sums of what inspect says of a single container. */
export interface ChunkedSummary {
  /** Bytes of the original feature columns (rows x columns x value size). */
  originalBytes: number;
  /** Bytes of the whole file, and of the chunks' target streams. */
  fileBytes: number;
  targetBytes: number;
  /** Original feature bytes over the file's bytes less its target streams (as inspect's ratio of a single container). */
  compressionRatio: number | null;
  /**
   * Finite values the method could not represent and stored exactly, summed over the chunks.
   * Counted by each chunk's codec over what it coded, anchor rows included (anchors.ts).
   */
  storedExactly: number;
  /** Per chunk, in order. */
  perChunk: { rows: number; bytes: number; targetBytes: number; storedExactly: number }[];
}

export interface SalvageResult {
  header: ChunkedHeader;
  /** The recovered rows, in order (the lost ones left out). */
  dataset: Dataset;
  /** Row ranges [start, end) recovered and lost. */
  recovered: [number, number][];
  lost: [number, number][];
  /** What was wrong, one line per damaged or missing part. */
  problems: string[];
}

type Input = Uint8Array | FileHandle;
const sourceOf = (input: Input): Promise<ByteSource> => (input instanceof Uint8Array ? Promise.resolve(bytesSource(input)) : fileSource(input));

/** The rows chunk k should hold. */
const rowsOf = (h: ChunkedHeader, k: number) => Math.min(h.chunkRows, h.nRows - k * h.chunkRows);
const chunkCount = (h: ChunkedHeader) => Math.ceil(h.nRows / h.chunkRows);
const where = (what: string, h: ChunkedHeader, k: number, offset: number) =>
  `${what}: chunk ${k} (rows ${k * h.chunkRows}..${k * h.chunkRows + rowsOf(h, k) - 1}) at byte ${offset}`;

/** The header, and where the first frame starts (just after the header's checksum). */
async function readHeader(src: ByteSource, what: string): Promise<{ header: ChunkedHeader; dataStart: number }> {
  const h = parsePrefix(await src.read(0, Math.min(PREFIX_BYTES, src.size), what), src.size, what);
  return { header: parseHeader(await src.read(0, PREFIX_BYTES + h + 4, what), h, what), dataStart: PREFIX_BYTES + h + 4 };
}

async function readIndex(src: ByteSource, header: ChunkedHeader, dataStart: number, what: string): Promise<IndexEntry[]> {
  if (src.size < dataStart + FOOTER_BYTES) throw new FormatError(`${what}: ${src.size} bytes cannot hold a footer after the header (truncated; salvage reads the complete chunks)`);
  const footer = parseFooter(await src.read(src.size - FOOTER_BYTES, FOOTER_BYTES, what), src.size, what);
  const entries = parseIndex(await src.read(footer.indexOffset, footer.count * ENTRY_BYTES, what), footer.count, footer.crc, footer.indexOffset, what);
  if (entries.length !== chunkCount(header)) throw new FormatError(`${what}: index lists ${entries.length} chunks, the header's ${header.nRows} rows by ${header.chunkRows} need ${chunkCount(header)}`);
  let at = dataStart;
  entries.forEach((e, k) => {
    if (e.offset !== at) throw new FormatError(`${what}: index entry ${k} puts chunk ${k} at byte ${e.offset}, expected ${at} (corrupted)`);
    if (e.rows !== rowsOf(header, k)) throw new FormatError(`${what}: index entry ${k} says ${e.rows} rows, expected ${rowsOf(header, k)} (corrupted)`);
    at += FRAME_BYTES + e.bytes;
  });
  if (at !== footer.indexOffset) throw new FormatError(`${what}: the chunks end at byte ${at} but the index starts at ${footer.indexOffset} (corrupted)`);
  return entries;
}

/** Reads chunk k's frame and bytes and checks them against its index entry. */
export async function readChunkBytes(src: ByteSource, header: ChunkedHeader, k: number, e: IndexEntry, what: string): Promise<Uint8Array> {
  const at = where(what, header, k, e.offset);
  const all = await src.read(e.offset, FRAME_BYTES + e.bytes, at);
  const frame = parseFrame(all.subarray(0, FRAME_BYTES));
  if (frame.k !== k || frame.bytes !== e.bytes || frame.crc !== e.crc) throw new FormatError(`${at}: frame says chunk ${frame.k} of ${frame.bytes} bytes, the index chunk ${k} of ${e.bytes} (corrupted)`);
  const bytes = all.subarray(FRAME_BYTES);
  if (crc32(bytes) !== e.crc) throw new FormatError(`${at}: checksum mismatch (corrupted)`);
  return bytes;
}

async function decodeChunks(src: ByteSource, header: ChunkedHeader, ks: number[], entries: readonly IndexEntry[], workers: number, what: string, pool?: ChunkPool): Promise<ChunkRows[]> {
  const tasks: ChunkTask[] = [];
  for (const k of ks) {
    const bytes = await readChunkBytes(src, header, k, entries[k], what);
    // A worker gets its own copy: a view would carry the whole file's buffer.
    tasks.push({ kind: 'decode', bytes: workers > 0 || pool ? bytes.slice() : bytes, rows: entries[k].rows, anchored: header.ranges !== null, what: where(what, header, k, entries[k].offset) });
  }
  const results = await runChunkTasks(tasks, workers, pool);
  return results.map((r, i) => {
    if (r.kind !== 'decoded') throw new Error(`chunk ${ks[i]}: the pool returned a ${r.kind} result to a decode task`);
    return r.rows;
  });
}

/** Rows [start, end) of the table out of the decoded chunks `parts`, whose first rows are `firsts`. */
function assemble(header: ChunkedHeader, parts: ChunkRows[], firsts: number[], ranges: [number, number][]): Dataset {
  const n = ranges.reduce((a, [s, e]) => a + e - s, 0);
  const columns: FloatColumn[] = header.columns.map(() => allocColumn(header.dtype, n));
  const numeric = header.target?.kind === 'numeric' ? new Float64Array(n) : null;
  const labels: string[] = [];
  let out = 0;
  parts.forEach((p, i) => {
    const [s, e] = ranges[i];
    const from = s - firsts[i];
    const to = e - firsts[i];
    p.columns.forEach((c, j) => columns[j].set(c.subarray(from, to), out));
    const t = p.target;
    if (t && t.kind === 'numeric' && numeric) numeric.set(t.values.subarray(from, to), out);
    else if (t && t.kind === 'label') for (let r = from; r < to; r++) labels.push(t.values[r]);
    out += e - s;
  });
  const info = header.target;
  const target: Target | undefined = !info ? undefined : numeric ? { name: info.name, kind: 'numeric', values: numeric } : { name: info.name, kind: 'label', values: labels };
  return new Dataset({ name: header.dataset.name, names: header.columns, columns, target, targetIndex: info?.index, source: header.dataset.source });
}

/** Opens a chunked container (bytes, or an open file read at offsets) and checks its header and index. */
export async function openChunked(input: Input, what = 'chunked container'): Promise<ChunkedReader> {
  const src = await sourceOf(input);
  const { header, dataStart } = await readHeader(src, what);
  const entries = await readIndex(src, header, dataStart, what);
  const readRows = async (start: number, end: number, options: ReadOptions = {}): Promise<Dataset> => {
    check(Number.isInteger(start) && start >= 0 && start <= header.nRows, 'start row', start, `an integer in [0, ${header.nRows}]`);
    check(Number.isInteger(end) && end >= start && end <= header.nRows, 'end row', end, `an integer in [${start}, ${header.nRows}]`);
    const workers = options.workers === undefined ? 0 : chunkWorkers(options.workers);
    const ks: number[] = [];
    for (let k = Math.floor(start / header.chunkRows); k * header.chunkRows < end; k++) ks.push(k);
    const parts = await decodeChunks(src, header, ks, entries, workers, what, options.pool);
    const firsts = ks.map((k) => k * header.chunkRows);
    const ranges = ks.map((k, i): [number, number] => [Math.max(start, firsts[i]), Math.min(end, firsts[i] + entries[k].rows)]);
    return assemble(header, parts, firsts, ranges);
  };
  const summarize = async (): Promise<ChunkedSummary> => {
    const perChunk: ChunkedSummary['perChunk'] = [];
    for (let k = 0; k < entries.length; k++) {
      const at = where(what, header, k, entries[k].offset);
      const parsed = unpackContainer(await readChunkBytes(src, header, k, entries[k], what), at);
      const h = parsed.header;
      perChunk.push({ rows: entries[k].rows, bytes: parsed.totalBytes, targetBytes: parsed.targetBytes, storedExactly: storedExactlyOf(h.codecMeta) });
    }
    const originalBytes = header.nRows * header.nCols * bytesPerValue(header.dtype);
    const targetBytes = perChunk.reduce((a, c) => a + c.targetBytes, 0);
    const stored = src.size - targetBytes;
    return {
      originalBytes,
      fileBytes: src.size,
      targetBytes,
      compressionRatio: stored > 0 ? originalBytes / stored : null,
      storedExactly: perChunk.reduce((a, c) => a + c.storedExactly, 0),
      perChunk,
    };
  };
  return { header, chunks: entries, readRows, summarize, readAll: (options = {}) => readRows(0, header.nRows, { workers: chunkWorkers(options.workers), pool: options.pool }) };
}

/**
 * Decodes every complete, checksummed chunk of a damaged or truncated container and says which
 * rows were lost. The index is used when it is whole; otherwise the frames are walked from the
 * header. Only a damaged header (nothing says what the chunks are) is refused.
 */
export async function salvageChunked(input: Input, what = 'chunked container'): Promise<SalvageResult> {
  const src = await sourceOf(input);
  const { header, dataStart } = await readHeader(src, what);
  const problems: string[] = [];
  let entries: IndexEntry[];
  try {
    entries = await readIndex(src, header, dataStart, what);
  } catch (e) {
    if (!(e instanceof LossymlError)) throw e;
    problems.push(e.message);
    entries = await walkFrames(src, header, dataStart, what, problems);
  }
  const parts: ChunkRows[] = [];
  const firsts: number[] = [];
  const recovered: [number, number][] = [];
  for (let k = 0; k < entries.length; k++) {
    try {
      const [rows] = await decodeChunks(src, header, [k], entries, 0, what);
      parts.push(rows);
      firsts.push(k * header.chunkRows);
      recovered.push([k * header.chunkRows, k * header.chunkRows + entries[k].rows]);
    } catch (e) {
      if (!(e instanceof LossymlError)) throw e;
      problems.push(e.message);
    }
  }
  const dataset = assemble(header, parts, firsts, recovered);
  return { header, dataset, recovered: merge(recovered), lost: complement(merge(recovered), header.nRows), problems };
}

/** The chunks whose frames can be followed from the header, up to the first that is cut or not in sequence. */
async function walkFrames(src: ByteSource, header: ChunkedHeader, dataStart: number, what: string, problems: string[]): Promise<IndexEntry[]> {
  const entries: IndexEntry[] = [];
  let at = dataStart;
  for (let k = 0; k < chunkCount(header); k++) {
    if (at + FRAME_BYTES > src.size) {
      problems.push(`${where(what, header, k, at)}: missing (the file ends at byte ${src.size})`);
      break;
    }
    const frame = parseFrame(await src.read(at, FRAME_BYTES, what));
    if (frame.k !== k || at + FRAME_BYTES + frame.bytes > src.size) {
      problems.push(`${where(what, header, k, at)}: frame of chunk ${frame.k}, ${frame.bytes} bytes, is cut or out of sequence (the file ends at byte ${src.size})`);
      break;
    }
    entries.push({ offset: at, rows: rowsOf(header, k), bytes: frame.bytes, crc: frame.crc });
    at += FRAME_BYTES + frame.bytes;
  }
  return entries;
}

function merge(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of ranges) {
    const last = out[out.length - 1];
    if (last && last[1] === s) last[1] = e;
    else out.push([s, e]);
  }
  return out;
}

function complement(ranges: [number, number][], n: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push([at, s]);
    at = e;
  }
  if (at < n) out.push([at, n]);
  return out;
}
