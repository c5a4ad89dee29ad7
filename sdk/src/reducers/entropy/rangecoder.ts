// A range coder (LZMA's carry-propagating design) for two kinds of events: adaptive binary
// decisions whose probabilities learn like counts (rate 1/2 slowing to 1/(n+2) up to a limit),
// and multi-symbol events with frequencies summing to 2^FREQ_BITS (one step per symbol,
// which is what makes large alphabets fast: see symbols.ts).

import { FormatError } from '../../util/errors';

const PROB_ONE = 1 << 16;
/** Multi-symbol events: frequencies sum to 2^FREQ_BITS; the range keeps >= 2^8 units per step. */
export const FREQ_BITS = 15;
export const FREQ_TOTAL = 1 << FREQ_BITS;
/**
 * The range stays under 2^31 (normalized to at least 2^23), so range, code and every bound
 * are small integers to the JIT: the decoder runs in int32 arithmetic.
 */
const TOP = 1 << 23;
const RANGE_START = 0x7fffffff;
const TWO32 = 4294967296;
/** The slowest rate is 1/(RATE_LIMIT + 2): slow enough for stationary columns, still tracking drift. */
const RATE_LIMIT = 126;
/** RATE[n] = 2^16 / (n + 2): the count-based step after n observations (the KT estimator's update). */
const RATE = new Uint32Array(RATE_LIMIT + 1);
for (let n = 0; n <= RATE_LIMIT; n++) RATE[n] = Math.floor(65536 / (n + 2));

/** Adaptive binary contexts: probability of a 0 bit (16-bit) and an observation count each. */
export class BitModels {
  readonly prob: Uint16Array;
  readonly count: Uint8Array;
  constructor(size: number) {
    this.prob = new Uint16Array(size).fill(PROB_ONE >>> 1);
    this.count = new Uint8Array(size);
  }
  /** Forgets what contexts [0, end) learnt. */
  reset(end: number): void {
    this.prob.fill(PROB_ONE >>> 1, 0, end);
    this.count.fill(0, 0, end);
  }
}

function adapt(m: BitModels, ctx: number, bit: number): void {
  const n = m.count[ctx];
  const r = RATE[n];
  if (n < RATE_LIMIT) m.count[ctx] = n + 1;
  const p = m.prob[ctx];
  // Both steps keep p inside [1, 65535]: floor(x) < m for x < m.
  if (bit === 0) m.prob[ctx] = p + (((PROB_ONE - p) * r) >>> 16);
  else m.prob[ctx] = p - ((p * r) >>> 16);
}

export class RangeEncoder {
  private low = 0; // up to 2^32 + 2^32: a float64 holds it exactly
  private range = RANGE_START;
  private cache = 0;
  private cacheSize = 1;
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  encodeBit(m: BitModels, ctx: number, bit: number): void {
    const bound = (this.range >>> 16) * m.prob[ctx];
    if (bit === 0) this.range = bound;
    else {
      this.low += bound;
      this.range -= bound;
    }
    adapt(m, ctx, bit);
    while (this.range < TOP) {
      this.range <<= 8;
      this.shiftLow();
    }
  }

  /**
   * The `nBits` low bits of `value`, most significant first, through a binary tree of
   * contexts base + node (node 1 is the root). The coder's state lives in locals here: this
   * loop is where the codecs spend their time.
   */
  encodeTree(m: BitModels, base: number, value: number, nBits: number, start = 1): void {
    const prob = m.prob;
    const count = m.count;
    let range = this.range;
    let low = this.low;
    let node = start;
    for (let i = nBits - 1; i >= 0; i--) {
      const b = (value >>> i) & 1;
      const ctx = base + node;
      const p = prob[ctx];
      const bound = (range >>> 16) * p;
      const n = count[ctx];
      const r = RATE[n];
      if (n < RATE_LIMIT) count[ctx] = n + 1;
      if (b === 0) {
        range = bound;
        prob[ctx] = p + (((PROB_ONE - p) * r) >>> 16);
      } else {
        low += bound;
        range -= bound;
        prob[ctx] = p - ((p * r) >>> 16);
      }
      node = (node << 1) | b;
      while (range < TOP) {
        range <<= 8;
        this.low = low;
        this.shiftLow();
        low = this.low;
      }
    }
    this.range = range;
    this.low = low;
  }

  /** A symbol occupying [cum, cum + freq) of FREQ_TOTAL (freq >= 1). */
  encodeFreq(cum: number, freq: number): void {
    const r = this.range >>> FREQ_BITS;
    this.low += r * cum;
    let range = r * freq;
    while (range < TOP) {
      range <<= 8;
      this.range = range;
      this.shiftLow();
    }
    this.range = range;
  }

  /** `nBits` (0..16) equiprobable bits of `value`, at one division of the range. */
  encodeRaw(value: number, nBits: number): void {
    this.range = this.range >>> nBits;
    this.low += value * this.range;
    while (this.range < TOP) {
      this.range <<= 8;
      this.shiftLow();
    }
  }

  private shiftLow(): void {
    const low = this.low;
    if (low < 0xff000000 || low >= TWO32) {
      const carry = low >= TWO32 ? 1 : 0;
      let temp = this.cache;
      do {
        this.put((temp + carry) & 0xff);
        temp = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = (low >>> 24) & 0xff; // bits 24..31 (>>> takes low mod 2^32 first)
    }
    this.cacheSize++;
    this.low = (low % 16777216) * 256;
  }

  private put(byte: number): void {
    if (this.pos === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.pos++] = byte;
  }

  finish(): Uint8Array {
    for (let i = 0; i < 5; i++) this.shiftLow();
    return this.buf.subarray(0, this.pos);
  }
}

export class RangeDecoder {
  private range = RANGE_START;
  private code = 0;
  /** The range's unit for the pending multi-symbol event (set by freqTarget). */
  private unit = 0;
  private pos: number;
  private readonly end: number;

  constructor(private readonly buf: Uint8Array, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
    if (end - start < 5) throw new FormatError(`range coder: stream of ${end - start} bytes is shorter than its 5-byte start`);
    if (buf[start] !== 0) throw new FormatError('range coder: stream does not start with a zero byte (corrupt)');
    for (let i = 0; i < 5; i++) this.code = ((this.code * 256) >>> 0) + buf[this.pos++];
    if (this.code >= RANGE_START) throw new FormatError('range coder: stream starts outside the coding range (corrupt)');
  }

  decodeBit(m: BitModels, ctx: number): number {
    const bound = (this.range >>> 16) * m.prob[ctx];
    let bit: number;
    if (this.code < bound) {
      this.range = bound;
      bit = 0;
    } else {
      this.code -= bound;
      this.range -= bound;
      bit = 1;
    }
    adapt(m, ctx, bit);
    while (this.range < TOP) {
      this.range <<= 8;
      this.code = (this.code << 8) | this.next();
    }
    return bit;
  }

  /**
   * First half of decoding a multi-symbol event: the position in [0, FREQ_TOTAL) that the
   * caller maps to its symbol, then passes to consumeFreq.
   */
  freqTarget(): number {
    const unit = this.range >>> FREQ_BITS;
    this.unit = unit;
    const v = Math.floor(this.code / unit);
    // Only a corrupt stream points past the total; the caller's symbol checks catch it.
    return v < FREQ_TOTAL ? v : FREQ_TOTAL - 1;
  }

  consumeFreq(cum: number, freq: number): void {
    const unit = this.unit;
    let code = this.code - unit * cum;
    let range = unit * freq;
    while (range < TOP) {
      range <<= 8;
      code = (code << 8) | (this.pos < this.end ? this.buf[this.pos++] : this.pastEnd());
    }
    this.range = range;
    this.code = code;
  }

  /** Inverse of RangeEncoder.encodeTree (the value's nBits low bits, below `start`). */
  decodeTree(m: BitModels, base: number, nBits: number, start = 1): number {
    const prob = m.prob;
    const count = m.count;
    const buf = this.buf;
    let range = this.range;
    let code = this.code;
    let node = start;
    for (let i = 0; i < nBits; i++) {
      const ctx = base + node;
      const p = prob[ctx];
      const bound = (range >>> 16) * p;
      const n = count[ctx];
      const r = RATE[n];
      if (n < RATE_LIMIT) count[ctx] = n + 1;
      if (code < bound) {
        range = bound;
        prob[ctx] = p + (((PROB_ONE - p) * r) >>> 16);
        node <<= 1;
      } else {
        code -= bound;
        range -= bound;
        prob[ctx] = p - ((p * r) >>> 16);
        node = (node << 1) | 1;
      }
      while (range < TOP) {
        range <<= 8;
        code = (code << 8) | (this.pos < this.end ? buf[this.pos++] : this.pastEnd());
      }
    }
    this.range = range;
    this.code = code;
    return node - start * (1 << nBits);
  }

  decodeRaw(nBits: number): number {
    this.range = this.range >>> nBits;
    const v = Math.floor(this.code / this.range);
    if (v >>> nBits !== 0) throw new FormatError('range coder: raw bits out of range (corrupt stream)');
    this.code -= v * this.range;
    while (this.range < TOP) {
      this.range <<= 8;
      this.code = (this.code << 8) | this.next();
    }
    return v;
  }

  private next(): number {
    return this.pos < this.end ? this.buf[this.pos++] : this.pastEnd();
  }

  private pastEnd(): number {
    // An honest stream is read at most 4 bytes past its last symbol's need; a few zero bytes
    // past the end are the flush. Reading far beyond means the stream is corrupt or truncated.
    if (++this.pos > this.end + 8) throw new FormatError('range coder: stream ends early (truncated or corrupt)');
    return 0;
  }

  /** Bytes consumed, to check that a stream was read to its end. */
  get consumed(): number {
    return this.pos;
  }
}
