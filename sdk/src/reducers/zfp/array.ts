// Whole arrays through zfp: 1-D arrays in blocks of 4 and 2-D arrays (x fastest, so a C-order
// nRows x nCols matrix has nx = nCols, ny = nRows) in blocks of 4 x 4, visited as libzfp does,
// with partial blocks at the edges padded by libzfp's rule. The stream has no zfp header.

import { allocColumn, type DType, type FloatColumn } from '../../data/dataset';
import { DataError, FormatError } from '../../util/errors';
import { BitReader, BitWriter, type WordBits } from './bitstream';
import { decodeBlock32, encodeBlock32, restoreEncodedBlock32 } from './block32';
import { decodeBlock64, encodeBlock64, restoreEncodedBlock64 } from './block64';
import { maxBlockBits, type ZfpParams } from './params';

/** The shape of a zfp array: ny = 0 for 1-D. */
export interface ZfpShape {
  dtype: DType;
  nx: number;
  ny: number;
}

type BlockEncoder = (w: BitWriter, f: Float64Array, dims: number, p: ZfpParams) => number;
type BlockDecoder = (r: BitReader, f: Float64Array, dims: number, p: ZfpParams) => number;
type BlockRestorer = (f: Float64Array, dims: number) => void;

const block = new Float64Array(16);

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
export function zfpCompress(data: ArrayLike<number>, shape: ZfpShape, p: ZfpParams, wordBits: WordBits = 64, restored?: FloatColumn): Uint8Array {
  const dims = dimsOf(shape);
  checkFinite(data, shape.ny > 0 ? shape.nx * shape.ny : shape.nx);
  const w = new BitWriter(blockCount(shape) * maxBlockBits(p, shape.dtype, dims));
  const f32 = shape.dtype === 'float32';
  const enc: BlockEncoder = f32 ? encodeBlock32 : encodeBlock64;
  const restore: BlockRestorer | undefined = restored && (f32 ? restoreEncodedBlock32 : restoreEncodedBlock64);
  if (dims === 1) compress1(data, shape.nx, w, enc, p, restore, restored);
  else compress2(data, shape.nx, shape.ny, w, enc, p, restore, restored);
  return w.finish(wordBits);
}

/** zfp has no code for NaN or Infinity (the reducers set them aside before calling zfpCompress). */
function checkFinite(data: ArrayLike<number>, n: number): void {
  if (data.length !== n) throw new DataError(`zfp input holds ${data.length} values, the shape ${n}`);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) throw new DataError(`zfp input value ${v} at index ${i} is not finite; zfp streams hold finite values only`);
  }
}

function compress1(data: ArrayLike<number>, nx: number, w: BitWriter, enc: BlockEncoder, p: ZfpParams, restore?: BlockRestorer, restored?: FloatColumn): void {
  const f = block;
  for (let x = 0; x < nx; x += 4) {
    const n = Math.min(4, nx - x);
    for (let i = 0; i < n; i++) f[i] = data[x + i];
    if (n < 4) pad(f, 0, n, 1);
    enc(w, f, 1, p);
    if (restore && restored) {
      restore(f, 1);
      for (let i = 0; i < n; i++) restored[x + i] = f[i];
    }
  }
}

function compress2(data: ArrayLike<number>, nx: number, ny: number, w: BitWriter, enc: BlockEncoder, p: ZfpParams, restore?: BlockRestorer, restored?: FloatColumn): void {
  const f = block;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = Math.min(4, ny - y0);
    for (let x0 = 0; x0 < nx; x0 += 4) {
      const bx = Math.min(4, nx - x0);
      for (let y = 0; y < by; y++) {
        const row = (y0 + y) * nx + x0;
        for (let x = 0; x < bx; x++) f[4 * y + x] = data[row + x];
        if (bx < 4) pad(f, 4 * y, bx, 1);
      }
      if (by < 4) for (let x = 0; x < 4; x++) pad(f, x, by, 4);
      enc(w, f, 2, p);
      if (restore && restored) {
        restore(f, 2);
        for (let y = 0; y < by; y++) {
          const row = (y0 + y) * nx + x0;
          for (let x = 0; x < bx; x++) restored[row + x] = f[4 * y + x];
        }
      }
    }
  }
}

/** Decompresses a raw zfp stream written with the same shape and parameters. */
export function zfpDecompress(bytes: Uint8Array, shape: ZfpShape, p: ZfpParams, what = 'zfp stream'): FloatColumn {
  const dims = dimsOf(shape);
  const r = new BitReader(bytes);
  const out = allocColumn(shape.dtype, shape.ny > 0 ? shape.nx * shape.ny : shape.nx);
  const dec: BlockDecoder = shape.dtype === 'float32' ? decodeBlock32 : decodeBlock64;
  if (dims === 1) decompress1(out, shape.nx, r, dec, p, what);
  else decompress2(out, shape.nx, shape.ny, r, dec, p, what);
  r.checkInside(what);
  // libzfp pads only to the next 64-bit word: more left over means other parameters or bytes.
  if (r.size - r.pos >= 64) {
    throw new FormatError(`${what}: ${Math.floor((r.size - r.pos) / 8)} bytes left after the last block; the stream does not match these zfp parameters`);
  }
  return out;
}

function decompress1(out: FloatColumn, nx: number, r: BitReader, dec: BlockDecoder, p: ZfpParams, what: string): void {
  const f = block;
  for (let x = 0; x < nx; x += 4) {
    dec(r, f, 1, p);
    const n = Math.min(4, nx - x);
    for (let i = 0; i < n; i++) out[x + i] = f[i];
    if (r.pos > r.size) r.checkInside(what);
  }
}

function decompress2(out: FloatColumn, nx: number, ny: number, r: BitReader, dec: BlockDecoder, p: ZfpParams, what: string): void {
  const f = block;
  for (let y0 = 0; y0 < ny; y0 += 4) {
    const by = Math.min(4, ny - y0);
    for (let x0 = 0; x0 < nx; x0 += 4) {
      dec(r, f, 2, p);
      const bx = Math.min(4, nx - x0);
      for (let y = 0; y < by; y++) {
        const row = (y0 + y) * nx + x0;
        for (let x = 0; x < bx; x++) out[row + x] = f[4 * y + x];
      }
      if (r.pos > r.size) r.checkInside(what);
    }
  }
}
