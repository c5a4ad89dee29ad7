// The chunked .lml layout: a header, then one frame per chunk (each chunk is a whole single
// container of its row range, format.ts), then an index and a fixed footer that points to it.
// All integers little-endian; offsets are 64-bit (two u32 halves), so files may pass 4 GB.
//
//   0    8 bytes  magic 89 4C 4D 43 0D 0A 1A 0A ("\x89LMC\r\n\x1a\n"; the single container has "LML")
//   8    u16 major (1), u16 minor (0); 12 u32 H; 16 H bytes JSON header (ChunkedHeader); u32 CRC-32 of [0, 16+H)
//   ...  frames: u32 chunk number, u32 byte length L, u32 CRC-32 of the chunk, then L bytes
//   ...  index: per chunk u64 frame offset, u32 rows, u32 byte length, u32 CRC-32 (20 bytes)
//   end  footer (24 bytes): u64 index offset, u32 chunk count, u32 CRC-32 of the index, 8-byte end mark
//
// The frames make a truncated file readable without its index (salvage); the index lets any
// chunk be read alone. Chunk k holds rows [k x chunkRows, min((k+1) x chunkRows, nRows)).

import { crc32 } from '../../util/crc32';
import { FormatError } from '../../util/errors';
import type { NormalizedConfig } from '../../reducers/types';
import { storedConfig } from '../stored-config';
import { needsRanges } from './anchors';

export const CHUNKED_MAGIC = Uint8Array.from([0x89, 0x4c, 0x4d, 0x43, 0x0d, 0x0a, 0x1a, 0x0a]);
export const END_MARK = Uint8Array.from([0x89, 0x4c, 0x4d, 0x43, 0x45, 0x4e, 0x44, 0x0a]);
export const CHUNKED_MAJOR = 1;
export const CHUNKED_MINOR = 0;
export const PREFIX_BYTES = 16;
export const FRAME_BYTES = 12;
export const ENTRY_BYTES = 20;
export const FOOTER_BYTES = 24;
const MAX_HEADER = 64 * 1024 * 1024;
/** The single-container format version the chunks of chunked format 1.x are written in. */
const CHUNK_CONTAINER_VERSION = '2.0';

export interface ChunkedHeader {
  format: 'lossyml-chunked';
  lossyml: string;
  config: NormalizedConfig;
  dtype: 'float32' | 'float64';
  nRows: number;
  nCols: number;
  columns: string[];
  target: { name: string; kind: 'numeric' | 'label'; index: number } | null;
  dataset: { name: string; source?: string };
  chunkRows: number;
  /**
   * Range-relative methods: the global [min, max] of the finite values per column (layout
   * columns) or of the whole matrix (one pair), which every chunk's bound is relative to. Each
   * chunk then stores two anchor rows after its own (anchors.ts); null for other methods.
   */
  ranges: [number, number][] | null;
}

export interface IndexEntry {
  offset: number;
  rows: number;
  bytes: number;
  crc: number;
}

const setU64 = (dv: DataView, at: number, v: number) => {
  dv.setUint32(at, v % 2 ** 32, true);
  dv.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
};
const getU64 = (dv: DataView, at: number) => dv.getUint32(at, true) + dv.getUint32(at + 4, true) * 2 ** 32;
const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function packHeader(header: ChunkedHeader): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX_BYTES + json.length + 4);
  const dv = viewOf(out);
  out.set(CHUNKED_MAGIC, 0);
  dv.setUint16(8, CHUNKED_MAJOR, true);
  dv.setUint16(10, CHUNKED_MINOR, true);
  dv.setUint32(12, json.length, true);
  out.set(json, PREFIX_BYTES);
  dv.setUint32(PREFIX_BYTES + json.length, crc32(out.subarray(0, PREFIX_BYTES + json.length)), true);
  return out;
}

/** Checks the 16-byte prefix and returns the header's JSON length H (the header ends at 20 + H). */
export function parsePrefix(prefix: Uint8Array, fileBytes: number, what: string): number {
  if (prefix.length < PREFIX_BYTES) throw new FormatError(`${what}: ${fileBytes} bytes is too short to be a chunked lossyml container`);
  for (let i = 0; i < CHUNKED_MAGIC.length; i++) {
    if (prefix[i] !== CHUNKED_MAGIC[i]) throw new FormatError(`${what}: not a chunked lossyml container (bad magic at byte ${i})`);
  }
  const dv = viewOf(prefix);
  const major = dv.getUint16(8, true);
  const minor = dv.getUint16(10, true);
  if (major !== CHUNKED_MAJOR) throw new FormatError(`${what}: chunked format version ${major}.${minor}: written by a newer lossyml or damaged (this lossyml reads 1.x)`);
  const h = dv.getUint32(12, true);
  if (h > MAX_HEADER || PREFIX_BYTES + h + 4 > fileBytes) throw new FormatError(`${what}: header length ${h} does not fit in a file of ${fileBytes} bytes (truncated or corrupted)`);
  return h;
}

/** Parses the header bytes [0, 20 + H) and checks their CRC and fields. */
export function parseHeader(bytes: Uint8Array, h: number, what: string): ChunkedHeader {
  const dv = viewOf(bytes);
  if (dv.getUint32(PREFIX_BYTES + h, true) !== crc32(bytes.subarray(0, PREFIX_BYTES + h))) throw new FormatError(`${what}: header checksum mismatch (corrupted)`);
  let header: ChunkedHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + h)));
  } catch (e) {
    throw new FormatError(`${what}: header is not valid JSON (${(e as Error).message})`);
  }
  const bad = (field: string) => new FormatError(`${what}: header field ${field} is malformed`);
  const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  if (typeof header !== 'object' || header === null || header.format !== 'lossyml-chunked') throw bad('format');
  if (header.dtype !== 'float32' && header.dtype !== 'float64') throw bad('dtype');
  if (!isCount(header.nRows) || !isCount(header.nCols)) throw bad('nRows/nCols');
  if (!Number.isInteger(header.chunkRows) || header.chunkRows < 1) throw bad('chunkRows');
  if (!Array.isArray(header.columns) || header.columns.length !== header.nCols) throw bad('columns');
  // Every chunk is a single container of format 2.0: the chunked header's config follows its rules.
  header.config = storedConfig(header.config, CHUNK_CONTAINER_VERSION, what);
  const pair = (r: unknown) => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'number');
  const rangeCount = header.config.layout === 'matrix' ? 1 : header.nCols;
  if (needsRanges(header.config) ? !(Array.isArray(header.ranges) && header.ranges.length === rangeCount && header.ranges.every(pair)) : header.ranges !== null) throw bad('ranges');
  return header;
}

export function packFrame(k: number, chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_BYTES);
  const dv = viewOf(out);
  dv.setUint32(0, k, true);
  dv.setUint32(4, chunk.length, true);
  dv.setUint32(8, crc32(chunk), true);
  return out;
}

export function parseFrame(frame: Uint8Array): { k: number; bytes: number; crc: number } {
  const dv = viewOf(frame);
  return { k: dv.getUint32(0, true), bytes: dv.getUint32(4, true), crc: dv.getUint32(8, true) };
}

/** The index and the footer, written after the last frame (which ends at `indexOffset`). */
export function packIndex(entries: IndexEntry[], indexOffset: number): Uint8Array {
  const out = new Uint8Array(entries.length * ENTRY_BYTES + FOOTER_BYTES);
  const dv = viewOf(out);
  entries.forEach((e, k) => {
    const at = k * ENTRY_BYTES;
    setU64(dv, at, e.offset);
    dv.setUint32(at + 8, e.rows, true);
    dv.setUint32(at + 12, e.bytes, true);
    dv.setUint32(at + 16, e.crc, true);
  });
  const f = entries.length * ENTRY_BYTES;
  setU64(dv, f, indexOffset);
  dv.setUint32(f + 8, entries.length, true);
  dv.setUint32(f + 12, crc32(out.subarray(0, f)), true);
  out.set(END_MARK, f + 16);
  return out;
}

/** Reads the footer: where the index starts and how many chunks it lists; throws if it is not one. */
export function parseFooter(footer: Uint8Array, fileBytes: number, what: string): { indexOffset: number; count: number; crc: number } {
  const at = `${what}: footer at byte ${fileBytes - FOOTER_BYTES}`;
  if (footer.length !== FOOTER_BYTES) throw new FormatError(`${what}: ${fileBytes} bytes cannot hold a footer (truncated)`);
  for (let i = 0; i < END_MARK.length; i++) {
    if (footer[16 + i] !== END_MARK[i]) throw new FormatError(`${at}: no end mark (truncated or corrupted; salvage reads the complete chunks)`);
  }
  const dv = viewOf(footer);
  const indexOffset = getU64(dv, 0);
  const count = dv.getUint32(8, true);
  if (indexOffset + count * ENTRY_BYTES + FOOTER_BYTES !== fileBytes) {
    throw new FormatError(`${at}: index of ${count} chunks at byte ${indexOffset} does not end where the footer starts (truncated or corrupted)`);
  }
  return { indexOffset, count, crc: dv.getUint32(12, true) };
}

export function parseIndex(index: Uint8Array, count: number, crc: number, indexOffset: number, what: string): IndexEntry[] {
  if (crc32(index) !== crc) throw new FormatError(`${what}: index at byte ${indexOffset}: checksum mismatch (corrupted)`);
  const dv = viewOf(index);
  return Array.from({ length: count }, (_, k) => {
    const at = k * ENTRY_BYTES;
    return { offset: getU64(dv, at), rows: dv.getUint32(at + 8, true), bytes: dv.getUint32(at + 12, true), crc: dv.getUint32(at + 16, true) };
  });
}
