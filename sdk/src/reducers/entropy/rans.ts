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

/** Frequencies of a table sum to 2^RANS_BITS. */
export const RANS_BITS = 14;
export const RANS_TOTAL = 1 << RANS_BITS;
const MASK = RANS_TOTAL - 1;
/** Lower end of the normalized state. */
const LOW = 1 << 23;
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

/** Writes backwards into a buffer that grows at its front. */
export class RansEncoder {
  private buf: Uint8Array;
  private pos: number;
  private x = LOW;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.pos = this.buf.length;
  }

  /** The symbol occupying [start, start + freq) of RANS_TOTAL (freq >= 1). */
  put(start: number, freq: number): void {
    let x = this.x;
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
    this.x = (q << RANS_BITS) + (x - q * freq) + start;
  }

  /** `n` (0..RANS_BITS) equiprobable bits of `value`. */
  putBits(value: number, n: number): void {
    if (n === 0) return;
    const sh = RANS_BITS - n;
    let x = this.x;
    const xmax = 1 << (31 - n);
    if (x >= xmax) {
      if (this.pos < 4) this.grow();
      const buf = this.buf;
      do {
        buf[--this.pos] = x & 0xff;
        x >>>= 8;
      } while (x >= xmax);
    }
    this.x = ((x >>> sh) << RANS_BITS) + (value << sh) + (x & ((1 << sh) - 1));
  }

  private grow(): void {
    const used = this.buf.length - this.pos;
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf.subarray(this.pos), bigger.length - used);
    this.buf = bigger;
    this.pos = bigger.length - used;
  }

  /**
   * The coded bytes: the final state (4 bytes, little-endian), then the renormalization bytes
   * in the order the decoder takes them (written backwards, they already are).
   */
  finish(): Uint8Array {
    if (this.pos < 4) this.grow();
    const x = this.x;
    this.pos -= 4;
    const buf = this.buf;
    buf[this.pos] = x & 0xff;
    buf[this.pos + 1] = (x >>> 8) & 0xff;
    buf[this.pos + 2] = (x >>> 16) & 0xff;
    buf[this.pos + 3] = x >>> 24;
    return buf.slice(this.pos);
  }
}

/**
 * Reads what a RansEncoder wrote. The state and position are public fields so that a caller's
 * hot loop can keep them in locals (see the SZ decoder) and hand them back.
 */
export class RansDecoder {
  x: number;
  pos: number;

  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    if (end - start < 4) throw new FormatError(`rans: stream of ${end - start} bytes is shorter than its 4-byte state`);
    this.pos = start + 4;
    this.x = (buf[start] | (buf[start + 1] << 8) | (buf[start + 2] << 16) | (buf[start + 3] << 24)) >>> 0;
    if (this.x < LOW || this.x >= 2 ** 31) throw new FormatError('rans: stream starts outside the coding range (corrupt)');
  }

  get(t: DecodeTable): number {
    let x = this.x;
    const slot = x & MASK;
    const s = t.sym[slot];
    x = t.freq[s] * (x >>> RANS_BITS) + slot - t.cum[s];
    while (x < LOW) {
      if (this.pos >= this.end) throw new FormatError('rans: stream ends early (truncated or corrupt)');
      x = (x << 8) | this.buf[this.pos++];
    }
    this.x = x;
    return s;
  }

  getBits(n: number): number {
    if (n === 0) return 0;
    const sh = RANS_BITS - n;
    let x = this.x;
    const slot = x & MASK;
    const v = slot >>> sh;
    x = (1 << sh) * (x >>> RANS_BITS) + (slot & ((1 << sh) - 1));
    while (x < LOW) {
      if (this.pos >= this.end) throw new FormatError('rans: stream ends early (truncated or corrupt)');
      x = (x << 8) | this.buf[this.pos++];
    }
    this.x = x;
    return v;
  }

  /** Throws unless the stream was read to its end and the state is back where the encoder began. */
  finish(what: string): void {
    if (this.pos !== this.end || this.x !== LOW) throw new FormatError(`${what}: coded symbols do not end where the stream does (corrupt stream)`);
  }
}

/** Renormalization constants for callers that inline the decoder's step. */
export const RANS_LOW = LOW;
export const RANS_MASK = MASK;
