// .npy and raw binary matrices read by row blocks from an open file: C order reads each block's
// rows in one positioned read; Fortran order reads each column's stretch of the block (strided
// reads, one per column), so no more than one block of rows is ever in memory.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, check } from '../util/errors';
import type { BinaryOptions } from './binary';
import { allocColumn, bytesPerValue, type DType, type FloatColumn } from './dataset';
import { defaultDtype, fromMatrix, parseDescr, parseNpyHeader, swapBytes, toFloats, type Descr, type NpyReadOptions } from './npy';
import type { RowBlock, TableSource } from './table-source';

export interface MatrixSourceOptions {
  /** Called with the byte length of every read (tests check that reads stay within a block). */
  onRead?: (bytes: number) => void;
}

interface MatrixLayout {
  descr: Descr;
  dtype: DType;
  rows: number;
  cols: number;
  fortran: boolean;
  dataOffset: number;
}

/** A .npy file as a source of row blocks (1-D: one column; higher ranks in C order: rows x the rest). */
export async function openNpySource(file: string, options: NpyReadOptions & MatrixSourceOptions & { name?: string } = {}): Promise<TableSource> {
  check(options.dtype === undefined || options.dtype === 'float32' || options.dtype === 'float64', 'dtype', options.dtype, "'float32' or 'float64'");
  const handle = await openFile(file);
  try {
    const { size } = await handle.stat();
    const prefix = await readAt(handle, 0, Math.min(12, size));
    const major = prefix[6];
    const hlen = prefix.length < 12 ? 0 : major === 1 ? prefix[8] | (prefix[9] << 8) : new DataView(prefix.buffer).getUint32(8, true);
    const head = await readAt(handle, 0, Math.min(size, (major === 1 ? 10 : 12) + hlen));
    const h = parseNpyHeader(head, file);
    const descr = parseDescr(h.descr, file);
    if (h.shape.length === 0) throw new DataError(`${file}: a 0-d array holds no table`);
    if (h.shape.length > 2 && h.fortranOrder) throw new DataError(`${file}: a ${h.shape.length}-d array in Fortran order cannot be read as a table`);
    const count = h.shape.reduce((a, b) => a * b, 1);
    const have = size - h.dataOffset;
    if (have !== count * descr.size) {
      throw new DataError(`${file}: ${have} bytes of data, but shape (${h.shape.join(', ')}) of ${h.descr} needs ${count * descr.size}${have < count * descr.size ? ' (truncated)' : ''}`);
    }
    const rows = h.shape[0];
    const cols = h.shape.length === 1 ? 1 : h.shape.slice(1).reduce((a, b) => a * b, 1);
    const layout: MatrixLayout = { descr, dtype: options.dtype ?? defaultDtype(descr), rows, cols, fortran: h.fortranOrder || h.shape.length === 1, dataOffset: h.dataOffset };
    const name = options.name ?? path.basename(file).replace(/\.npy$/i, '');
    return matrixSource(handle, layout, name, defaultNames(cols), file, options);
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** A raw little-endian float32/float64 file of the given shape as a source of row blocks. */
export async function openBinarySource(file: string, options: BinaryOptions & MatrixSourceOptions): Promise<TableSource> {
  check(options.dtype === 'float32' || options.dtype === 'float64', 'dtype', options.dtype, "'float32' or 'float64'");
  const s = options.shape;
  check(Array.isArray(s) && s.length === 2 && s.every((d) => Number.isInteger(d) && d >= 0), 'shape', s, '[rows, columns] of non-negative integers');
  check(options.order === undefined || options.order === 'C' || options.order === 'F', 'order', options.order, "'C' or 'F'");
  const [rows, cols] = s;
  const names = options.names ?? defaultNames(cols);
  check(names.length === cols, 'names', `${names.length} names`, `${cols} names`);
  const handle = await openFile(file);
  try {
    const { size } = await handle.stat();
    const need = rows * cols * bytesPerValue(options.dtype);
    if (size !== need) throw new DataError(`${file}: ${size} bytes, but ${rows} x ${cols} ${options.dtype} needs ${need}`);
    const descr: Descr = { littleEndian: true, kind: 'f', size: bytesPerValue(options.dtype) };
    const layout: MatrixLayout = { descr, dtype: options.dtype, rows, cols, fortran: options.order === 'F', dataOffset: 0 };
    return matrixSource(handle, layout, options.name ?? 'binary', names, file, options);
  } catch (e) {
    await handle.close();
    throw e;
  }
}

const defaultNames = (cols: number) => Array.from({ length: cols }, (_, j) => `c${j}`);

async function openFile(file: string): Promise<fs.promises.FileHandle> {
  return fs.promises.open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`cannot read ${file}: ${e.code ?? e.message}`);
  });
}

/** Exactly `length` bytes at `offset`, in a fresh buffer of their own. */
async function readAt(handle: fs.promises.FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(out, got, length - got, offset + got);
    if (bytesRead === 0) throw new DataError(`file ended at byte ${offset + got}, expected ${offset + length} (it shrank while being read)`);
    got += bytesRead;
  }
  return out;
}

function matrixSource(handle: fs.promises.FileHandle, m: MatrixLayout, name: string, names: string[], file: string, o: MatrixSourceOptions): TableSource {
  const size = m.descr.size;
  /** `count` values from byte `offset`, as floats of the source's dtype. */
  const values = async (offset: number, count: number): Promise<Float32Array | Float64Array> => {
    o.onRead?.(count * size);
    const raw = await readAt(handle, offset, count * size);
    if (!m.descr.littleEndian && size > 1) swapBytes(raw, size);
    return toFloats(raw, m.descr, count, m.dtype, file);
  };
  const readRows = async (start: number, end: number): Promise<RowBlock> => {
    const n = end - start;
    if (!m.fortran) return { columns: fromMatrix(await values(m.dataOffset + start * m.cols * size, n * m.cols), n, m.cols, false), target: null };
    const columns: FloatColumn[] = [];
    for (let j = 0; j < m.cols; j++) columns.push(n === 0 ? allocColumn(m.dtype, 0) : await values(m.dataOffset + (j * m.rows + start) * size, n));
    return { columns, target: null };
  };
  return {
    info: { name, names, dtype: m.dtype, nRows: m.rows, target: null, source: file },
    async *blocks(rows: number) {
      check(Number.isInteger(rows) && rows >= 1, 'block rows', rows, 'an integer >= 1');
      for (let start = 0; start < m.rows; start += rows) yield await readRows(start, Math.min(start + rows, m.rows));
    },
    close: () => handle.close(),
  };
}
