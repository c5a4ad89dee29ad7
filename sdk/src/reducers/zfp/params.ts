// zfp's four stream parameters (minbits, maxbits, maxprec, minexp) as libzfp 1.0 derives them
// from its fixed-rate, fixed-precision and fixed-accuracy modes, and the per-block precision
// rule they imply. Encoder and decoder must agree on these exactly, so they live in one place.

import type { DType } from '../../data/dataset';

export const ZFP_MIN_BITS = 1;
export const ZFP_MAX_BITS = 16658;
export const ZFP_MAX_PREC = 64;
export const ZFP_MIN_EXP = -1074;

export interface ZfpParams {
  minbits: number;
  maxbits: number;
  maxprec: number;
  minexp: number;
}

/** Exponent bits of a block header: 8 for float, 11 for double. */
export function ebits(dtype: DType): number {
  return dtype === 'float32' ? 8 : 11;
}

/** zfp_stream_set_rate without word alignment: every block takes exactly floor(4^d x rate + 0.5) bits. */
export function rateParams(rate: number, dtype: DType, dims: 1 | 2): ZfpParams {
  const n = 1 << (2 * dims);
  const bits = Math.max(Math.floor(n * rate + 0.5), 1 + ebits(dtype));
  return { minbits: bits, maxbits: bits, maxprec: ZFP_MAX_PREC, minexp: ZFP_MIN_EXP };
}

/** zfp_stream_set_precision: at most `precision` bit planes per block. */
export function precisionParams(precision: number): ZfpParams {
  const maxprec = precision > 0 ? Math.min(precision, ZFP_MAX_PREC) : ZFP_MAX_PREC;
  return { minbits: ZFP_MIN_BITS, maxbits: ZFP_MAX_BITS, maxprec, minexp: ZFP_MIN_EXP };
}

/** zfp_stream_set_accuracy: bit planes below 2^minexp are dropped, 2^minexp <= tolerance. */
export function accuracyParams(tolerance: number): ZfpParams {
  return { minbits: ZFP_MIN_BITS, maxbits: ZFP_MAX_BITS, maxprec: ZFP_MAX_PREC, minexp: toleranceExponent(tolerance) };
}

/** The minexp libzfp derives from a tolerance: floor(log2(tolerance)), computed exactly. */
export function toleranceExponent(tolerance: number): number {
  if (!(tolerance > 0)) return ZFP_MIN_EXP;
  // An infinite tolerance (a range that overflows) behaves as the largest finite one.
  return frexpExponent(Math.min(tolerance, Number.MAX_VALUE)) - 1;
}

/** Bit planes coded for a block whose largest exponent is emax (libzfp's `precision`). */
export function blockPrecision(emax: number, p: ZfpParams, dims: number): number {
  return Math.min(p.maxprec, Math.max(0, emax - p.minexp + 2 * (dims + 1)));
}

/** Upper bound on one block's bits (libzfp's zfp_stream_maximum_size, per block). */
export function maxBlockBits(p: ZfpParams, dtype: DType, dims: number): number {
  const values = 1 << (2 * dims);
  const intprec = dtype === 'float32' ? 32 : 64;
  const bits = 1 + ebits(dtype) + values - 1 + values * Math.min(p.maxprec, intprec);
  return Math.max(Math.min(bits, p.maxbits), p.minbits);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** frexp's exponent e of a finite x > 0 (x = m 2^e, 0.5 <= m < 1), exact for subnormals too. */
export function frexpExponent(x: number): number {
  f64[0] = x;
  const biased = (u32[1] >>> 20) & 0x7ff;
  if (biased !== 0) return biased - 1022;
  f64[0] = x * 2 ** 64;
  return ((u32[1] >>> 20) & 0x7ff) - 1022 - 64;
}
