// Helpers shared by codecs for the two layouts: `columns` (each feature column on its own) and
// `matrix` (the feature matrix as one row-major 2-D array, nRows x nCols), plus byte views
// and value ranges. All stored multi-byte values are little-endian.

import { allocColumn, type DType, type FeatureBlock, type FloatColumn } from '../data/dataset';
import { FormatError } from '../util/errors';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('lossyml needs a little-endian platform');
}

/** The feature block as one row-major array (element [i, j] at i * nCols + j). */
export function toRowMajor(block: FeatureBlock): FloatColumn {
  const nCols = block.columns.length;
  const out = allocColumn(block.dtype, block.nRows * nCols);
  for (let j = 0; j < nCols; j++) {
    const col = block.columns[j];
    for (let i = 0, k = j; i < block.nRows; i++, k += nCols) out[k] = col[i];
  }
  return out;
}

/** Inverse of toRowMajor. */
export function fromRowMajor(data: FloatColumn, nRows: number, nCols: number): FeatureBlock {
  if (data.length !== nRows * nCols) {
    throw new FormatError(`matrix holds ${data.length} values, expected ${nRows} x ${nCols}`);
  }
  const dtype: DType = data instanceof Float32Array ? 'float32' : 'float64';
  const columns: FloatColumn[] = [];
  for (let j = 0; j < nCols; j++) {
    const col = allocColumn(dtype, nRows);
    for (let i = 0, k = j; i < nRows; i++, k += nCols) col[i] = data[k];
    columns.push(col);
  }
  return { dtype, nRows, columns };
}

/** A byte view of a typed array (no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads floats from bytes (copies, so the result is aligned whatever the source offset). */
export function floatsFrom(bytes: Uint8Array, dtype: DType, count: number, what = 'stream'): FloatColumn {
  const size = dtype === 'float32' ? 4 : 8;
  if (bytes.length !== count * size) {
    throw new FormatError(`${what}: ${bytes.length} bytes, expected ${count} ${dtype} values (${count * size} bytes)`);
  }
  const out = allocColumn(dtype, count);
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
