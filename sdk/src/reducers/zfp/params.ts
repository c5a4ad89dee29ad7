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

/**
 * Whether a block coded in accuracy mode (maxprec 64, no bit budget) with largest exponent emax
 * and `prec` planes is restored within 2^minexp (<= tolerance) of every value, without
 * decoding it. In units u = 2^(emax - intprec + 2) of the block's integers: dropping the planes
 * below kmin = intprec - prec changes each negabinary coefficient by less than (2/3) 2^kmin;
 * the inverse transform's linear part has infinity norm 15/4 per dimension, so values move by
 * less than (2/3)(15/4)^d 2^kmin u = 0.625 2^minexp (d = 1) or 0.586 2^minexp (d = 2), since
 * prec = emax - minexp + 2d + 2. The rest (the cast's truncation, the floors of both
 * transforms, the rounding to the output type) is below 2^11 u for float64 and 2^9 u for
 * float32: within the remaining 0.375 2^minexp while emax - minexp <= 49 (float64) or 19
 * (float32); the limits below, 40 and 16, leave a factor of 2^9 and 2^3 to spare. With emax - minexp >= 0 (prec >= 2d + 2), the
 * coefficients are close enough to the exact ones that no int64 / int32 overflow occurs.
 * emax is kept away from the ends of the exponent range (no subnormal or overflowing scale).
 * prec 0 means every value is below 2^(minexp - 4): restored as 0, within the bound.
 */
export function provablyWithin(emax: number, prec: number, minexp: number, dims: number, dtype: DType): boolean {
  if (prec === 0) return true;
  const span = emax - minexp;
  if (span < 0 || prec !== span + 2 * dims + 2) return false;
  return dtype === 'float32' ? span <= 16 && emax >= -90 && emax <= 126 : span <= 40 && emax >= -900 && emax <= 1000;
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
