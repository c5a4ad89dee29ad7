// Helpers shared by codecs for the two layouts: `columns` (each feature column on its own) and
// `matrix` (the feature matrix as one row-major 2-D array, nRows x nCols), plus byte views
// and value ranges. All stored multi-byte values are little-endian.

import { allocColumn, type DType, type FeatureBlock, type FloatColumn } from '../data/dataset';
import { DataError, FormatError, UsageError, describe } from '../util/errors';
import type { BlockShape, EncodedBlock } from './types';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('lossyml needs a little-endian platform');
}

/** A 32-bit word view of a float array (no copy): bits read and written through it are exact. */
export function wordsOf(a: FloatColumn): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
}

/**
 * The feature block as one row-major array (element [i, j] at i * nCols + j), bit for bit: the
 * copy goes through 32-bit integer views, since a copy through float elements may change a
 * NaN's payload (V8 does so for float32 NaNs), which a lossless codec must not.
 */
export function toRowMajor(block: FeatureBlock): FloatColumn {
  const nCols = block.columns.length;
  const out = allocColumn(block.dtype, block.nRows * nCols);
  const w = out.BYTES_PER_ELEMENT / 4;
  const dst = wordsOf(out);
  for (let j = 0; j < nCols; j++) {
    const src = wordsOf(block.columns[j]);
    if (w === 1) {
      for (let i = 0, k = j; i < block.nRows; i++, k += nCols) dst[k] = src[i];
    } else {
      for (let i = 0, k = 2 * j; i < 2 * block.nRows; i += 2, k += 2 * nCols) {
        dst[k] = src[i];
        dst[k + 1] = src[i + 1];
      }
    }
  }
  return out;
}

/** Inverse of toRowMajor; into Codec.decode's `into` when given (checked by checkInto). */
export function fromRowMajor(data: FloatColumn, nRows: number, nCols: number, into?: FloatColumn[]): FeatureBlock {
  if (data.length !== nRows * nCols) throw new FormatError(`matrix holds ${data.length} values, expected ${nRows} x ${nCols}`);
  const dtype = data instanceof Float32Array ? 'float32' : 'float64';
  const w = data.BYTES_PER_ELEMENT / 4;
  const src = wordsOf(data);
  const columns: FloatColumn[] = [];
  for (let j = 0; j < nCols; j++) {
    const col = into ? into[j] : allocColumn(dtype, nRows);
    const dst = wordsOf(col);
    if (w === 1) {
      for (let i = 0, k = j; i < nRows; i++, k += nCols) dst[i] = src[k];
    } else {
      for (let i = 0, k = 2 * j; i < 2 * nRows; i += 2, k += 2 * nCols) {
        dst[i] = src[k];
        dst[i + 1] = src[k + 1];
      }
    }
    columns.push(col);
  }
  return { dtype, nRows, columns };
}

/**
 * Checks Codec.decode's `into` against the block it is to hold: nCols arrays of nRows values of
 * the dtype, no two sharing a byte (two views of the same memory would end up holding one
 * column's values under two names), none sharing a byte with the streams being decoded (which
 * it would overwrite while they are read). Returns it, so that a decode can write `const out = checkInto(...)`.
 */
export function checkInto(encoded: EncodedBlock, shape: BlockShape, into: FloatColumn[] | undefined, who: string): FloatColumn[] | undefined {
  if (into === undefined) return undefined;
  if (!Array.isArray(into) || into.length !== shape.nCols) {
    throw new UsageError(`${who}: into is ${Array.isArray(into) ? `${into.length} columns` : describe(into)}, expected an array of ${shape.nCols} columns`);
  }
  const Want = shape.dtype === 'float32' ? Float32Array : Float64Array;
  const spans = new Map<ArrayBufferLike, [number, number, number][]>();
  into.forEach((c, j) => {
    if (!(c instanceof Want) || c.length !== shape.nRows) {
      const got = ArrayBuffer.isView(c) ? `a ${c.constructor.name} of ${c.length} values` : describe(c);
      throw new UsageError(`${who}: into's column ${j} is ${got}, expected ${shape.dtype} x ${shape.nRows}`);
    }
    let list = spans.get(c.buffer);
    if (!list) spans.set(c.buffer, (list = []));
    list.push([c.byteOffset, c.byteOffset + c.byteLength, j]);
  });
  for (const list of spans.values()) {
    list.sort((x, y) => x[0] - y[0]);
    for (let k = 1; k < list.length; k++) {
      if (list[k][0] < list[k - 1][1]) throw new UsageError(`${who}: into's columns ${list[k - 1][2]} and ${list[k][2]} share memory`);
    }
  }
  encoded.streams.forEach((st, k) => {
    const list = spans.get(st.buffer);
    if (!list || st.length === 0) return;
    // The columns are sorted and disjoint: from the first that ends after the stream starts, those that start before it ends overlap it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][1] <= st.byteOffset) lo = mid + 1;
      else hi = mid;
    }
    for (let m = lo; m < list.length && list[m][0] < st.byteOffset + st.byteLength; m++) {
      if (list[m][1] > list[m][0]) throw new UsageError(`${who}: into's column ${list[m][2]} shares memory with stream ${k}, which it is restored from`);
    }
  });
  return into;
}

/** Refuses a block whose columns disagree with its dtype or row count (a FeatureBlock built by hand). */
export function checkBlock(block: FeatureBlock, who: string): void {
  const Want = block.dtype === 'float32' ? Float32Array : Float64Array;
  block.columns.forEach((c, j) => {
    if (!(c instanceof Want) || c.length !== block.nRows) {
      throw new DataError(`${who}: column ${j} is a ${c.constructor.name} of ${c.length} values, expected ${block.dtype} x ${block.nRows}`);
    }
  });
}

/** A byte view of a typed array (no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads floats from bytes (copies, so the result is aligned whatever the source offset), into `into` when given. */
export function floatsFrom(bytes: Uint8Array, dtype: DType, count: number, what = 'stream', into?: FloatColumn): FloatColumn {
  const size = dtype === 'float32' ? 4 : 8;
  if (bytes.length !== count * size) {
    throw new FormatError(`${what}: ${bytes.length} bytes, expected ${count} ${dtype} values (${count * size} bytes)`);
  }
  const out = into ?? allocColumn(dtype, count);
  bytesOf(out).set(bytes);
  return out;
}

/** Min and max over the finite values; {min: 0, max: 0, finite: 0} when there are none. */
export function finiteRange(a: ArrayLike<number>): { min: number; max: number; finite: number } {
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v - v === 0) {
      finite++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return finite === 0 ? { min: 0, max: 0, finite } : { min, max, finite };
}
