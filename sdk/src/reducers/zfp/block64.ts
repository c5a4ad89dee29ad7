// zfp blocks of float64 values: the common exponent, the cast to 62-bit integers, the lifting
// transform and negabinary coefficients, in int64 arithmetic done exactly in doubles. Each
// integer is a pair of doubles, value = h + l, with h a multiple of 2^24 (it starts as one of
// 2^32 and each halving takes one factor of 2; no chain of the transform halves more than 8
// times) and l a small integer (below 2^48): sums are then exact, and floor(v / 2) is h / 2 +
// floor(l / 2), so no step needs a carry. Sums, differences and doublings agree with int64
// arithmetic modulo 2^64, so the inverse transform (which may overflow int64 where few planes
// were kept) brings a value into int64 range only before it is halved, and at the end.

import type { BitReader, BitWriter } from './bitstream';
import { PERM_2 } from './order';
import { decodePlanes1, encodePlanes1 } from './planes1';
import { decodePlanes2, encodePlanes2 } from './planes2';
import { blockPrecision, frexpExponent, provablyWithin, type ZfpParams } from './params';
import { splitScale } from './pow2';

const EBITS = 11;
const EBIAS = 1023;
const TWO32 = 4294967296;
const INV32 = 1 / TWO32;
/** 0xaaaaaaaaaaaaaaaa, the negabinary mask: high word as int32, low word unsigned. */
const NBH = 0xaaaaaaaa | 0;
const NBL = 0xaaaaaaaa;
const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;

const H = new Float64Array(16);
const L = new Float64Array(16);
/** Negabinary coefficients in coding order, top-aligned 64-bit (see planes.ts). */
const chi = new Int32Array(16);
const clo = new Int32Array(16);
const scale = new Float64Array(2);
// What the last encodeBlock64 wrote, for restoreEncodedBlock64 (prec 0: an all-zero block).
let lastEmax = 0;
let lastPrec = 0;

function fwdLift(i: number, s: number): void {
  let xh = H[i], xl = L[i];
  let yh = H[i + s], yl = L[i + s];
  let zh = H[i + 2 * s], zl = L[i + 2 * s];
  let wh = H[i + 3 * s], wl = L[i + 3 * s];
  // x += w; x >>= 1; w -= x
  xh = (xh + wh) * 0.5; xl = Math.floor((xl + wl) * 0.5); wh -= xh; wl -= xl;
  // z += y; z >>= 1; y -= z
  zh = (zh + yh) * 0.5; zl = Math.floor((zl + yl) * 0.5); yh -= zh; yl -= zl;
  // x += z; x >>= 1; z -= x
  xh = (xh + zh) * 0.5; xl = Math.floor((xl + zl) * 0.5); zh -= xh; zl -= xl;
  // w += y; w >>= 1; y -= w
  wh = (wh + yh) * 0.5; wl = Math.floor((wl + yl) * 0.5); yh -= wh; yl -= wl;
  // w += y >> 1; y -= w >> 1
  wh += yh * 0.5; wl += Math.floor(yl * 0.5);
  yh -= wh * 0.5; yl -= Math.floor(wl * 0.5);
  H[i] = xh; L[i] = xl;
  H[i + s] = yh; L[i + s] = yl;
  H[i + 2 * s] = zh; L[i + 2 * s] = zl;
  H[i + 3 * s] = wh; L[i + 3 * s] = wl;
}

function invLift(i: number, s: number): void {
  let xh = H[i], xl = L[i];
  let yh = H[i + s], yl = L[i + s];
  let zh = H[i + 2 * s], zl = L[i + 2 * s];
  let wh = H[i + 3 * s], wl = L[i + 3 * s];
  // y += w >> 1; w -= y >> 1 (each halved value wrapped to int64 first; the tests are exact)
  if (wh - TWO63 >= -wl) wh -= TWO64;
  else if (wh + TWO63 < -wl) wh += TWO64;
  yh += wh * 0.5; yl += Math.floor(wl * 0.5);
  if (yh - TWO63 >= -yl) yh -= TWO64;
  else if (yh + TWO63 < -yl) yh += TWO64;
  wh -= yh * 0.5; wl -= Math.floor(yl * 0.5);
  // y += w; w <<= 1; w -= y
  yh += wh; yl += wl; wh = wh * 2 - yh; wl = wl * 2 - yl;
  // z += x; x <<= 1; x -= z
  zh += xh; zl += xl; xh = xh * 2 - zh; xl = xl * 2 - zl;
  // y += z; z <<= 1; z -= y
  yh += zh; yl += zl; zh = zh * 2 - yh; zl = zl * 2 - yl;
  // w += x; x <<= 1; x -= w
  wh += xh; wl += xl; xh = xh * 2 - wh; xl = xl * 2 - wl;
  H[i] = xh; L[i] = xl;
  H[i + s] = yh; L[i + s] = yl;
  H[i + 2 * s] = zh; L[i + 2 * s] = zl;
  H[i + 3 * s] = wh; L[i + 3 * s] = wl;
}

/** invLift on high parts alone (every low part zero: see inverse1High). */
function invLiftHigh(i: number, s: number): void {
  let x = H[i];
  let y = H[i + s];
  let z = H[i + 2 * s];
  let w = wrapHigh(H[i + 3 * s]);
  y = wrapHigh(y + w * 0.5);
  w -= y * 0.5;
  y += w; w = w * 2 - y;
  z += x; x = x * 2 - z;
  y += z; z = z * 2 - y;
  w += x; x = x * 2 - w;
  H[i] = x;
  H[i + s] = y;
  H[i + 2 * s] = z;
  H[i + 3 * s] = w;
}

/** fromNegabinary, invXform and castFromInts of a 2-D block whose low words are all zero. */
function inverse2High(f: Float64Array, emax: number): void {
  for (let i = 0; i < 16; i++) H[PERM_2[i]] = (((chi[i] ^ NBH) - NBH) | 0) * TWO32;
  for (let x = 0; x < 4; x++) invLiftHigh(x, 4);
  for (let y = 0; y < 16; y += 4) invLiftHigh(y, 1);
  splitScale(emax - 62, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  for (let i = 0; i < 16; i++) f[i] = wrapHigh(H[i]) * s1 * s2;
}

/** The inverse of the forward steps, from the coefficients in chi, clo to values in f. */
function inverse(f: Float64Array, dims: number, emax: number, prec: number): void {
  // With at most 32 planes the low words are zero (decoded or masked so).
  if (dims === 1) {
    if (prec <= 32) inverse1High(f, emax);
    else inverse1(f, emax);
  } else if (prec <= 32) {
    inverse2High(f, emax);
  } else {
    fromNegabinary(2, 16);
    invXform(2);
    castFromInts(f, 16, emax);
  }
}

export function blockExponent64(f: Float64Array, size: number): number {
  let max = 0;
  for (let i = 0; i < size; i++) {
    const a = Math.abs(f[i]);
    if (max < a) max = a;
  }
  return max > 0 ? Math.max(frexpExponent(max), 1 - EBIAS) : -EBIAS;
}

/** y = trunc(x 2^(62 - emax)), |y| < 2^62 (exact in double), split as h + l with l in [0, 2^32). */
function castToInts(f: Float64Array, size: number, emax: number): void {
  splitScale(62 - emax, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  for (let i = 0; i < size; i++) {
    const v = Math.trunc(f[i] * s1 * s2);
    const h = Math.floor(v * INV32) * TWO32;
    H[i] = h;
    L[i] = v - h;
  }
}

/**
 * Coefficients to negabinary, (v + 0xaaaa...) ^ 0xaaaa..., as int32 halves, in coding order;
 * the low words only when `low` (more than 32 planes to code: otherwise they are never read).
 */
function toNegabinary(dims: number, size: number, low: boolean): void {
  for (let i = 0; i < size; i++) {
    const j = dims === 1 ? i : PERM_2[i];
    const h = H[j];
    const q = Math.floor(h * INV32);
    // v + NB = (q + NBH) 2^32 + l2, every term an integer below 2^53
    const l2 = L[j] + (h - q * TWO32) + NBL;
    const q2 = Math.floor(l2 * INV32);
    chi[i] = ((q + q2 + NBH) | 0) ^ NBH;
    clo[i] = low ? ((l2 - q2 * TWO32) | 0) ^ NBH : 0;
  }
}

/** Inverse of toNegabinary, up to a multiple of 2^64 (h + l within 2^63 + 2^32). */
function fromNegabinary(dims: number, size: number): void {
  for (let i = 0; i < size; i++) {
    const j = dims === 1 ? i : PERM_2[i];
    H[j] = (((chi[i] ^ NBH) - NBH) | 0) * TWO32;
    L[j] = ((clo[i] ^ NBH) >>> 0) - NBL;
  }
}

/**
 * The int64 value (h + l wrapped to int64) rounds once, as libzfp's int64-to-double conversion; the scaling then rounds once more
 * only where the result is subnormal, as libzfp's multiply does.
 */
function castFromInts(f: Float64Array, size: number, emax: number): void {
  splitScale(emax - 62, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  for (let i = 0; i < size; i++) f[i] = toValue(H[i], L[i], s1, s2);
}

function fwdXform(dims: number): void {
  if (dims === 1) {
    fwdLift(0, 1);
    return;
  }
  for (let y = 0; y < 16; y += 4) fwdLift(y, 1);
  for (let x = 0; x < 4; x++) fwdLift(x, 4);
}

function invXform(dims: number): void {
  if (dims === 1) {
    invLift(0, 1);
    return;
  }
  for (let x = 0; x < 4; x++) invLift(x, 4);
  for (let y = 0; y < 16; y += 4) invLift(y, 1);
}

/** The high word of negabinary(h, l) alone. */
function negabinaryHigh(h: number, l: number): number {
  const q = Math.floor(h * INV32);
  const q2 = Math.floor((l + (h - q * TWO32) + NBL) * INV32);
  return ((q + q2 + NBH) | 0) ^ NBH;
}

/** Negabinary of h + l, as toNegabinary computes it: the high word (the low one into lo1). */
let lo1 = 0;
function negabinary(h: number, l: number): number {
  const q = Math.floor(h * INV32);
  const l2 = l + (h - q * TWO32) + NBL;
  const q2 = Math.floor(l2 * INV32);
  lo1 = ((l2 - q2 * TWO32) | 0) ^ NBH;
  return ((q + q2 + NBH) | 0) ^ NBH;
}

/**
 * castToInts, fwdXform and toNegabinary of a 1-D block, the values held in locals; the low
 * words only when `low` (more than 32 planes to code: otherwise they are never read).
 */
function forward1(f: Float64Array, emax: number, low: boolean): void {
  splitScale(62 - emax, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  const vx = Math.trunc(f[0] * s1 * s2);
  const vy = Math.trunc(f[1] * s1 * s2);
  const vz = Math.trunc(f[2] * s1 * s2);
  const vw = Math.trunc(f[3] * s1 * s2);
  let xh = Math.floor(vx * INV32) * TWO32, xl = vx - xh;
  let yh = Math.floor(vy * INV32) * TWO32, yl = vy - yh;
  let zh = Math.floor(vz * INV32) * TWO32, zl = vz - zh;
  let wh = Math.floor(vw * INV32) * TWO32, wl = vw - wh;
  xh = (xh + wh) * 0.5; xl = Math.floor((xl + wl) * 0.5); wh -= xh; wl -= xl;
  zh = (zh + yh) * 0.5; zl = Math.floor((zl + yl) * 0.5); yh -= zh; yl -= zl;
  xh = (xh + zh) * 0.5; xl = Math.floor((xl + zl) * 0.5); zh -= xh; zl -= xl;
  wh = (wh + yh) * 0.5; wl = Math.floor((wl + yl) * 0.5); yh -= wh; yl -= wl;
  wh += yh * 0.5; wl += Math.floor(yl * 0.5);
  yh -= wh * 0.5; yl -= Math.floor(wl * 0.5);
  if (!low) {
    chi[0] = negabinaryHigh(xh, xl);
    chi[1] = negabinaryHigh(yh, yl);
    chi[2] = negabinaryHigh(zh, zl);
    chi[3] = negabinaryHigh(wh, wl);
    clo[0] = clo[1] = clo[2] = clo[3] = 0;
    return;
  }
  chi[0] = negabinary(xh, xl);
  clo[0] = lo1;
  chi[1] = negabinary(yh, yl);
  clo[1] = lo1;
  chi[2] = negabinary(zh, zl);
  clo[2] = lo1;
  chi[3] = negabinary(wh, wl);
  clo[3] = lo1;
}

/** The int64 value h + l (wrapped into int64 range) as a double, scaled by s1 s2. */
function toValue(h: number, l: number, s1: number, s2: number): number {
  if (h - TWO63 >= -l) h -= TWO64;
  else if (h + TWO63 < -l) h += TWO64;
  return (h + l) * s1 * s2;
}

/** h wrapped into int64 range (h an integer multiple of 2^28, l = 0). */
function wrapHigh(h: number): number {
  return h >= TWO63 ? h - TWO64 : h < -TWO63 ? h + TWO64 : h;
}

/**
 * inverse1 where every low word is zero (at most 32 planes decoded): all l stay 0, since a
 * halved h is still an integer, so each value is one exact double and no floor is needed.
 */
function inverse1High(f: Float64Array, emax: number): void {
  let x = (((chi[0] ^ NBH) - NBH) | 0) * TWO32;
  let y = (((chi[1] ^ NBH) - NBH) | 0) * TWO32;
  let z = (((chi[2] ^ NBH) - NBH) | 0) * TWO32;
  let w = (((chi[3] ^ NBH) - NBH) | 0) * TWO32;
  w = wrapHigh(w);
  y = wrapHigh(y + w * 0.5);
  w -= y * 0.5;
  y += w; w = w * 2 - y;
  z += x; x = x * 2 - z;
  y += z; z = z * 2 - y;
  w += x; x = x * 2 - w;
  splitScale(emax - 62, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  f[0] = wrapHigh(x) * s1 * s2;
  f[1] = wrapHigh(y) * s1 * s2;
  f[2] = wrapHigh(z) * s1 * s2;
  f[3] = wrapHigh(w) * s1 * s2;
}

/** fromNegabinary, invXform and castFromInts of a 1-D block, the values held in locals. */
function inverse1(f: Float64Array, emax: number): void {
  let xh = (((chi[0] ^ NBH) - NBH) | 0) * TWO32, xl = ((clo[0] ^ NBH) >>> 0) - NBL;
  let yh = (((chi[1] ^ NBH) - NBH) | 0) * TWO32, yl = ((clo[1] ^ NBH) >>> 0) - NBL;
  let zh = (((chi[2] ^ NBH) - NBH) | 0) * TWO32, zl = ((clo[2] ^ NBH) >>> 0) - NBL;
  let wh = (((chi[3] ^ NBH) - NBH) | 0) * TWO32, wl = ((clo[3] ^ NBH) >>> 0) - NBL;
  // invLift, with the same wrapping before each halving
  if (wh - TWO63 >= -wl) wh -= TWO64;
  else if (wh + TWO63 < -wl) wh += TWO64;
  yh += wh * 0.5; yl += Math.floor(wl * 0.5);
  if (yh - TWO63 >= -yl) yh -= TWO64;
  else if (yh + TWO63 < -yl) yh += TWO64;
  wh -= yh * 0.5; wl -= Math.floor(yl * 0.5);
  yh += wh; yl += wl; wh = wh * 2 - yh; wl = wl * 2 - yl;
  zh += xh; zl += xl; xh = xh * 2 - zh; xl = xl * 2 - zl;
  yh += zh; yl += zl; zh = zh * 2 - yh; zl = zl * 2 - yl;
  wh += xh; wl += xl; xh = xh * 2 - wh; xl = xl * 2 - wl;
  splitScale(emax - 62, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  f[0] = toValue(xh, xl, s1, s2);
  f[1] = toValue(yh, yl, s1, s2);
  f[2] = toValue(zh, zl, s1, s2);
  f[3] = toValue(wh, wl, s1, s2);
}

/** Encodes one block (values in f[0..4^dims)); returns the bits written. */
export function encodeBlock64(w: BitWriter, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  const emax = blockExponent64(f, size);
  const prec = blockPrecision(emax, p, dims);
  const e = prec ? emax + EBIAS : 0;
  lastEmax = emax;
  lastPrec = e ? prec : 0;
  let bits = 1;
  if (e) {
    bits += EBITS;
    w.write(2 * e + 1, bits);
    // Each plane takes at least a bit: a fixed-rate budget may code fewer than prec.
    const low = Math.min(prec, p.maxbits - bits) > 32;
    if (dims === 1) {
      forward1(f, emax, low);
    } else {
      castToInts(f, size, emax);
      fwdXform(dims);
      toNegabinary(dims, size, low);
    }
    bits += dims === 1 ? encodePlanes1(w, p.maxbits - bits, prec, chi, clo) : encodePlanes2(w, p.maxbits - bits, prec, chi, clo);
  } else {
    w.write(0, 1);
  }
  if (bits < p.minbits) {
    w.pad(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}

/**
 * Writes into f the values a decoder restores from the block encodeBlock64 just wrote: its
 * coefficients with the planes below the coded ones cleared. Valid only where maxbits did not
 * cut the planes short (accuracy and precision modes), so that encoding can check the bound
 * without decoding the stream.
 */
export function restoreEncodedBlock64(f: Float64Array, dims: number): void {
  const size = dims === 1 ? 4 : 16;
  if (!lastPrec) {
    f.fill(0, 0, size);
    return;
  }
  const kmin = 64 - lastPrec;
  const mhi = kmin >= 32 ? ~((1 << (kmin - 32)) - 1) : -1;
  const mlo = kmin >= 32 ? 0 : ~((1 << kmin) - 1);
  for (let i = 0; i < size; i++) {
    chi[i] &= mhi;
    clo[i] &= mlo;
  }
  inverse(f, dims, lastEmax, lastPrec);
}

/** Whether the block encodeBlock64 just wrote (accuracy mode) is restored within 2^minexp without a check. */
export function encodedWithin64(minexp: number, dims: number): boolean {
  return provablyWithin(lastEmax, lastPrec, minexp, dims, 'float64');
}

/** Decodes one block into f[0..4^dims); returns the bits read. */
export function decodeBlock64(r: BitReader, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  let bits = 1;
  if (r.readBit()) {
    bits += EBITS;
    const emax = r.read(EBITS) - EBIAS;
    // Each plane takes at least a bit: a fixed-rate budget may decode fewer than prec.
    const prec = Math.min(blockPrecision(emax, p, dims), p.maxbits - bits);
    bits += dims === 1 ? decodePlanes1(r, p.maxbits - bits, prec, chi, clo) : decodePlanes2(r, p.maxbits - bits, prec, chi, clo);
    inverse(f, dims, emax, prec);
  } else {
    f.fill(0, 0, size);
  }
  if (bits < p.minbits) {
    r.skip(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}
