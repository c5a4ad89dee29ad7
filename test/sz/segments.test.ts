// SZ stream version 4's segment coder runs its hot loops in WebAssembly (sdk/assembly/sz.ts:
// renormalization without branches, both lanes in locals): its bytes must be those of the plain
// procedure, every symbol through RansEncoder.put and every raw bit field through BitWriter.put,
// written here a second time from the format's description (the table section is the coder's
// own writeTables); the kernel's decoder must read back what the JavaScript one does; and the
// decoder must still refuse a segment whose coded bytes end early.
import { ByteReader, ByteWriter } from '@lossyml/sdk/reducers/entropy/bytes';
import { BitWriter } from '@lossyml/sdk/reducers/entropy/rawbits';
import { EncodeTable, RansEncoder } from '@lossyml/sdk/reducers/entropy/rans';
import { GROUPS, bitsOf } from '@lossyml/sdk/reducers/sz/groups';
import { SHAPES, SegmentDecoder, encodeSegment, readSegmentHead, tableOf, writeTables, type SegmentColumn } from '@lossyml/sdk/reducers/sz/segments';
import { SzDecodeKernel, SzEncodeKernel } from '@lossyml/sdk/reducers/sz/wasm';
import { Rng } from '@lossyml/sdk/data/dataset';

const HI_BITS = 10;
const LENGTHS = 31;

/** The segment format, value by value through the coders' own put methods. */
function referenceSegment(cols: SegmentColumn[], log: boolean): Uint8Array {
  const shape = (g: number) => {
    const hiBits = Math.min(bitsOf(g), HI_BITS);
    return { hiBits, lo: bitsOf(g) - hiBits, escape: (1 << hiBits) - 1 };
  };
  const counts = new Map<number, Int32Array>();
  const lengths = new Int32Array(LENGTHS);
  const signCounts = new Int32Array(2);
  const raw = new BitWriter();
  for (const c of cols) {
    const { hiBits, lo, escape } = shape(c.group);
    if (!counts.has(c.group)) counts.set(c.group, new Int32Array(1 << hiBits));
    const h = counts.get(c.group) as Int32Array;
    for (const t of c.tokens) {
      if (t >>> lo < escape) {
        h[t >>> lo]++;
        if (lo > 0) raw.put(t & ((1 << lo) - 1), lo);
      } else {
        h[escape]++;
        const v = t - escape * 2 ** lo + 1;
        const k = 31 - Math.clz32(v);
        lengths[k]++;
        if (k > 16) {
          raw.put(Math.floor(v / 65536) & ((1 << (k - 16)) - 1), k - 16);
          raw.put(v & 0xffff, 16);
        } else if (k > 0) raw.put(v & ((1 << k) - 1), k);
      }
    }
  }
  if (log) for (const c of cols) c.tokens.forEach((t, i) => t !== 0 && signCounts[(c.signs as Uint8Array)[i]]++);
  // The table section is the coder's own (writeTables): what this checks is the symbol coding.
  const w = new ByteWriter();
  const { tables, lengthTable, signTable } = writeTables(w, counts, lengths, log ? signCounts : null);
  const enc = new RansEncoder();
  let value = cols.reduce((a, c) => a + c.tokens.length, 0);
  for (let k = cols.length - 1; k >= 0; k--) {
    const c = cols[k];
    const { lo, escape } = shape(c.group);
    const table = tables.get(c.group) as EncodeTable;
    for (let i = c.tokens.length - 1; i >= 0; i--) {
      const t = c.tokens[i];
      const lane = --value & 1;
      if (log && t !== 0) {
        const s = (c.signs as Uint8Array)[i];
        enc.put((signTable as EncodeTable).cum[s], (signTable as EncodeTable).freq[s], lane);
      }
      let hi = t >>> lo;
      if (hi >= escape) {
        hi = escape;
        const len = 31 - Math.clz32(t - escape * 2 ** lo + 1);
        enc.put((lengthTable as EncodeTable).cum[len], (lengthTable as EncodeTable).freq[len], lane);
      }
      enc.put(table.cum[hi], table.freq[hi], lane);
    }
  }
  const coded = enc.finish();
  const bits = raw.finish();
  w.varint(coded.length);
  w.bytes(coded);
  w.varint(bits.length);
  w.bytes(bits);
  return w.finish();
}

/**
 * Columns of odd and even lengths in several groups, tokens mostly small, some escaped (past 16
 * bits too), their tokens in `kernel`'s token area as the encoder places them.
 */
function columns(seed: number, log: boolean, kernel: SzEncodeKernel): SegmentColumn[] {
  const rng = new Rng(seed);
  const cols: SegmentColumn[] = [];
  for (let c = 0; c < 12; c++) {
    const n = 1 + Math.floor(rng.next() * 300);
    const group = Math.floor(rng.next() * GROUPS);
    const scale = 2 ** bitsOf(group) / 8;
    const tokens = new Int32Array(n);
    const signs = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      tokens[i] = u < 0.02 ? Math.floor(rng.next() * 2 ** 24) : u < 0.05 ? 0 : Math.floor(-Math.log(1 - rng.next()) * scale);
      signs[i] = rng.next() < 0.5 ? 1 : 0;
    }
    cols.push({ group, tokens, signs: log ? signs : null });
  }
  let at = 0;
  for (const c of cols) {
    const placed = kernel.tokens.subarray(at, at + c.tokens.length);
    placed.set(c.tokens);
    c.tokens = placed;
    at += placed.length;
  }
  return cols;
}

function segmentBytes(cols: SegmentColumn[], log: boolean, kernel: SzEncodeKernel): Uint8Array {
  const w = new ByteWriter();
  encodeSegment(cols, log, kernel, w);
  return w.finish();
}

/** A kernel with room for a segment of `columns`' largest size (12 columns of at most 300 values). */
function segmentKernel(): SzEncodeKernel {
  return new SzEncodeKernel(1, 0, 12 * 300);
}

describe('the segment coder', () => {
  test.each([1, 2, 3, 4, 5, 6])('writes the bytes of the plain procedure (seed %s, with and without signs)', (seed) => {
    const kernel = segmentKernel();
    for (const log of [false, true]) {
      const cols = columns(seed, log, kernel);
      expect(Buffer.from(segmentBytes(cols, log, kernel)).equals(Buffer.from(referenceSegment(cols, log)))).toBe(true);
    }
    kernel.release();
  });

  test.each([1, 2, 3])('the WebAssembly decoder reads back the tokens the JavaScript one does (seed %s)', (seed) => {
    const kernel = segmentKernel();
    const cols = columns(seed, false, kernel);
    const bytes = segmentBytes(cols, false, kernel);
    // Copies: the decoder below takes the memory the encoder hands back.
    const original = cols.map((c) => Array.from(c.tokens));
    kernel.release();
    const js = new SegmentDecoder(new ByteReader(bytes, 'segment'), false);
    const head = readSegmentHead(new ByteReader(bytes, 'segment'), false);
    const wasm = new SzDecodeKernel([]);
    wasm.segment(head.coded, head.bits);
    const lengths = head.lengths ? wasm.table(GROUPS, head.lengths) : null;
    const tokensAt = wasm.alloc(300 * 4);
    cols.forEach((c, k) => {
      const expected = new Int32Array(c.tokens.length);
      js.column(c.group, expected, null, c.tokens.length);
      const shape = SHAPES[c.group];
      wasm.decodeColumn(wasm.table(c.group, tableOf(head, c.group)), shape.escape, shape.loBits, lengths, tokensAt, c.tokens.length);
      const got = new Int32Array(wasm.buffer, tokensAt, c.tokens.length);
      expect([c.group, Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer))]).toEqual([c.group, true]);
      expect(Array.from(expected)).toEqual(original[k]);
    });
    js.finish();
    wasm.finishSegment();
    wasm.release();
  });

  test('a segment whose coded bytes end early is refused', () => {
    const kernel = segmentKernel();
    const cols = columns(7, false, kernel);
    const bytes = segmentBytes(cols, false, kernel);
    kernel.release();
    const whole = new SegmentDecoder(new ByteReader(bytes, 'segment'), false);
    for (const c of cols) whole.column(c.group, new Int32Array(c.tokens.length), null, c.tokens.length);
    whole.finish();
    let refused = 0;
    for (const cut of [1, 2, 5, 20]) {
      const damaged = shortenCoded(bytes, cut);
      try {
        const d = new SegmentDecoder(new ByteReader(damaged, 'segment'), false);
        for (const c of cols) d.column(c.group, new Int32Array(c.tokens.length), null, c.tokens.length);
        d.finish();
      } catch (e) {
        if (/stream ends early|do not end where/.test(String(e))) refused++;
        else throw e;
      }
    }
    expect(refused).toBe(4);
  });
});

/** The segment with its rANS stream cut by `cut` bytes at its end (its length varint rewritten). */
function shortenCoded(bytes: Uint8Array, cut: number): Uint8Array {
  // Skip the group tables and the length table (no signs) to the coded part's length.
  const r = new ByteReader(bytes, 'segment');
  const groups = r.varint();
  for (let k = 0; k < groups; k++) {
    r.varint();
    const n = r.varint();
    for (let s = 0; s < n; s++) r.varint();
  }
  if (r.u8()) {
    const n = r.varint();
    for (let s = 0; s < n; s++) r.varint();
  }
  const headEnd = r.offset;
  const codedLength = r.varint();
  const codedAt = r.offset;
  const rest = bytes.subarray(codedAt + codedLength);
  const w = new ByteWriter();
  w.bytes(bytes.subarray(0, headEnd));
  w.varint(codedLength - cut);
  w.bytes(bytes.subarray(codedAt, codedAt + codedLength - cut));
  w.bytes(rest);
  return w.finish();
}
