// Whole arrays through zfp: 1-D arrays in blocks of 4 and 2-D arrays (x fastest, so a C-order
// nRows x nCols matrix has nx = nCols, ny = rows) in blocks of 4 x 4, visited as libzfp does,
// with partial blocks at the edges padded by libzfp's rule. The stream has no zfp header.

import { allocColumn, type DType, type FloatColumn } from '../../data/dataset';
import { DataError, FormatError } from '../../util/errors';
import type { StreamArena } from '../stream-arena';
import { BitReader, BitWriter, checkInside, type WordBits } from './bitstream';
import { decodeBlock32, encodeBlock32, encodedWithin32, restoreEncodedBlock32 } from './block32';
import { decodeBlock64, encodeBlock64, encodedWithin64, restoreEncodedBlock64 } from './block64';
import { CHECK_ALL, CHECK_NONE, CHECK_UNPROVEN, COLUMN32_MAX, decodeColumn32, encodeColumn32 } from './column32';
import { maxBlockBits, ZFP_MAX_BITS, ZFP_MAX_PREC, type ZfpParams } from './params';

/** The shape of a zfp array: ny = 0 for 1-D. */
export interface ZfpShape {
  dtype: DType;
  nx: number;
  ny: number;
}

/**
 * A zfp array's values: flat (x fastest), or for 2-D arrays their columns (value (x, y) at
 * columns[x][y]: a feature block's columns are the x = column index of its C-order matrix).
 */
export type ZfpInput = ArrayLike<number> | readonly FloatColumn[];

function isColumns(data: ZfpInput): data is readonly FloatColumn[] {
  return Array.isArray(data);
}

/** What the encoder does beside writing: nothing, write the restored values, or check them against a tolerance. */
interface Aside {
  restored?: FloatColumn;
  /** Check each value against tol; the positions outside go to `outside`. */
  tol: number;
  check: boolean;
  /** Skip the check of blocks whose bound is certain (tol >= 2^minexp, accuracy mode). */
  trustBound: boolean;
}

const block = new Float64Array(16);
const NONE_OUTSIDE = new Uint32Array(0);
let outside = new Uint32Array(64);
let outsideCount = 0;

function noteOutside(i: number): void {
  if (outsideCount === outside.length) {
    const next = new Uint32Array(outside.length * 2);
    next.set(outside);
    outside = next;
  }
  outside[outsideCount++] = i;
}

/**
 * Fills a partial run of n < 4 values at f[i], f[i + s], ... : one value is repeated, two are
 * mirrored (a b b a), three wrap to the first (a b c a), none become zeros (libzfp's pad_block).
 */
function pad(f: Float64Array, i: number, n: number, s: number): void {
  if (n === 0) f[i] = 0;
  if (n <= 1) f[i + s] = f[i];
  if (n <= 2) f[i + 2 * s] = f[i + s];
  if (n <= 3) f[i + 3 * s] = f[i];
}

function dimsOf(shape: ZfpShape): 1 | 2 {
  return shape.ny > 0 ? 2 : 1;
}

function blockCount(shape: ZfpShape): number {
  const bx = Math.ceil(shape.nx / 4);
  return shape.ny > 0 ? bx * Math.ceil(shape.ny / 4) : bx;
}

/**
 * Compresses `data` (length nx, or nx * ny) to a raw zfp stream, as libzfp's zfp_compress would
 * with a stream word of wordBits (the bytes differ only in the zero padding after the last block).
 * With `restored`, also writes there what zfpDecompress will return, without decoding: only for
 * parameters whose maxbits never cuts a block short (accuracy and precision modes).
 */
export function zfpCompress(data: ZfpInput, shape: ZfpShape, p: ZfpParams, wordBits: WordBits = 64, restored?: FloatColumn): Uint8Array {
  if (isColumns(data)) {
    if (shape.ny === 0 || data.length !== shape.nx) throw new DataError(`zfp input of ${data.length} columns for a ${shape.nx} x ${shape.ny} array`);
    data.forEach((c) => checkFinite(c, shape.ny));
  } else {
    checkFinite(data, shape.ny > 0 ? shape.nx * shape.ny : shape.nx);
  }
  return compress(data, shape, p, wordBits, { restored, tol: 0, check: false, trustBound: false });
}

/** zfpCompress (64-bit words) of values the caller knows to be finite (it has counted them); the stream in `arena` when given. */
export function zfpCompressFinite(data: ZfpInput, shape: ZfpShape, p: ZfpParams, arena?: StreamArena): Uint8Array {
  return compress(data, shape, p, 64, { tol: 0, check: false, trustBound: false }, arena);
}

/**
 * zfpCompress (64-bit words) for finite data, with every restored value checked against `tol`:
 * returns the stream and, in increasing order, the positions restored outside. In accuracy
 * mode with tol >= 2^minexp, blocks whose bound is certain from their exponent alone (see
 * provablyWithin) are not decoded. Only for parameters whose maxbits never cuts a block short.
 */
export function zfpCompressWithin(data: ZfpInput, shape: ZfpShape, p: ZfpParams, tol: number, arena?: StreamArena): { stream: Uint8Array; outside: Uint32Array } {
  const accuracy = isAccuracy(p);
  outsideCount = 0;
  const stream = compress(data, shape, p, 64, { tol, check: true, trustBound: accuracy && 2 ** p.minexp <= tol }, arena);
  if (outsideCount === 0) return { stream, outside: NONE_OUTSIDE };
  const found = outside.slice(0, outsideCount);
  // 2-D blocks are visited block by block: positions come out of order.
  if (shape.ny > 0) found.sort();
  return { stream, outside: found };
}

function compress(data: ZfpInput, shape: ZfpShape, p: ZfpParams, wordBits: WordBits, aside: Aside, arena?: StreamArena): Uint8Array {
  const f32 = shape.dtype === 'float32';
  if (shape.ny === 0 && data instanceof Float32Array && f32 && isAccuracy(p) && !aside.restored && shape.nx <= COLUMN32_MAX) {
    const check = aside.check ? (aside.trustBound ? CHECK_UNPROVEN : CHECK_ALL) : CHECK_NONE;
    return encodeColumn32(data, shape.nx, p.minexp, aside.tol, check, noteOutside, wordBits, arena);
  }
  const w = new BitWriter(blockCount(shape) * maxBlockBits(p, shape.dtype, dimsOf(shape)));
  if (isColumns(data)) compress2c(data, shape.nx, shape.ny, w, f32, p, aside);
  else if (shape.ny > 0) compress2(data, shape.nx, shape.ny, w, f32, p, aside);
  else compress1(data, shape.nx, w, f32, p, aside);
  return w.finish(wordBits, arena);
}

/**
 * libzfp's accuracy mode, where no block is ever cut short: 1-D float32 arrays in it take the
 * fast path of column32.ts (the common case of zfp-rel and zfp-accuracy by column).
 */
function isAccuracy(p: ZfpParams): boolean {
  return p.maxprec === ZFP_MAX_PREC && p.maxbits === ZFP_MAX_BITS && p.minbits <= 1;
}

/** zfp has no code for NaN or Infinity (the reducers set them aside before calling zfpCompress). */
function checkFinite(data: ArrayLike<number>, n: number): void {
  if (data.length !== n) throw new DataError(`zfp input holds ${data.length} values, the shape ${n}`);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) throw new DataError(`zfp input value ${v} at index ${i} is not finite; zfp streams hold finite values only`);
  }
}

/** Restores the block just encoded into f; true when that is needed (restored values wanted, or the bound is not certain). */
function restoreIfNeeded(f: Float64Array, dims: number, f32: boolean, p: ZfpParams, aside: Aside): boolean {
  if (!aside.restored) {
    if (!aside.check) return false;
    if (aside.trustBound && (f32 ? encodedWithin32(p.minexp, dims) : encodedWithin64(p.minexp, dims))) return false;
  }
  if (f32) restoreEncodedBlock32(f, dims);
  else restoreEncodedBlock64(f, dims);
  return true;
}

function compress1(data: ArrayLike<number>, nx: number, w: BitWriter, f32: boolean, p: ZfpParams, aside: Aside): void {
  const f = block;
  const tol = aside.tol;
  const restored = aside.restored;
  for (let x = 0; x < nx; x += 4) {
    const n = nx - x < 4 ? nx - x : 4;
    if (n === 4) {
      f[0] = data[x];
      f[1] = data[x + 1];
      f[2] = data[x + 2];
      f[3] = data[x + 3];
    } else {
      for (let i = 0; i < n; i++) f[i] = data[x + i];
      pad(f, 0, n, 1);
    }
    if (f32) encodeBlock32(w, f, 1, p);
    else encodeBlock64(w, f, 1, p);
    if (!restoreIfNeeded(f, 1, f32, p, aside)) continue;
    for (let i = 0; i < n; i++) {
      if (restored) restored[x + i] = f[i];
      else if (!(Math.abs(f[i] - data[x + i]) <= tol)) noteOutside(x + i);
    }
  }
}

function compress2(data: ArrayLike<number>, nx: number, ny: number, w: BitWriter, f32: boolean, p: ZfpParams, aside: Aside): void {
  const f = block;
  const tol = aside.tol;
  const restored = aside.restored;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = ny - y0 < 4 ? ny - y0 : 4;
    for (let x0 = 0; x0 < nx; x0 += 4) {
      const bx = nx - x0 < 4 ? nx - x0 : 4;
      if (bx === 4 && by === 4) {
        for (let y = 0, o = y0 * nx + x0; y < 16; y += 4, o += nx) {
          f[y] = data[o];
          f[y + 1] = data[o + 1];
          f[y + 2] = data[o + 2];
          f[y + 3] = data[o + 3];
        }
      } else {
        for (let y = 0; y < by; y++) {
          const row = (y0 + y) * nx + x0;
          for (let x = 0; x < bx; x++) f[4 * y + x] = data[row + x];
          if (bx < 4) pad(f, 4 * y, bx, 1);
        }
        if (by < 4) for (let x = 0; x < 4; x++) pad(f, x, by, 4);
      }
      if (f32) encodeBlock32(w, f, 2, p);
      else encodeBlock64(w, f, 2, p);
      if (!restoreIfNeeded(f, 2, f32, p, aside)) continue;
      for (let y = 0; y < by; y++) {
        const row = (y0 + y) * nx + x0;
        for (let x = 0; x < bx; x++) {
          if (restored) restored[row + x] = f[4 * y + x];
          else if (!(Math.abs(f[4 * y + x] - data[row + x]) <= tol)) noteOutside(row + x);
        }
      }
    }
  }
}

/** compress2 reading a 2-D array from its columns. */
function compress2c(cols: readonly FloatColumn[], nx: number, ny: number, w: BitWriter, f32: boolean, p: ZfpParams, aside: Aside): void {
  const f = block;
  const tol = aside.tol;
  const restored = aside.restored;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = ny - y0 < 4 ? ny - y0 : 4;
    for (let x0 = 0; x0 < nx; x0 += 4) {
      const bx = nx - x0 < 4 ? nx - x0 : 4;
      if (bx === 4 && by === 4) {
        const c0 = cols[x0], c1 = cols[x0 + 1], c2 = cols[x0 + 2], c3 = cols[x0 + 3];
        for (let y = 0; y < 16; y += 4) {
          const i = y0 + (y >>> 2);
          f[y] = c0[i];
          f[y + 1] = c1[i];
          f[y + 2] = c2[i];
          f[y + 3] = c3[i];
        }
      } else {
        for (let y = 0; y < by; y++) {
          for (let x = 0; x < bx; x++) f[4 * y + x] = cols[x0 + x][y0 + y];
          if (bx < 4) pad(f, 4 * y, bx, 1);
        }
        if (by < 4) for (let x = 0; x < 4; x++) pad(f, x, by, 4);
      }
      if (f32) encodeBlock32(w, f, 2, p);
      else encodeBlock64(w, f, 2, p);
      if (!restoreIfNeeded(f, 2, f32, p, aside)) continue;
      for (let y = 0; y < by; y++) {
        const row = (y0 + y) * nx + x0;
        for (let x = 0; x < bx; x++) {
          if (restored) restored[row + x] = f[4 * y + x];
          else if (!(Math.abs(f[4 * y + x] - cols[x0 + x][y0 + y]) <= tol)) noteOutside(row + x);
        }
      }
    }
  }
}

/** Decompresses a raw zfp stream written with the same shape and parameters (into `into` when given: of the shape's length and dtype). */
export function zfpDecompress(bytes: Uint8Array, shape: ZfpShape, p: ZfpParams, what = 'zfp stream', into?: FloatColumn): FloatColumn {
  const n = shape.ny > 0 ? shape.nx * shape.ny : shape.nx;
  if (into && into.length !== n) throw new DataError(`${what}: output of ${into.length} values for ${n}`);
  const out = into ?? allocColumn(shape.dtype, n);
  const f32 = shape.dtype === 'float32';
  if (shape.ny === 0 && f32 && out instanceof Float32Array && isAccuracy(p) && n <= COLUMN32_MAX && bytes.length <= COLUMN32_MAX * 4) {
    checkEnd(decodeColumn32(bytes, out, n, p.minexp), bytes.length * 8, what);
    return out;
  }
  const r = new BitReader(bytes);
  if (shape.ny > 0) decompress2(out, shape.nx, shape.ny, r, f32, p, what);
  else decompress1(out, shape.nx, r, f32, p, what);
  checkEnd(r.pos, r.size, what);
  return out;
}

/** zfpDecompress of a 2-D stream into the array's columns (value (x, y) at columns[x][y]), `into`'s when given (nx of ny values). */
export function zfpDecompressColumns(bytes: Uint8Array, shape: ZfpShape, p: ZfpParams, what = 'zfp stream', into?: FloatColumn[]): FloatColumn[] {
  const r = new BitReader(bytes);
  const out: FloatColumn[] = into ?? [];
  for (let x = out.length; x < shape.nx; x++) out.push(allocColumn(shape.dtype, shape.ny));
  decompress2c(out, shape.nx, shape.ny, r, shape.dtype === 'float32', p, what);
  checkEnd(r.pos, r.size, what);
  return out;
}

/** Checks that decoding ended at bit `pos` of a stream of `size` bits is where the stream ends. */
function checkEnd(pos: number, size: number, what: string): void {
  checkInside(pos, size, what);
  // libzfp pads only to the next 64-bit word: more left over means other parameters or bytes.
  if (size - pos >= 64) {
    throw new FormatError(`${what}: ${Math.floor((size - pos) / 8)} bytes left after the last block; the stream does not match these zfp parameters`);
  }
}

function decompress1(out: FloatColumn, nx: number, r: BitReader, f32: boolean, p: ZfpParams, what: string): void {
  const f = block;
  for (let x = 0; x < nx; x += 4) {
    if (f32) decodeBlock32(r, f, 1, p);
    else decodeBlock64(r, f, 1, p);
    if (nx - x >= 4) {
      out[x] = f[0];
      out[x + 1] = f[1];
      out[x + 2] = f[2];
      out[x + 3] = f[3];
    } else {
      for (let i = 0; i < nx - x; i++) out[x + i] = f[i];
    }
    if (r.pos > r.size) r.checkInside(what);
  }
}

function decompress2(out: FloatColumn, nx: number, ny: number, r: BitReader, f32: boolean, p: ZfpParams, what: string): void {
  const f = block;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = ny - y0 < 4 ? ny - y0 : 4;
    for (let x0 = 0; x0 < nx; x0 += 4) {
      if (f32) decodeBlock32(r, f, 2, p);
      else decodeBlock64(r, f, 2, p);
      const bx = nx - x0 < 4 ? nx - x0 : 4;
      if (bx === 4 && by === 4) {
        for (let y = 0, o = y0 * nx + x0; y < 16; y += 4, o += nx) {
          out[o] = f[y];
          out[o + 1] = f[y + 1];
          out[o + 2] = f[y + 2];
          out[o + 3] = f[y + 3];
        }
      } else {
        for (let y = 0; y < by; y++) {
          const row = (y0 + y) * nx + x0;
          for (let x = 0; x < bx; x++) out[row + x] = f[4 * y + x];
        }
      }
      if (r.pos > r.size) r.checkInside(what);
    }
  }
}

function decompress2c(out: FloatColumn[], nx: number, ny: number, r: BitReader, f32: boolean, p: ZfpParams, what: string): void {
  const f = block;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = ny - y0 < 4 ? ny - y0 : 4;
    for (let x0 = 0; x0 < nx; x0 += 4) {
      if (f32) decodeBlock32(r, f, 2, p);
      else decodeBlock64(r, f, 2, p);
      const bx = nx - x0 < 4 ? nx - x0 : 4;
      if (bx === 4 && by === 4) {
        const c0 = out[x0], c1 = out[x0 + 1], c2 = out[x0 + 2], c3 = out[x0 + 3];
        for (let y = 0; y < 16; y += 4) {
          const i = y0 + (y >>> 2);
          c0[i] = f[y];
          c1[i] = f[y + 1];
          c2[i] = f[y + 2];
          c3[i] = f[y + 3];
        }
      } else {
        for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) out[x0 + x][y0 + y] = f[4 * y + x];
      }
      if (r.pos > r.size) r.checkInside(what);
    }
  }
}
