// Plain little-endian float32/float64 files with a shape given by the caller (no header), the
// form SZ and ZFP tools read and write. The file size must match the shape exactly.

import { writeFileAtomic } from '../util/atomic';
import { DataError, check } from '../util/errors';
import { readWholeFile } from './read-file';
import { Dataset, DType, bytesPerValue } from './dataset';
import { fromMatrix, matrixOf } from './npy';

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface BinaryOptions {
  dtype: DType;
  /** [rows, columns] of the feature matrix. */
  shape: [number, number];
  /** 'C': row after row (default); 'F': column after column. */
  order?: 'C' | 'F';
  name?: string;
  names?: string[];
}

function checkOptions(o: BinaryOptions): void {
  check(o.dtype === 'float32' || o.dtype === 'float64', 'dtype', o.dtype, "'float32' or 'float64'");
  const s = o.shape;
  check(Array.isArray(s) && s.length === 2 && s.every((d) => Number.isInteger(d) && d >= 0), 'shape', s, '[rows, columns] of non-negative integers');
  check(o.order === undefined || o.order === 'C' || o.order === 'F', 'order', o.order, "'C' or 'F'");
}

export async function readBinary(file: string, options: BinaryOptions): Promise<Dataset> {
  checkOptions(options);
  const bytes = await readWholeFile(file);
  return parseBinary(bytes, options, file);
}

export function parseBinary(bytes: Uint8Array, options: BinaryOptions, where = 'binary data'): Dataset {
  checkOptions(options);
  const [rows, cols] = options.shape;
  const need = rows * cols * bytesPerValue(options.dtype);
  if (bytes.length !== need) {
    throw new DataError(`${where}: ${bytes.length} bytes, but ${rows} x ${cols} ${options.dtype} needs ${need}`);
  }
  const copy = new Uint8Array(need); // aligned, and ours (Buffer.slice would share memory)
  copy.set(bytes);
  const data = options.dtype === 'float32' ? new Float32Array(copy.buffer, 0, rows * cols) : new Float64Array(copy.buffer, 0, rows * cols);
  if (!littleEndianHost) throw new DataError('big-endian hosts are not supported');
  const names = options.names ?? Array.from({ length: cols }, (_, j) => `c${j}`);
  check(names.length === cols, 'names', `${names.length} names`, `${cols} names`);
  const columns = fromMatrix(data, rows, cols, options.order === 'F');
  return new Dataset({ name: options.name ?? 'binary', names, columns, source: where });
}

/** Writes the feature matrix (no target, no header) in the dataset's own dtype. */
export async function writeBinary(dataset: Dataset, file: string, options: { order?: 'C' | 'F' } = {}): Promise<void> {
  check(options.order === undefined || options.order === 'C' || options.order === 'F', 'order', options.order, "'C' or 'F'");
  const m = matrixOf(dataset, options.order === 'F');
  await writeFileAtomic(file, new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
}
