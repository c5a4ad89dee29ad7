// Stream version 4 (tables wider than the planner's WIDE columns, by column): the columns are
// coded in segments of whole columns, about SEGMENT_VALUES values each. A segment's tokens are
// quantized first, then counted per token group (groups.ts: a column's group is the scale of
// its tokens), and coded by a static rANS coder (entropy/rans.ts) against the counted tables,
// which are stored with the segment. Version 3 coded the same groups through adaptive tables
// and a range coder: on NT3's shape that was a third of the encode and most of the decode
// (issue 11); here a token costs a table lookup and a multiply-add each way, and the tables
// cost a few hundred bytes per group per segment. The hot loops run in the WebAssembly kernel
// (sdk/assembly/sz.ts: countColumn, putColumn, decodeColumn); the coder here serves sz-pwrel's
// signs and is the tests' reference for the format.
//
// Per token, in the decoder's order: its top bits (the group table's symbol; the table's
// last symbol is an escape), for an escape the bit length of the rest (the segment's length
// table), and for sz-pwrel a coded token's sign (the segment's sign table); the token's low
// bits, flat at the group's width, go raw into a bit stream of their own beside the rANS one.

import { ByteReader, ByteWriter } from '../entropy/bytes';
import { BitReader } from '../entropy/rawbits';
import { DecodeTable, EncodeTable, RansDecoder, RansEncoder, normalizeCounts } from '../entropy/rans';
import { MAX_TOKEN } from '../entropy/symbols';
import { FormatError } from '../../util/errors';
import { GROUPS, bitsOf } from './groups';
import type { SzEncodeKernel } from './wasm';

/** A segment holds whole columns, about this many values (at least one column). */
export const SEGMENT_VALUES = 1 << 22;
/** A group's table holds at most 2^HI_BITS symbols; the bits below them are raw. */
const HI_BITS = 10;
/** Escaped remainders are coded by bit length (0..30), then that many raw bits. */
const LENGTHS = 31;

/** Columns per segment for blocks of nRows rows, segments of about `values` values. */
export function segmentColumns(nRows: number, values = SEGMENT_VALUES): number {
  return Math.max(1, Math.floor(values / Math.max(1, nRows)));
}

/** How a group splits a token: its table's top bits, the raw low bits, the escape symbol. */
export interface GroupShape {
  hiBits: number;
  loBits: number;
  escape: number;
}

export const SHAPES: GroupShape[] = Array.from({ length: GROUPS }, (_, g) => {
  const bits = bitsOf(g);
  const hiBits = Math.min(bits, HI_BITS);
  return { hiBits, loBits: bits - hiBits, escape: (1 << hiBits) - 1 };
});

/** One coded column of a segment, as the segment coder sees it. */
export interface SegmentColumn {
  group: number;
  tokens: Int32Array;
  /** sz-pwrel: the signs of the coded tokens (1 negative). */
  signs: Uint8Array | null;
}

/** Writes the group ids and frequency tables (zigzag deltas of successive frequencies). */
function writeTable(w: ByteWriter, freq: Int32Array): void {
  let n = freq.length;
  while (n > 0 && freq[n - 1] === 0) n--;
  w.varint(n);
  let prev = 0;
  for (let s = 0; s < n; s++) {
    const d = freq[s] - prev;
    w.varint(d >= 0 ? 2 * d : -2 * d - 1);
    prev = freq[s];
  }
}

function readTable(r: ByteReader, size: number, what: string): DecodeTable {
  const n = r.varint();
  if (n > size) throw new FormatError(`${what}: table of ${n} symbols, at most ${size} (corrupt stream)`);
  const freq = new Int32Array(size);
  let prev = 0;
  for (let s = 0; s < n; s++) {
    const z = r.varint();
    prev += z & 1 ? -(z + 1) / 2 : z / 2;
    freq[s] = prev;
  }
  return new DecodeTable(freq, what);
}

/**
 * Codes one segment's columns: group list and tables, then the rANS stream and the raw bits,
 * each preceded by its length. `log`: sz-pwrel (signs of coded tokens are coded).
 */
/** A segment's tables as the coder reads them: per group, then the escape lengths' and the signs' (null when unused). */
export interface SegmentTables {
  tables: Map<number, EncodeTable>;
  lengthTable: EncodeTable | null;
  signTable: EncodeTable | null;
}

/**
 * Writes a segment's table section from its counts (groups ascending, each normalized; the
 * escape lengths' table when there are escapes; for sz-pwrel, `signCounts` set, the signs'
 * table when any sign is coded) and returns the tables for coding.
 */
export function writeTables(w: ByteWriter, counts: Map<number, Int32Array>, lengths: Int32Array, signCounts: Int32Array | null): SegmentTables {
  const groups = [...counts.keys()].sort((a, b) => a - b);
  const tables = new Map<number, EncodeTable>();
  w.varint(groups.length);
  for (const g of groups) {
    const h = counts.get(g) as Int32Array;
    const freq = new Int32Array(h.length);
    normalizeCounts(h, h.length, freq);
    w.varint(g);
    writeTable(w, freq);
    tables.set(g, new EncodeTable(freq));
  }
  const lengthFreq = new Int32Array(LENGTHS);
  const hasEscapes = normalizeCounts(lengths, LENGTHS, lengthFreq);
  w.u8(hasEscapes ? 1 : 0);
  if (hasEscapes) writeTable(w, lengthFreq);
  const signFreq = new Int32Array(2);
  const hasSigns = signCounts !== null && normalizeCounts(signCounts, 2, signFreq);
  if (signCounts !== null) {
    w.u8(hasSigns ? 1 : 0);
    if (hasSigns) writeTable(w, signFreq);
  }
  return { tables, lengthTable: hasEscapes ? new EncodeTable(lengthFreq) : null, signTable: hasSigns ? new EncodeTable(signFreq) : null };
}

/**
 * Codes one segment's columns (their tokens views of the kernel's token area) into `out` (the
 * encoder's FrameBuilder, the sealed stream's own buffer): group list and tables, then the rANS
 * stream and the raw bits, each preceded by its length. The counting, the raw bits and the rANS
 * coding of tokens run in the WebAssembly kernel (sdk/assembly/sz.ts); sz-pwrel (`log`: a sign
 * symbol after each coded token) puts its symbols through RansEncoder.
 */
export function encodeSegment(cols: SegmentColumn[], log: boolean, kernel: SzEncodeKernel, out: ByteWriter): void {
  const counts = new Map<number, Int32Array>();
  const signCounts = new Int32Array(2);
  let total = 0;
  kernel.beginSegment();
  // Forward: count the symbols, write the raw bits in the decoder's order.
  for (const c of cols) {
    const shape = SHAPES[c.group];
    total += c.tokens.length;
    counts.set(c.group, kernel.count(c.group, c.tokens, shape.loBits, shape.escape, 1 << shape.hiBits));
    if (log && c.signs) {
      const t = c.tokens;
      const s = c.signs;
      for (let i = 0; i < t.length; i++) if (t[i] !== 0) signCounts[s[i]]++;
    }
  }
  const w = new ByteWriter(64 + counts.size * 256);
  const { tables, lengthTable, signTable } = writeTables(w, counts, kernel.lengthCounts, log ? signCounts : null);
  // Backward: rANS takes the symbols in reverse of the decoder's order.
  let coded: Uint8Array;
  if (log) {
    const enc = new RansEncoder(Math.max(1024, total));
    let end = total;
    for (let k = cols.length - 1; k >= 0; k--) {
      const c = cols[k];
      end -= c.tokens.length;
      putSignedColumn(enc, end, c.tokens, c.signs as Uint8Array, SHAPES[c.group], tables.get(c.group) as EncodeTable, lengthTable, signTable as EncodeTable);
    }
    coded = enc.finish();
  } else {
    const inKernel = new Map<number, number>();
    for (const [g, t] of tables) inKernel.set(g, kernel.table(g, t));
    const lengths = lengthTable ? kernel.table(GROUPS, lengthTable) : null;
    let end = total;
    for (let k = cols.length - 1; k >= 0; k--) {
      const c = cols[k];
      const shape = SHAPES[c.group];
      end -= c.tokens.length;
      kernel.put(end, c.tokens, shape.loBits, shape.escape, inKernel.get(c.group) as number, lengths);
    }
    coded = kernel.coded();
  }
  const bits = kernel.rawBits();
  out.bytes(w.finish());
  out.varint(coded.length);
  out.bytes(coded);
  out.varint(bits.length);
  out.bytes(bits);
}

/** A sz-pwrel column's symbols (a sign symbol after each coded token), backwards, through the encoder's put. */
function putSignedColumn(enc: RansEncoder, first: number, tokens: Int32Array, signs: Uint8Array, shape: GroupShape, table: EncodeTable, lengthTable: EncodeTable | null, st: EncodeTable): void {
  const lo = shape.loBits;
  const escape = shape.escape;
  const cum = table.cum;
  const freq = table.freq;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    const lane = (first + i) & 1;
    if (t !== 0) {
      const s = signs[i];
      enc.put(st.cum[s], st.freq[s], lane);
    }
    let hi = t >>> lo;
    if (hi >= escape) {
      hi = escape;
      const k = 31 - Math.clz32(t - escape * (1 << lo) + 1);
      const lt = lengthTable as EncodeTable;
      enc.put(lt.cum[k], lt.freq[k], lane);
    }
    enc.put(cum[hi], freq[hi], lane);
  }
}

/** A segment's head as read: its tables (per token group, the escape lengths', the signs'), then its two streams. */
export interface SegmentHead {
  tables: (DecodeTable | undefined)[];
  lengths: DecodeTable | null;
  signs: DecodeTable | null;
  /** The rANS stream and the raw bits, views of the reader's bytes. */
  coded: Uint8Array;
  bits: Uint8Array;
}

/** Reads a segment's head from a reader placed at the segment, and moves it past the segment. */
export function readSegmentHead(r: ByteReader, log: boolean): SegmentHead {
  const n = r.varint();
  if (n > GROUPS) throw new FormatError(`sz segment: ${n} token groups, at most ${GROUPS} (corrupt stream)`);
  const tables = new Array<DecodeTable | undefined>(GROUPS);
  for (let k = 0; k < n; k++) {
    const g = r.varint();
    if (g >= GROUPS || tables[g]) throw new FormatError(`sz segment: token group ${g} repeated or beyond ${GROUPS} (corrupt stream)`);
    tables[g] = readTable(r, 1 << SHAPES[g].hiBits, `sz segment group ${g}`);
  }
  const lengths = r.u8() ? readTable(r, LENGTHS, 'sz segment lengths') : null;
  const signs = log && r.u8() ? readTable(r, 2, 'sz segment signs') : null;
  const coded = r.bytes(r.varint());
  const bits = r.bytes(r.varint());
  return { tables, lengths, signs, coded, bits };
}

/** The table of a column of token group `group`, which the segment must have. */
export function tableOf(head: SegmentHead, group: number): DecodeTable {
  const table = head.tables[group];
  if (!table) throw new FormatError(`sz segment: a column of token group ${group}, which the segment has no table for (corrupt stream)`);
  return table;
}

/** Decodes the columns of one segment, in order, from a reader placed at the segment. */
export class SegmentDecoder {
  private readonly head: SegmentHead;
  private readonly rans: RansDecoder;
  private readonly raw: BitReader;
  /** Values decoded so far in the segment: value number v is in rANS lane v & 1. */
  private at = 0;

  constructor(r: ByteReader, log: boolean) {
    this.head = readSegmentHead(r, log);
    const { coded, bits } = this.head;
    this.rans = new RansDecoder(coded, 0, coded.length);
    this.raw = new BitReader(bits, 0, bits.length);
  }

  /**
   * Column tokens (and sz-pwrel signs) of group `group`, n of them. Columns without signs are
   * decoded by the WebAssembly kernel (SzDecodeKernel.decodeColumn) in the codec; this
   * coder serves sz-pwrel and the tests' reference.
   */
  column(group: number, tokens: Int32Array, signs: Uint8Array | null, n: number): void {
    const table = tableOf(this.head, group);
    const shape = SHAPES[group];
    const lo = shape.loBits;
    const escape = shape.escape;
    const rans = this.rans;
    const raw = this.raw;
    const signTable = this.head.signs;
    for (let i = 0; i < n; i++) {
      const lane = (this.at + i) & 1;
      const hi = rans.get(table, lane);
      const t = hi < escape ? (lo > 0 ? hi * (1 << lo) + raw.get(lo) : hi) : this.escaped(escape, lo, lane);
      tokens[i] = t;
      if (signs && t !== 0) {
        if (!signTable) throw new FormatError('sz segment: a signed token without a sign table (corrupt stream)');
        signs[i] = rans.get(signTable, lane);
      }
    }
    this.at += n;
  }

  /** The token of an escape symbol: its remainder's bit length, then that many raw bits. */
  private escaped(escape: number, lo: number, lane: number): number {
    const lengths = this.head.lengths;
    if (!lengths) throw new FormatError('sz segment: an escaped token without a length table (corrupt stream)');
    const raw = this.raw;
    const k = this.rans.get(lengths, lane);
    let v = 1;
    if (k > 16) v = ((1 << (k - 16)) | raw.get(k - 16)) * 65536 + raw.get(16);
    else if (k > 0) v = (1 << k) | raw.get(k);
    const t = escape * (1 << lo) + v - 1;
    if (t > MAX_TOKEN) throw new FormatError(`sz segment: token ${t} beyond the largest (corrupt stream)`);
    return t;
  }

  /** Throws unless the segment's streams were read to their ends. */
  finish(): void {
    this.rans.finish('sz segment');
  }
}
