// fpzip's residual coding (Lindstrom and Isenburg 2006): floats are mapped to unsigned
// integers whose order is the floats' order, the prediction is mapped the same way, and the
// integer difference is coded as its bit length and sign (an adaptive symbol, range-coded)
// followed by the bits below its leading one (raw, packed apart). 64-bit words are handled
// as two 32-bit halves, without BigInt.

import type { RangeDecoder, RangeEncoder } from '../entropy/rangecoder';
import type { BitReader, BitWriter } from '../entropy/rawbits';
import type { SymbolModel } from '../entropy/symbols';
import { FormatError } from '../../util/errors';

/** Bit length 0..64 and sign give symbols 0..128 (0..64 for float32). */
export const MAX_SYMBOL_64 = 128;
export const MAX_SYMBOL_32 = 64;

/** The residual coder's state: the symbol's range coder and model, the raw bits' packer. */
export interface ResidualSink {
  enc: RangeEncoder;
  model: SymbolModel;
  raw: BitWriter;
}
export interface ResidualSource {
  dec: RangeDecoder;
  model: SymbolModel;
  raw: BitReader;
}

/** Ordered mapping of a float's high word (the low word is flipped with it for negatives). */
export function mapHi(hi: number): number {
  return hi & 0x80000000 ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
}
export function mapLo(hi: number, lo: number): number {
  return hi & 0x80000000 ? ~lo >>> 0 : lo;
}
/** Inverse of the mapping, given the mapped high word. */
export function unmapHi(mhi: number): number {
  return mhi & 0x80000000 ? (mhi & 0x7fffffff) >>> 0 : ~mhi >>> 0;
}
export function unmapLo(mhi: number, mlo: number): number {
  return mhi & 0x80000000 ? mlo : ~mlo >>> 0;
}

function encodeLowBits(raw: BitWriter, v: number, n: number): void {
  while (n > 0) {
    const c = n > 16 ? 16 : n;
    n -= c;
    raw.put(v >>> n, c);
  }
}

/** The `n` (0..32) bits below a leading one at bit n, as an unsigned 32-bit value. */
function withLeadingOne(raw: BitReader, n: number): number {
  const lead = n < 32 ? 1 << n : 0;
  if (n <= 16) return (lead | raw.get(n)) >>> 0;
  return (lead | (raw.get(n - 16) << 16) | raw.get(16)) >>> 0;
}

function rawWord(raw: BitReader, n: number): number {
  if (n <= 16) return raw.get(n);
  return ((raw.get(n - 16) << 16) | raw.get(16)) >>> 0;
}

/** Codes actual - predicted (mapped 64-bit words as hi/lo halves), modulo 2^64. */
export function encode64(o: ResidualSink, ahi: number, alo: number, phi: number, plo: number): void {
  let lo = (alo - plo) >>> 0;
  let hi = (ahi - phi - (alo < plo ? 1 : 0)) >>> 0;
  const sign = hi >>> 31;
  if (sign) {
    hi = ~hi >>> 0;
    lo = (~lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  const k = hi !== 0 ? 64 - Math.clz32(hi) : lo !== 0 ? 32 - Math.clz32(lo) : 0;
  o.model.encode(o.enc, k === 0 ? 0 : 2 * k - 1 + sign);
  if (k > 33) {
    encodeLowBits(o.raw, hi, k - 33);
    encodeLowBits(o.raw, lo, 32);
  } else if (k > 1) encodeLowBits(o.raw, lo, k - 1);
}

/** Decodes a residual and adds it to the prediction; returns the high word, the low word in out[0]. */
export function decode64(o: ResidualSource, phi: number, plo: number, out: Uint32Array): number {
  const sym = o.model.decode(o.dec);
  if (sym > MAX_SYMBOL_64) throw new FormatError(`fpzip: residual symbol ${sym} out of range (corrupt stream)`);
  let hi = 0;
  let lo = 0;
  if (sym !== 0) {
    const k = (sym + 1) >>> 1;
    if (k >= 33) {
      hi = withLeadingOne(o.raw, k - 33);
      lo = rawWord(o.raw, 32);
    } else lo = withLeadingOne(o.raw, k - 1);
    if ((sym + 1) & 1) {
      hi = ~hi >>> 0;
      lo = (~lo + 1) >>> 0;
      if (lo === 0) hi = (hi + 1) >>> 0;
    }
  }
  out[0] = (plo + lo) >>> 0;
  return (phi + hi + (plo + lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** The 32-bit version for float32 words. */
export function encode32(o: ResidualSink, a: number, p: number): void {
  let r = (a - p) >>> 0;
  const sign = r >>> 31;
  if (sign) r = (~r + 1) >>> 0;
  const k = r !== 0 ? 32 - Math.clz32(r) : 0;
  o.model.encode(o.enc, k === 0 ? 0 : 2 * k - 1 + sign);
  if (k > 1) encodeLowBits(o.raw, r, k - 1);
}

export function decode32(o: ResidualSource, p: number): number {
  const sym = o.model.decode(o.dec);
  if (sym > MAX_SYMBOL_32) throw new FormatError(`fpzip: residual symbol ${sym} out of range (corrupt stream)`);
  if (sym === 0) return p;
  const k = (sym + 1) >>> 1;
  let r = withLeadingOne(o.raw, k - 1);
  if ((sym + 1) & 1) r = (~r + 1) >>> 0;
  return (p + r) >>> 0;
}
