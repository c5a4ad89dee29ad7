// zfp blocks of float32 values: the common exponent, the cast to 30-bit integers, the
// decorrelating lifting transform in int32 arithmetic, and negabinary coefficients, with
// encode and decode of one block of 4 (1-D) or 16 (2-D) values.

import type { BitReader, BitWriter } from './bitstream';
import { permFor } from './order';
import { decodePlanes1, encodePlanes1 } from './planes1';
import { decodePlanes2, encodePlanes2 } from './planes2';
import { blockPrecision, frexpExponent, provablyWithin, type ZfpParams } from './params';
import { pow2 } from './pow2';

const EBITS = 8;
const EBIAS = 127;
const NBMASK = 0xaaaaaaaa;

const iblock = new Int32Array(16);
/** Negabinary coefficients in coding order, top-aligned for the coders: the 32 bits in uhi, ulo zero. */
const uhi = new Int32Array(16);
const ulo = new Int32Array(16);
// What the last encodeBlock32 wrote, for restoreEncodedBlock32 (maxprec 0: an all-zero block).
let lastEmax = 0;
let lastPrec = 0;

/** Exponent shared by a block: frexp's exponent of its largest magnitude, clamped for subnormals; -127 when all zero. */
export function blockExponent32(f: Float64Array, size: number): number {
  let max = 0;
  for (let i = 0; i < size; i++) {
    const a = Math.abs(f[i]);
    if (max < a) max = a;
  }
  return max > 0 ? Math.max(frexpExponent(max), 1 - EBIAS) : -EBIAS;
}

function fwdLift(p: Int32Array, i: number, s: number): void {
  let x = p[i];
  let y = p[i + s];
  let z = p[i + 2 * s];
  let w = p[i + 3 * s];
  x = (x + w) >> 1; w = (w - x) | 0;
  z = (z + y) >> 1; y = (y - z) | 0;
  x = (x + z) >> 1; z = (z - x) | 0;
  w = (w + y) >> 1; y = (y - w) | 0;
  w = (w + (y >> 1)) | 0; y = (y - (w >> 1)) | 0;
  p[i] = x;
  p[i + s] = y;
  p[i + 2 * s] = z;
  p[i + 3 * s] = w;
}

function invLift(p: Int32Array, i: number, s: number): void {
  let x = p[i];
  let y = p[i + s];
  let z = p[i + 2 * s];
  let w = p[i + 3 * s];
  y = (y + (w >> 1)) | 0; w = (w - (y >> 1)) | 0;
  y = (y + w) | 0; w = ((w << 1) - y) | 0;
  z = (z + x) | 0; x = ((x << 1) - z) | 0;
  y = (y + z) | 0; z = ((z << 1) - y) | 0;
  w = (w + x) | 0; x = ((x << 1) - w) | 0;
  p[i] = x;
  p[i + s] = y;
  p[i + 2 * s] = z;
  p[i + 3 * s] = w;
}

function fwdXform(p: Int32Array, dims: number): void {
  if (dims === 1) {
    fwdLift(p, 0, 1);
    return;
  }
  for (let y = 0; y < 4; y++) fwdLift(p, 4 * y, 1);
  for (let x = 0; x < 4; x++) fwdLift(p, x, 4);
}

function invXform(p: Int32Array, dims: number): void {
  if (dims === 1) {
    invLift(p, 0, 1);
    return;
  }
  for (let x = 0; x < 4; x++) invLift(p, x, 4);
  for (let y = 0; y < 4; y++) invLift(p, 4 * y, 1);
}

/** Encodes one block (values in f[0..4^dims)); returns the bits written. */
export function encodeBlock32(w: BitWriter, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  const emax = blockExponent32(f, size);
  const maxprec = blockPrecision(emax, p, dims);
  const e = maxprec ? emax + EBIAS : 0;
  lastEmax = emax;
  lastPrec = e ? maxprec : 0;
  let bits = 1;
  if (e) {
    bits += EBITS;
    w.write(2 * e + 1, bits);
    // libzfp scales in float arithmetic; in double the product is the same wherever its
    // float scale 2^(30 - emax) is finite (emax >= -97), and stays exact below that.
    const s = pow2(30 - emax);
    for (let i = 0; i < size; i++) iblock[i] = (f[i] * s) | 0;
    fwdXform(iblock, dims);
    const perm = permFor(dims);
    for (let i = 0; i < size; i++) uhi[i] = (iblock[perm[i]] + NBMASK) ^ NBMASK;
    bits += dims === 1 ? encodePlanes1(w, p.maxbits - bits, Math.min(maxprec, 32), uhi, ulo) : encodePlanes2(w, p.maxbits - bits, Math.min(maxprec, 32), uhi, ulo);
  } else {
    w.write(0, 1);
  }
  if (bits < p.minbits) {
    w.pad(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}

/** Coefficients (negabinary, in coding order) back to float32 values in f. */
function restoreFrom(f: Float64Array, dims: number, size: number, emax: number): void {
  const perm = permFor(dims);
  for (let i = 0; i < size; i++) iblock[perm[i]] = ((uhi[i] ^ NBMASK) - NBMASK) | 0;
  invXform(iblock, dims);
  // Exact in double, rounded once on the way to float32 as libzfp's float multiply does.
  const s = pow2(emax - 30);
  for (let i = 0; i < size; i++) f[i] = Math.fround(Math.fround(iblock[i]) * s);
}

/**
 * Writes into f the values a decoder restores from the block encodeBlock32 just wrote (valid
 * only where maxbits did not cut the planes short: accuracy and precision modes).
 */
export function restoreEncodedBlock32(f: Float64Array, dims: number): void {
  const size = dims === 1 ? 4 : 16;
  if (!lastPrec) {
    f.fill(0, 0, size);
    return;
  }
  const kmin = lastPrec < 32 ? 32 - lastPrec : 0;
  const mask = ~((1 << kmin) - 1);
  for (let i = 0; i < size; i++) uhi[i] &= mask;
  restoreFrom(f, dims, size, lastEmax);
}

/** Whether the block encodeBlock32 just wrote (accuracy mode) is restored within 2^minexp without a check. */
export function encodedWithin32(minexp: number, dims: number): boolean {
  return provablyWithin(lastEmax, lastPrec, minexp, dims, 'float32');
}

/** Decodes one block into f[0..4^dims); returns the bits read. */
export function decodeBlock32(r: BitReader, f: Float64Array, dims: number, p: ZfpParams): number {
  const size = dims === 1 ? 4 : 16;
  let bits = 1;
  if (r.readBit()) {
    bits += EBITS;
    const emax = r.read(EBITS) - EBIAS;
    const maxprec = blockPrecision(emax, p, dims);
    bits += dims === 1 ? decodePlanes1(r, p.maxbits - bits, Math.min(maxprec, 32), uhi, ulo) : decodePlanes2(r, p.maxbits - bits, Math.min(maxprec, 32), uhi, ulo);
    restoreFrom(f, dims, size, emax);
  } else {
    f.fill(0, 0, size);
  }
  if (bits < p.minbits) {
    r.skip(p.minbits - bits);
    bits = p.minbits;
  }
  return bits;
}
