// A static range asymmetric numeral system coder (rANS, 32-bit state, byte-wise
// renormalization) for symbols whose frequencies were counted beforehand and stored with the
// stream. Against the adaptive range coder it keeps no statistics per step and decodes
// without a division: a mask, a table lookup, a multiply-add. The encoder runs backwards (rANS
// is last in, first out), so a caller counts its symbols, builds the tables, then puts the
// symbols in reverse of the order the decoder will take them.
//
// The state x stays in [2^23, 2^31), so every operation is on small non-negative integers that
// the JIT keeps in int32 registers.

import { FormatError } from '../../util/errors';

/**
 * Frequencies of a table sum to 2^RANS_BITS. The SZ kernel (sdk/assembly/sz.ts) codes the same
 * states with these constants written out: RANS_BITS, RANS_LOW and XMAX_UNIT there must match.
 */
const RANS_BITS = 14;
export const RANS_TOTAL = 1 << RANS_BITS;
const MASK = RANS_TOTAL - 1;
/** Lower end of the normalized state. */
export const RANS_LOW = 1 << 23;
const LOW = RANS_LOW;
/** x may take a symbol of frequency f without overflowing while x < f * 2^(31 - RANS_BITS). */
const XMAX_UNIT = 1 << (31 - RANS_BITS);

/**
 * Turns counts[0..n) into frequencies summing to RANS_TOTAL, every counted symbol at least 1
 * (an uncounted one 0: it cannot be coded). Returns false when nothing was counted. The
 * rounding's surplus or deficit is settled on the largest frequencies, which it changes least
 * in proportion.
 */
export function normalizeCounts(counts: ArrayLike<number>, n: number, freqs: Int32Array): boolean {
  let total = 0;
  let used = 0;
  for (let s = 0; s < n; s++) {
    total += counts[s];
    if (counts[s] > 0) used++;
  }
  if (total === 0) return false;
  if (used > RANS_TOTAL) throw new RangeError(`rans: ${used} symbols do not fit a table of ${RANS_TOTAL}`);
  const scale = RANS_TOTAL / total;
  let sum = 0;
  let top = 0;
  for (let s = 0; s < n; s++) {
    const c = counts[s];
    const f = c > 0 ? Math.max(1, Math.round(c * scale)) : 0;
    freqs[s] = f;
    sum += f;
    if (f > freqs[top]) top = s;
  }
  let diff = RANS_TOTAL - sum;
  if (diff >= 0 || freqs[top] + diff >= Math.max(1, freqs[top] >> 1)) {
    freqs[top] += diff;
    return true;
  }
  // Many symbols rounded up to 1: take the excess from every frequency above 1, largest first
  // in proportion, until the total is exact.
  while (diff < 0) {
    let above = 0;
    for (let s = 0; s < n; s++) if (freqs[s] > 1) above += freqs[s] - 1;
    const share = Math.min(1, -diff / above);
    for (let s = 0; s < n && diff < 0; s++) {
      if (freqs[s] <= 1) continue;
      const cut = Math.min(freqs[s] - 1, -diff, Math.max(1, Math.floor((freqs[s] - 1) * share)));
      freqs[s] -= cut;
      diff += cut;
    }
  }
  return true;
}

/** A table ready for the encoder: each symbol's start (cumulative frequency) and frequency. */
export class EncodeTable {
  readonly cum: Int32Array;
  constructor(readonly freq: Int32Array) {
    this.cum = new Int32Array(freq.length + 1);
    for (let s = 0; s < freq.length; s++) this.cum[s + 1] = this.cum[s] + freq[s];
  }
}

/** A table ready for the decoder: the symbol of every slot, each symbol's frequency and start. */
export class DecodeTable {
  readonly sym: Uint16Array;
  readonly freq: Int32Array;
  readonly cum: Int32Array;
  /** @param freq frequencies as stored (checked here: they must sum to RANS_TOTAL) */
  constructor(freq: Int32Array, what: string) {
    if (freq.length > 1 << 16) throw new FormatError(`${what}: table of ${freq.length} symbols`);
    this.freq = freq;
    this.cum = new Int32Array(freq.length + 1);
    this.sym = new Uint16Array(RANS_TOTAL);
    let c = 0;
    for (let s = 0; s < freq.length; s++) {
      const f = freq[s];
      if (!(f >= 0) || c + f > RANS_TOTAL) throw new FormatError(`${what}: frequencies exceed ${RANS_TOTAL} (corrupt stream)`);
      this.cum[s] = c;
      this.sym.fill(s, c, c + f);
      c += f;
    }
    this.cum[freq.length] = c;
    if (c !== RANS_TOTAL) throw new FormatError(`${what}: frequencies sum to ${c}, not ${RANS_TOTAL} (corrupt stream)`);
  }
}

/**
 * Writes backwards into a buffer that grows at its front. Two states ("lanes") share the
 * stream: a caller puts each symbol in the lane the decoder will take it from (alternating
 * lanes lets the decoder's two dependency chains overlap, which is most of its speed).
 * The SZ kernel (sdk/assembly/sz.ts) writes the same streams for stream version 4 without signs.
 */
export class RansEncoder {
  private buf: Uint8Array;
  /** The first written byte: buf[pos..) is what was written so far. */
  private pos: number;
  private x0 = LOW;
  private x1 = LOW;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.pos = this.buf.length;
  }

  /** The symbol occupying [start, start + freq) of RANS_TOTAL (freq >= 1), in lane 0 or 1. */
  put(start: number, freq: number, lane: number): void {
    let x = lane === 0 ? this.x0 : this.x1;
    const xmax = freq * XMAX_UNIT;
    if (x >= xmax) {
      if (this.pos < 4) this.grow();
      const buf = this.buf;
      do {
        buf[--this.pos] = x & 0xff;
        x >>>= 8;
      } while (x >= xmax);
    }
    const q = (x / freq) | 0;
    x = (q << RANS_BITS) + (x - q * freq) + start;
    if (lane === 0) this.x0 = x;
    else this.x1 = x;
  }

  /** `n` (0..RANS_BITS) equiprobable bits of `value`, in lane 0 or 1. */
  putBits(value: number, n: number, lane: number): void {
    if (n === 0) return;
    this.put(value << (RANS_BITS - n), 1 << (RANS_BITS - n), lane);
  }

  private grow(): void {
    const used = this.buf.length - this.pos;
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf.subarray(this.pos), bigger.length - used);
    this.buf = bigger;
    this.pos = bigger.length - used;
  }

  private putState(x: number): void {
    if (this.pos < 4) this.grow();
    this.pos -= 4;
    writeState(this.buf, this.pos, x);
  }

  /**
   * The coded bytes: the final states of lanes 0 and 1 (4 bytes each, little-endian), then the
   * renormalization bytes in the order the decoder takes them (written backwards, they already
   * are). A view of the encoder's buffer, not a copy (callers frame it, which copies it anyway).
   */
  finish(): Uint8Array {
    this.putState(this.x1);
    this.putState(this.x0);
    return this.buf.subarray(this.pos);
  }
}

/** Writes a lane's final state at `at` (4 bytes, little-endian), as the stream begins with it. */
export function writeState(buf: Uint8Array, at: number, x: number): void {
  buf[at] = x & 0xff;
  buf[at + 1] = (x >>> 8) & 0xff;
  buf[at + 2] = (x >>> 16) & 0xff;
  buf[at + 3] = x >>> 24;
}

/** A lane's starting state, as RansEncoder.finish wrote it at `at`. */
export function readState(buf: Uint8Array, at: number): number {
  const x = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
  if (x < LOW || x >= 2 ** 31) throw new FormatError('rans: stream starts outside the coding range (corrupt)');
  return x;
}

/** Reads what a RansEncoder wrote. */
export class RansDecoder {
  private x0: number;
  private x1: number;
  private pos: number;

  constructor(private readonly buf: Uint8Array, start: number, private readonly end: number) {
    if (end - start < 8) throw new FormatError(`rans: stream of ${end - start} bytes is shorter than its two 4-byte states`);
    this.x0 = readState(buf, start);
    this.x1 = readState(buf, start + 4);
    this.pos = start + 8;
  }

  get(t: DecodeTable, lane: number): number {
    let x = lane === 0 ? this.x0 : this.x1;
    const slot = x & MASK;
    const s = t.sym[slot];
    x = t.freq[s] * (x >>> RANS_BITS) + slot - t.cum[s];
    while (x < LOW) {
      if (this.pos >= this.end) throw new FormatError('rans: stream ends early (truncated or corrupt)');
      x = (x << 8) | this.buf[this.pos++];
    }
    if (lane === 0) this.x0 = x;
    else this.x1 = x;
    return s;
  }

  getBits(n: number, lane: number): number {
    if (n === 0) return 0;
    const sh = RANS_BITS - n;
    let x = lane === 0 ? this.x0 : this.x1;
    const slot = x & MASK;
    x = (1 << sh) * (x >>> RANS_BITS) + (slot & ((1 << sh) - 1));
    while (x < LOW) {
      if (this.pos >= this.end) throw new FormatError('rans: stream ends early (truncated or corrupt)');
      x = (x << 8) | this.buf[this.pos++];
    }
    if (lane === 0) this.x0 = x;
    else this.x1 = x;
    return slot >>> sh;
  }

  /** Throws unless the stream was read to its end and both states are back where the encoder began. */
  finish(what: string): void {
    if (this.pos !== this.end || this.x0 !== LOW || this.x1 !== LOW) throw new FormatError(`${what}: coded symbols do not end where the stream does (corrupt stream)`);
  }
}
