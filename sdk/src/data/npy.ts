// NumPy .npy arrays in and out (format versions 1-3): float32/float64 in either byte order and
// C or Fortran order; integer and bool arrays are read too and converted to floats (the
// PtychoNN frames are int32). Anything else is refused with the dtype named.

import { writeFileAtomic } from '../util/atomic';
import { DataError, check } from '../util/errors';
import { readWholeFile } from './read-file';
import { Dataset, DType, FloatColumn, allocColumn } from './dataset';

export interface NpyArray {
  /** The values in the file's order: C (last index fastest) or Fortran (first index fastest). */
  data: Float64Array | Float32Array;
  shape: number[];
  fortranOrder: boolean;
  /** The dtype as the file wrote it, e.g. '<f8', '>f4', '<i4'. */
  descr: string;
}

export interface NpyReadOptions {
  /** Convert to this float type; default: float32 for f4 and small integers, else float64. */
  dtype?: DType;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface Descr {
  littleEndian: boolean;
  kind: 'f' | 'i' | 'u' | 'b';
  size: number;
}

export function parseDescr(descr: string, where: string): Descr {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const ok = m !== null && (m[2] === 'f' ? m[3] === '4' || m[3] === '8' : m[2] === 'b' ? m[3] === '1' : ['1', '2', '4', '8'].includes(m[3]));
  if (!ok || !m) {
    throw new DataError(`${where}: dtype ${JSON.stringify(descr)} is not supported (float32 '<f4', float64 '<f8', either byte order; integer and bool arrays are converted)`);
  }
  return { littleEndian: m[1] !== '>', kind: m[2] as Descr['kind'], size: Number(m[3]) };
}

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

export function parseNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new DataError(`${where}: not a .npy file (the magic string \\x93NUMPY is missing)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DataError(`${where}: .npy format version ${major}.${bytes[7]} is not supported (1.0 to 3.0)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new DataError(`${where}: truncated .npy header`);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + hlen > bytes.length) throw new DataError(`${where}: truncated .npy header (${hlen} bytes announced, ${bytes.length - start} present)`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, hlen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new DataError(`${where}: bad .npy header ${JSON.stringify(text.trim())} (needs 'descr' as a string, 'fortran_order' and 'shape')`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (!dims.every((d) => /^\d+L?$/.test(d))) throw new DataError(`${where}: bad shape (${shape[1]}) in the .npy header`);
  return { descr: descr[1], fortranOrder: fortran[1] === 'True', shape: dims.map((d) => parseInt(d, 10)), dataOffset: start + hlen };
}

/** Parses .npy bytes; `where` names the input in errors. */
export function parseNpy(bytes: Uint8Array, options: NpyReadOptions = {}, where = '.npy'): NpyArray {
  const h = parseNpyHeader(bytes, where);
  const d = parseDescr(h.descr, where);
  const count = h.shape.reduce((a, b) => a * b, 1);
  const have = bytes.length - h.dataOffset;
  if (have !== count * d.size) {
    throw new DataError(`${where}: ${have} bytes of data, but shape (${h.shape.join(', ')}) of ${h.descr} needs ${count * d.size}${have < count * d.size ? ' (truncated)' : ''}`);
  }
  // Copy into a fresh, aligned buffer (the data offset need not be a multiple of 8).
  // (Buffer.slice would share memory: copy explicitly.)
  const raw = new Uint8Array(count * d.size);
  raw.set(bytes.subarray(h.dataOffset, h.dataOffset + count * d.size));
  if (!d.littleEndian && d.size > 1) swapBytes(raw, d.size);
  const dtype: DType = options.dtype ?? defaultDtype(d);
  return { data: toFloats(raw, d, count, dtype, where), shape: h.shape, fortranOrder: h.fortranOrder, descr: h.descr };
}

/** The float type a .npy dtype reads as by default: float32 for f4 and small integers, else float64. */
export function defaultDtype(d: Descr): DType {
  return d.kind === 'f' ? (d.size === 4 ? 'float32' : 'float64') : d.size <= 2 ? 'float32' : 'float64';
}

export function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}

export function toFloats(raw: Uint8Array, d: Descr, count: number, dtype: DType, where: string): Float64Array | Float32Array {
  const buf = raw.buffer as ArrayBuffer; // a fresh copy, never shared
  if (d.kind === 'f') {
    const src = d.size === 4 ? new Float32Array(buf, 0, count) : new Float64Array(buf, 0, count);
    if ((d.size === 4) === (dtype === 'float32')) return src;
    return dtype === 'float32' ? Float32Array.from(src) : Float64Array.from(src);
  }
  const out = allocColumn(dtype, count);
  if (d.size === 8) return int64ToFloats(buf, d.kind === 'u', out, where);
  const src = intView(buf, d, count);
  for (let i = 0; i < count; i++) out[i] = src[i];
  return out;
}

function intView(buf: ArrayBuffer, d: Descr, count: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  const signed = d.kind === 'i';
  if (d.size === 1) return signed ? new Int8Array(buf, 0, count) : new Uint8Array(buf, 0, count);
  if (d.size === 2) return signed ? new Int16Array(buf, 0, count) : new Uint16Array(buf, 0, count);
  return signed ? new Int32Array(buf, 0, count) : new Uint32Array(buf, 0, count);
}

function int64ToFloats(buf: ArrayBuffer, unsigned: boolean, out: FloatColumn, where: string): FloatColumn {
  const src = unsigned ? new BigUint64Array(buf, 0, out.length) : new BigInt64Array(buf, 0, out.length);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < out.length; i++) {
    const v = src[i];
    if (v > limit || v < -limit) throw new DataError(`${where}: 64-bit integer ${v} at index ${i} has no exact float value`);
    out[i] = Number(v);
  }
  return out;
}

/** Reads a .npy file (or parses bytes already in memory). */
export async function readNpy(source: string | Uint8Array, options: NpyReadOptions = {}): Promise<NpyArray> {
  check(options.dtype === undefined || options.dtype === 'float32' || options.dtype === 'float64', 'dtype', options.dtype, "'float32' or 'float64'");
  if (typeof source !== 'string') return parseNpy(source, options);
  const bytes = await readWholeFile(source);
  return parseNpy(bytes, options, source);
}

/** .npy bytes (format 1.0, little-endian) for the values in the given order and shape. */
export function encodeNpy(data: Float64Array | Float32Array, shape: number[], fortranOrder = false): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  check(shape.every((s) => Number.isInteger(s) && s >= 0) && count === data.length, 'shape', shape, `non-negative integers whose product is ${data.length}`);
  const head = npyHeaderBytes(data instanceof Float32Array ? 'float32' : 'float64', shape, fortranOrder);
  const out = new Uint8Array(head.length + data.byteLength);
  out.set(head, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), head.length);
  return out;
}

/** The header encodeNpy writes before the values (a streaming writer writes it first, then the rows). */
export function npyHeaderBytes(dtype: DType, shape: number[], fortranOrder: boolean): Uint8Array {
  const descr = dtype === 'float32' ? '<f4' : '<f8';
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${dims}, }`;
  const total = Math.ceil((10 + text.length + 1) / 64) * 64; // numpy pads the header to 64 bytes
  text = text.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + text.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(Buffer.from(text, 'latin1'), 10);
  return out;
}

/**
 * Writes an array, or a Dataset's feature matrix (rows x columns; Fortran order by default,
 * which is the columns back to back with no transpose). The target is not written.
 */
export async function writeNpy(file: string, value: NpyArray | Dataset, options: { order?: 'C' | 'F' } = {}): Promise<void> {
  check(options.order === undefined || options.order === 'C' || options.order === 'F', 'order', options.order, "'C' or 'F'");
  if (!(value instanceof Dataset)) {
    await writeFileAtomic(file, encodeNpy(value.data, value.shape, value.fortranOrder));
    return;
  }
  const fortran = (options.order ?? 'F') === 'F';
  await writeFileAtomic(file, encodeNpy(matrixOf(value, fortran), [value.nRows, value.nCols], fortran));
}

/** The feature columns as one array, column after column (Fortran) or row after row (C). */
export function matrixOf(ds: Dataset, fortran: boolean): Float64Array | Float32Array {
  const n = ds.nRows;
  const m = ds.nCols;
  const out = allocColumn(ds.dtype, n * m);
  for (let j = 0; j < m; j++) {
    const c = ds.columns[j];
    if (fortran) out.set(c, j * n);
    else for (let i = 0; i < n; i++) out[i * m + j] = c[i];
  }
  return out;
}

/**
 * A Dataset from an array: 1-D is one column, 2-D is rows x columns; higher ranks (C order)
 * flatten all but the first axis, so each row is one observation (a PtychoNN frame).
 */
export function npyToDataset(arr: NpyArray, options: { name?: string; names?: string[]; source?: string } = {}): Dataset {
  const { shape, data } = arr;
  const where = options.source ?? options.name ?? '.npy';
  if (shape.length === 0) throw new DataError(`${where}: a 0-d array holds no table`);
  if (shape.length > 2 && arr.fortranOrder) throw new DataError(`${where}: a ${shape.length}-d array in Fortran order cannot be read as a table`);
  const rows = shape[0];
  const cols = shape.length === 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
  const names = options.names ?? Array.from({ length: cols }, (_, j) => `c${j}`);
  check(names.length === cols, 'names', `${names.length} names`, `${cols} names`);
  const columns = fromMatrix(data, rows, cols, arr.fortranOrder || shape.length === 1);
  return new Dataset({ name: options.name ?? 'npy', names, columns, source: options.source });
}

/** Column-major copies of a rows x cols matrix stored in either order. */
export function fromMatrix(data: Float64Array | Float32Array, rows: number, cols: number, fortran: boolean): FloatColumn[] {
  const dtype: DType = data instanceof Float32Array ? 'float32' : 'float64';
  const columns: FloatColumn[] = [];
  for (let j = 0; j < cols; j++) {
    if (fortran) {
      columns.push(data.slice(j * rows, (j + 1) * rows));
      continue;
    }
    const c = allocColumn(dtype, rows);
    for (let i = 0, k = j; i < rows; i++, k += cols) c[i] = data[k];
    columns.push(c);
  }
  return columns;
}

/** Reads a .npy file as a Dataset (1-D: one column; 2-D: rows x columns; see npyToDataset). */
export async function readNpyDataset(file: string, options: NpyReadOptions & { name?: string; names?: string[] } = {}): Promise<Dataset> {
  const arr = await readNpy(file, options);
  const name = options.name ?? file.replace(/^.*[\\/]/, '').replace(/\.npy$/i, '');
  return npyToDataset(arr, { name, names: options.names, source: file });
}

/** Writes a Dataset's feature matrix as a 2-D .npy (the target is not written). */
export async function writeNpyDataset(dataset: Dataset, file: string, options: { order?: 'C' | 'F' } = {}): Promise<void> {
  await writeNpy(file, dataset, options);
}
