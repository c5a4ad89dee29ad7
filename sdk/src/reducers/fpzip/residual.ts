// fpzip's residual coding (Lindstrom and Isenburg 2006): floats are mapped to unsigned
// integers whose order is the floats' order, the prediction is mapped the same way, and the
// integer difference is coded as its bit length and sign (adaptive) followed by the bits
// below its leading one (raw). 64-bit words are handled as two 32-bit halves, without BigInt.

import { BitModels, RangeDecoder, RangeEncoder } from '../entropy/rangecoder';
import { FormatError } from '../../util/errors';

/** Bit length 0..64 and sign give symbols 0..128: an 8-level binary tree. */
const TREE_LEVELS = 8;
export const RESIDUAL_CONTEXTS = 1 << TREE_LEVELS;

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

function encodeSymbol(enc: RangeEncoder, m: BitModels, sym: number): void {
  enc.encodeTree(m, 0, sym, TREE_LEVELS);
}

function decodeSymbol(dec: RangeDecoder, m: BitModels): number {
  return dec.decodeTree(m, 0, TREE_LEVELS);
}

function encodeLowBits(enc: RangeEncoder, v: number, n: number): void {
  while (n > 0) {
    const c = n > 16 ? 16 : n;
    n -= c;
    enc.encodeRaw((v >>> n) & ((1 << c) - 1), c);
  }
}

function decodeLowBits(dec: RangeDecoder, n: number): number {
  let v = 0;
  while (n > 0) {
    const c = n > 16 ? 16 : n;
    n -= c;
    v = v * (1 << c) + dec.decodeRaw(c);
  }
  return v >>> 0;
}

/** Codes actual - predicted (mapped 64-bit words as hi/lo halves), modulo 2^64. */
export function encode64(enc: RangeEncoder, m: BitModels, ahi: number, alo: number, phi: number, plo: number): void {
  let lo = (alo - plo) >>> 0;
  let hi = (ahi - phi - (alo < plo ? 1 : 0)) >>> 0;
  const sign = hi >>> 31;
  if (sign) {
    hi = ~hi >>> 0;
    lo = (~lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  const k = hi !== 0 ? 64 - Math.clz32(hi) : lo !== 0 ? 32 - Math.clz32(lo) : 0;
  encodeSymbol(enc, m, k === 0 ? 0 : 2 * k - 1 + sign);
  if (k > 33) {
    encodeLowBits(enc, hi, k - 33);
    encodeLowBits(enc, lo, 32);
  } else if (k > 1) encodeLowBits(enc, lo, k - 1);
}

/** Decodes a residual and adds it to the prediction; returns the high word, the low word in out[0]. */
export function decode64(dec: RangeDecoder, m: BitModels, phi: number, plo: number, out: Uint32Array): number {
  const sym = decodeSymbol(dec, m);
  if (sym > 128) throw new FormatError(`fpzip: residual symbol ${sym} out of range (corrupt stream)`);
  let hi = 0;
  let lo = 0;
  if (sym !== 0) {
    const k = (sym + 1) >>> 1;
    if (k >= 33) {
      hi = (2 ** (k - 33) + (k > 33 ? decodeLowBits(dec, k - 33) : 0)) >>> 0;
      lo = decodeLowBits(dec, 32);
    } else lo = (2 ** (k - 1) + decodeLowBits(dec, k - 1)) >>> 0;
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
export function encode32(enc: RangeEncoder, m: BitModels, a: number, p: number): void {
  let r = (a - p) >>> 0;
  const sign = r >>> 31;
  if (sign) r = (~r + 1) >>> 0;
  const k = r !== 0 ? 32 - Math.clz32(r) : 0;
  encodeSymbol(enc, m, k === 0 ? 0 : 2 * k - 1 + sign);
  if (k > 1) encodeLowBits(enc, r, k - 1);
}

export function decode32(dec: RangeDecoder, m: BitModels, p: number): number {
  const sym = decodeSymbol(dec, m);
  if (sym > 64) throw new FormatError(`fpzip: residual symbol ${sym} out of range (corrupt stream)`);
  if (sym === 0) return p;
  const k = (sym + 1) >>> 1;
  let r = (2 ** (k - 1) + decodeLowBits(dec, k - 1)) >>> 0;
  if ((sym + 1) & 1) r = (~r + 1) >>> 0;
  return (p + r) >>> 0;
}
