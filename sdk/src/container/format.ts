// The .lml container: one file holding reduced features, the exact target, and everything
// needed to restore them. Layout (all integers little-endian):
//
//   0   8 bytes  magic 89 4C 4D 4C 0D 0A 1A 0A  ("\x89LML\r\n\x1a\n": catches text-mode damage)
//   8   u16      format major version (2); u16 minor version (0)
//   12  u32      H, the byte length of the JSON header
//   16  H bytes  JSON header (UTF-8): see ContainerHeader
//   16+H u32     CRC-32 of bytes [0, 16+H)
//   20+H         the feature streams, back to back, then the target stream (header.streams, .targetStream)
//
// The file's length must equal 20 + H + the sum of the stream lengths exactly, and each
// stream's CRC-32 is in the header: a truncated, extended, corrupted or foreign file is refused
// before any decoder sees its bytes. Versions: 1 stored the target raw; 2 codes it (target.ts)
// and records its plain size. Every version this code ever wrote stays readable (test/fixtures).

import { crc32 } from '../util/crc32';
import { FormatError } from '../util/errors';
import type { JsonObject, NormalizedConfig } from '../reducers/types';
import { CONFIG_RULES, NEWER_OR_DAMAGED, storedConfig } from './stored-config';

export const MAGIC = Uint8Array.from([0x89, 0x4c, 0x4d, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The version written. Every version with config rules (stored-config.ts) is read. */
export const FORMAT_MAJOR = 2;
export const FORMAT_MINOR = 0;
export const FORMAT_VERSION = `${FORMAT_MAJOR}.${FORMAT_MINOR}`;
export const READABLE_VERSIONS: readonly string[] = Object.keys(CONFIG_RULES);
const FIXED = 16;
const MAX_HEADER = 64 * 1024 * 1024;

/** [byte length, CRC-32] of one stream: a pair rather than an object, as a table of 81 columns has 81 of them. */
export type StreamEntry = [number, number];

export interface ContainerHeader {
  format: 'lossyml-container';
  /** The lossyml version that wrote the file. */
  lossyml: string;
  config: NormalizedConfig;
  dtype: 'float32' | 'float64';
  /** Rows and feature columns as stored (rows differ from originalRows after sampling). */
  shape: [number, number];
  originalRows: number;
  columns: string[];
  /**
   * The exact target column, if one was kept: its name, kind and position among the input's
   * columns; from format 2, rawBytes is its plain size over all original rows (rawTargetBytes).
   */
  target: { name: string; kind: 'numeric' | 'label'; index: number; rawBytes?: number } | null;
  /** The dataset's name and source, for provenance. */
  dataset: { name: string; source?: string };
  /** Whatever the codec needs to restore (small JSON). */
  codecMeta: JsonObject;
  /** The feature streams, in the codec's order. */
  streams: StreamEntry[];
  /** The exact target's stream, after the feature streams; null when there is no target. */
  targetStream: StreamEntry | null;
}

export interface ParsedContainer {
  /** The format version that wrote the file: major (what the layout follows) and "major.minor". */
  major: number;
  version: string;
  header: ContainerHeader;
  featureStreams: Uint8Array[];
  targetStream: Uint8Array | null;
  /** Bytes of the whole file, and of the target stream (excluded from compression ratios). */
  totalBytes: number;
  targetBytes: number;
}

const entry = (s: Uint8Array): StreamEntry => [s.length, crc32(s)];

/** Serializes a container; the stream table (lengths and checksums) is filled in here. */
export function packContainer(header: Omit<ContainerHeader, 'streams' | 'targetStream'>, features: Uint8Array[], target: Uint8Array | null): Uint8Array {
  const parts = [...features, ...(target ? [target] : [])];
  const json = new TextEncoder().encode(JSON.stringify({ ...header, streams: features.map(entry), targetStream: target ? entry(target) : null }));
  const total = FIXED + json.length + 4 + parts.reduce((a, s) => a + s.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  dv.setUint16(8, FORMAT_MAJOR, true);
  dv.setUint16(10, FORMAT_MINOR, true);
  dv.setUint32(12, json.length, true);
  out.set(json, FIXED);
  dv.setUint32(FIXED + json.length, crc32(out.subarray(0, FIXED + json.length)), true);
  let at = FIXED + json.length + 4;
  for (const s of parts) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

/** Parses and verifies a container; every check names what failed. Streams are views into `bytes`. */
export function unpackContainer(bytes: Uint8Array, what = 'container'): ParsedContainer {
  if (bytes.length < FIXED + 4) {
    throw new FormatError(`${what}: ${bytes.length} bytes is too short to be a lossyml container (truncated or not a .lml file)`);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new FormatError(`${what}: not a lossyml container (bad magic at byte ${i})`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = dv.getUint16(8, true);
  const minor = dv.getUint16(10, true);
  const version = `${major}.${minor}`;
  if (!READABLE_VERSIONS.includes(version)) {
    throw new FormatError(`${what}: container format version ${version}: ${NEWER_OR_DAMAGED} (this lossyml reads versions ${READABLE_VERSIONS.join(', ')})`);
  }
  const h = dv.getUint32(12, true);
  if (h > MAX_HEADER || FIXED + h + 4 > bytes.length) {
    throw new FormatError(`${what}: header length ${h} does not fit in a file of ${bytes.length} bytes (truncated or corrupted)`);
  }
  const storedCrc = dv.getUint32(FIXED + h, true);
  const actualCrc = crc32(bytes.subarray(0, FIXED + h));
  if (storedCrc !== actualCrc) throw new FormatError(`${what}: header checksum mismatch (corrupted)`);
  let header: ContainerHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED, FIXED + h)));
  } catch (e) {
    throw new FormatError(`${what}: header is not valid JSON (${(e as Error).message})`);
  }
  validateHeader(header, major, version, what);
  const entries = [...header.streams, ...(header.targetStream ? [header.targetStream] : [])];
  const expected = FIXED + h + 4 + entries.reduce((a, s) => a + s[0], 0);
  if (bytes.length !== expected) {
    const how = bytes.length < expected ? 'truncated' : 'has trailing bytes';
    throw new FormatError(`${what}: file is ${bytes.length} bytes but its header describes ${expected} (${how})`);
  }
  const views: Uint8Array[] = [];
  let at = FIXED + h + 4;
  entries.forEach(([length, crc], i) => {
    const view = bytes.subarray(at, at + length);
    at += length;
    const role = i < header.streams.length ? `feature stream ${i}` : 'target stream';
    if (crc32(view) !== crc) throw new FormatError(`${what}: ${role} checksum mismatch (corrupted)`);
    views.push(view);
  });
  const targetStream = header.targetStream ? views.pop()! : null;
  return { major, version, header, featureStreams: views, targetStream, totalBytes: bytes.length, targetBytes: targetStream ? targetStream.length : 0 };
}

function validateHeader(h: ContainerHeader, major: number, version: string, what: string): void {
  const bad = (field: string, why: string) => new FormatError(`${what}: header field ${field} ${why}`);
  if (typeof h !== 'object' || h === null) throw bad('(root)', 'is not an object');
  if (h.format !== 'lossyml-container') throw bad('format', `is ${JSON.stringify(h.format)}`);
  h.config = storedConfig(h.config, version, what);
  if (h.dtype !== 'float32' && h.dtype !== 'float64') throw bad('dtype', `is ${JSON.stringify(h.dtype)}`);
  const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  if (!Array.isArray(h.shape) || h.shape.length !== 2 || !h.shape.every(isCount)) throw bad('shape', 'is not [rows, cols]');
  if (!isCount(h.originalRows)) throw bad('originalRows', 'is not a count');
  if (!Array.isArray(h.columns) || h.columns.length !== h.shape[1] || !h.columns.every((c) => typeof c === 'string')) {
    throw bad('columns', `does not list ${h.shape[1]} names`);
  }
  const isEntry = (e: unknown) => Array.isArray(e) && e.length === 2 && isCount(e[0]) && isCount(e[1]) && e[1] <= 0xffffffff;
  if (!Array.isArray(h.streams)) throw bad('streams', 'is not a list');
  h.streams.forEach((s, i) => {
    if (!isEntry(s)) throw bad(`streams[${i}]`, 'is not [bytes, crc32]');
  });
  const hasTarget = h.target !== null && h.target !== undefined;
  if (hasTarget ? !isEntry(h.targetStream) : h.targetStream !== null) {
    throw bad('targetStream', hasTarget ? 'is not [bytes, crc32]' : 'is set but there is no target');
  }
  if (hasTarget && (typeof h.target!.name !== 'string' || (h.target!.kind !== 'numeric' && h.target!.kind !== 'label') || !isCount(h.target!.index) || h.target!.index > h.shape[1])) {
    throw bad('target', 'is malformed');
  }
  if (hasTarget && major >= 2 && !isCount(h.target!.rawBytes)) throw bad('target.rawBytes', 'is not a count');
  if (typeof h.codecMeta !== 'object' || h.codecMeta === null) throw bad('codecMeta', 'is not an object');
}
