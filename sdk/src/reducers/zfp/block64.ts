// zfp blocks of float64 values: the common exponent, the cast to 62-bit integers, the lifting
// transform and negabinary coefficients in int64 arithmetic. JavaScript has no fast int64, so
// each integer is a pair of int32s (hi signed, lo as raw bits) with explicit carries.

import type { BitReader, BitWriter } from './bitstream';
import { permFor } from './order';
import { decodePlanes, encodePlanes } from './planes';
import { blockPrecision, frexpExponent, type ZfpParams } from './params';
import { splitScale } from './pow2';

const EBITS = 11;
const EBIAS = 1023;
const NB = 0xaaaaaaaa | 0;
const TWO32 = 4294967296;
const hi = new Int32Array(16);
const lo = new Int32Array(16);
const uhi = new Int32Array(16);
const ulo = new Int32Array(16);
const scale = new Float64Array(2);
// What the last encodeBlock64 wrote, for restoreEncodedBlock64 (maxprec 0: an all-zero block).
let lastEmax = 0;
let lastPrec = 0;

// The lifting steps below spell out int64 arithmetic on (hi, lo) pairs held in locals:
//   a += b:  l = a.lo + b.lo (unsigned); a.hi += b.hi + carry(l >= 2^32); a.lo = l mod 2^32
//   a -= b:  l = a.lo - b.lo (unsigned); a.hi -= b.hi + borrow(l < 0);    a.lo = l mod 2^32
//   a >>= 1: a.lo = a.lo >>> 1 | a.hi << 31; a.hi >>= 1
//   a <<= 1: a.hi = a.hi << 1 | a.lo >>> 31; a.lo <<= 1
// Lows are kept as raw 32-bit patterns in int32 and read back unsigned with >>> 0.

function fwdLift(i: number, s: number): void {
  let xh = hi[i], xl = lo[i];
  let yh = hi[i + s], yl = lo[i + s];
  let zh = hi[i + 2 * s], zl = lo[i + 2 * s];
  let wh = hi[i + 3 * s], wl = lo[i + 3 * s];
  let l: number, th: number, tl: number;
  // x += w; x >>= 1; w -= x
  l = (xl >>> 0) + (wl >>> 0); xh = (xh + wh + (l >= TWO32 ? 1 : 0)) | 0; xl = l | 0;
  xl = (xl >>> 1) | (xh << 31); xh >>= 1;
  l = (wl >>> 0) - (xl >>> 0); wh = (wh - xh - (l < 0 ? 1 : 0)) | 0; wl = l | 0;
  // z += y; z >>= 1; y -= z
  l = (zl >>> 0) + (yl >>> 0); zh = (zh + yh + (l >= TWO32 ? 1 : 0)) | 0; zl = l | 0;
  zl = (zl >>> 1) | (zh << 31); zh >>= 1;
  l = (yl >>> 0) - (zl >>> 0); yh = (yh - zh - (l < 0 ? 1 : 0)) | 0; yl = l | 0;
  // x += z; x >>= 1; z -= x
  l = (xl >>> 0) + (zl >>> 0); xh = (xh + zh + (l >= TWO32 ? 1 : 0)) | 0; xl = l | 0;
  xl = (xl >>> 1) | (xh << 31); xh >>= 1;
  l = (zl >>> 0) - (xl >>> 0); zh = (zh - xh - (l < 0 ? 1 : 0)) | 0; zl = l | 0;
  // w += y; w >>= 1; y -= w
  l = (wl >>> 0) + (yl >>> 0); wh = (wh + yh + (l >= TWO32 ? 1 : 0)) | 0; wl = l | 0;
  wl = (wl >>> 1) | (wh << 31); wh >>= 1;
  l = (yl >>> 0) - (wl >>> 0); yh = (yh - wh - (l < 0 ? 1 : 0)) | 0; yl = l | 0;
  // w += y >> 1; y -= w >> 1
  tl = (yl >>> 1) | (yh << 31); th = yh >> 1;
  l = (wl >>> 0) + (tl >>> 0); wh = (wh + th + (l >= TWO32 ? 1 : 0)) | 0; wl = l | 0;
  tl = (wl >>> 1) | (wh << 31); th = wh >> 1;
  l = (yl >>> 0) - (tl >>> 0); yh = (yh - th - (l < 0 ? 1 : 0)) | 0; yl = l | 0;
  hi[i] = xh; lo[i] = xl;
  hi[i + s] = yh; lo[i + s] = yl;
  hi[i + 2 * s] = zh; lo[i + 2 * s] = zl;
  hi[i + 3 * s] = wh; lo[i + 3 * s] = wl;
}

function invLift(i: number, s: number): void {
  let xh = hi[i], xl = lo[i];
  let yh = hi[i + s], yl = lo[i + s];
  let zh = hi[i + 2 * s], zl = lo[i + 2 * s];
  let wh = hi[i + 3 * s], wl = lo[i + 3 * s];
  let l: number, th: number, tl: number;
  // y += w >> 1; w -= y >> 1
  tl = (wl >>> 1) | (wh << 31); th = wh >> 1;
  l = (yl >>> 0) + (tl >>> 0); yh = (yh + th + (l >= TWO32 ? 1 : 0)) | 0; yl = l | 0;
  tl = (yl >>> 1) | (yh << 31); th = yh >> 1;
  l = (wl >>> 0) - (tl >>> 0); wh = (wh - th - (l < 0 ? 1 : 0)) | 0; wl = l | 0;
  // y += w; w <<= 1; w -= y
  l = (yl >>> 0) + (wl >>> 0); yh = (yh + wh + (l >= TWO32 ? 1 : 0)) | 0; yl = l | 0;
  wh = (wh << 1) | (wl >>> 31); wl <<= 1;
  l = (wl >>> 0) - (yl >>> 0); wh = (wh - yh - (l < 0 ? 1 : 0)) | 0; wl = l | 0;
  // z += x; x <<= 1; x -= z
  l = (zl >>> 0) + (xl >>> 0); zh = (zh + xh + (l >= TWO32 ? 1 : 0)) | 0; zl = l | 0;
  xh = (xh << 1) | (xl >>> 31); xl <<= 1;
  l = (xl >>> 0) - (zl >>> 0); xh = (xh - zh - (l < 0 ? 1 : 0)) | 0; xl = l | 0;
  // y += z; z <<= 1; z -= y
  l = (yl >>> 0) + (zl >>> 0); yh = (yh + zh + (l >= TWO32 ? 1 : 0)) | 0; yl = l | 0;
  zh = (zh << 1) | (zl >>> 31); zl <<= 1;
  l = (zl >>> 0) - (yl >>> 0); zh = (zh - yh - (l < 0 ? 1 : 0)) | 0; zl = l | 0;
  // w += x; x <<= 1; x -= w
  l = (wl >>> 0) + (xl >>> 0); wh = (wh + xh + (l >= TWO32 ? 1 : 0)) | 0; wl = l | 0;
  xh = (xh << 1) | (xl >>> 31); xl <<= 1;
  l = (xl >>> 0) - (wl >>> 0); xh = (xh - wh - (l < 0 ? 1 : 0)) | 0; xl = l | 0;
  hi[i] = xh; lo[i] = xl;
  hi[i + s] = yh; lo[i + s] = yl;
  hi[i + 2 * s] = zh; lo[i + 2 * s] = zl;
  hi[i + 3 * s] = wh; lo[i + 3 * s] = wl;
}

function fwdXform(dims: number): void {
  if (dims === 1) {
    fwdLift(0, 1);
    return;
  }
  for (let y = 0; y < 4; y++) fwdLift(4 * y, 1);
  for (let x = 0; x < 4; x++) fwdLift(x, 4);
}

function invXform(dims: number): void {
  if (dims === 1) {
    invLift(0, 1);
    return;
  }
  for (let x = 0; x < 4; x++) invLift(x, 4);
  for (let y = 0; y < 4; y++) invLift(4 * y, 1);
}

export function blockExponent64(f: Float64Array, size: number): number {
  let max = 0;
  for (let i = 0; i < size; i++) {
    const a = Math.abs(f[i]);
    if (max < a) max = a;
  }
  return max > 0 ? Math.max(frexpExponent(max), 1 - EBIAS) : -EBIAS;
}

/** Encodes one block (values in f[0..4^dims)); returns the bits written. */
export function encodeBlock64(w: BitWriter, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  const emax = blockExponent64(f, size);
  const maxprec = blockPrecision(emax, p, dims);
  const e = maxprec ? emax + EBIAS : 0;
  lastEmax = emax;
  lastPrec = e ? maxprec : 0;
  let bits = 1;
  if (e) {
    bits += EBITS;
    w.write(2 * e + 1, bits);
    castToInts(f, size, emax);
    fwdXform(dims);
    toNegabinary(dims, size);
    bits += encodePlanes(w, p.maxbits - bits, maxprec, uhi, ulo, size, 64);
  } else {
    w.write(0, 1);
  }
  if (bits < p.minbits) {
    w.pad(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}

/** y = trunc(x 2^(62 - emax)), |y| < 2^62: exact in double, split into halves exactly. */
function castToInts(f: Float64Array, size: number, emax: number): void {
  splitScale(62 - emax, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  for (let i = 0; i < size; i++) {
    const v = Math.trunc(f[i] * s1 * s2);
    const h = Math.floor(v / TWO32);
    hi[i] = h;
    lo[i] = (v - h * TWO32) | 0;
  }
}

/** Reorders the coefficients and maps each to negabinary: (x + 0xaaaa...) ^ 0xaaaa... */
function toNegabinary(dims: number, size: number): void {
  const perm = permFor(dims);
  for (let i = 0; i < size; i++) {
    const j = dims === 1 ? i : perm[i];
    const l = (lo[j] >>> 0) + (NB >>> 0);
    uhi[i] = ((hi[j] + NB + (l >= TWO32 ? 1 : 0)) | 0) ^ NB;
    ulo[i] = (l | 0) ^ NB;
  }
}

function fromNegabinary(dims: number, size: number): void {
  const perm = permFor(dims);
  for (let i = 0; i < size; i++) {
    const j = dims === 1 ? i : perm[i];
    const xl = (ulo[i] ^ NB) >>> 0;
    const l = xl - (NB >>> 0);
    hi[j] = ((uhi[i] ^ NB) - NB - (l < 0 ? 1 : 0)) | 0;
    lo[j] = l | 0;
  }
}

/**
 * hi 2^32 + lo rounds once, as libzfp's int64-to-double conversion; the scaling then rounds
 * once more only where the result is subnormal, as libzfp's multiply does.
 */
function castFromInts(f: Float64Array, size: number, emax: number): void {
  splitScale(emax - 62, scale);
  const s1 = scale[0];
  const s2 = scale[1];
  for (let i = 0; i < size; i++) f[i] = (hi[i] * TWO32 + (lo[i] >>> 0)) * s1 * s2;
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
    uhi[i] &= mhi;
    ulo[i] &= mlo;
  }
  fromNegabinary(dims, size);
  invXform(dims);
  castFromInts(f, size, lastEmax);
}

/** Decodes one block into f[0..4^dims); returns the bits read. */
export function decodeBlock64(r: BitReader, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  let bits = 1;
  if (r.readBit()) {
    bits += EBITS;
    const emax = r.read(EBITS) - EBIAS;
    const maxprec = blockPrecision(emax, p, dims);
    bits += decodePlanes(r, p.maxbits - bits, maxprec, uhi, ulo, size, 64);
    fromNegabinary(dims, size);
    invXform(dims);
    castFromInts(f, size, emax);
  } else {
    f.fill(0, 0, size);
  }
  if (bits < p.minbits) {
    r.skip(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}
