// A Dataset back to CSV so that reading it again gives the same bits: numbers in their shortest
// round-trip form, -0 kept, NaN written as "NaN" (read back as missing), the target put back in
// its original column. The file is written whole or not at all (temp file + rename).

import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { writeFileAtomic } from '../util/atomic';
import { check } from '../util/errors';
import { Dataset } from './dataset';

const gzip = promisify(zlib.gzip);

export interface CsvWriteOptions {
  /** One ASCII character (default ','). */
  delimiter?: string;
  /** Where the target goes among the columns; default: where it was read from, else last. */
  targetIndex?: number;
}

/** Shortest text that reads back to exactly x as a float64. */
export function formatFloat64(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

/** Shortest text whose float64 value rounds to exactly x as a float32 (x already a float32). */
export function formatFloat32(x: number): string {
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return formatFloat64(x);
  for (let p = 1; p < 9; p++) {
    const d = Number(x.toPrecision(p));
    if (Math.fround(d) === x) return String(d);
  }
  return String(Number(x.toPrecision(9))); // 9 significant digits always identify a float32
}

/** Quotes a text cell when it is empty or holds the delimiter, a quote, a newline or edge spaces. */
export function quoteCell(s: string, delimiter: string): string {
  const plain = s.length > 0 && !s.includes(delimiter) && !/["\n\r]/.test(s) && s.trim() === s;
  return plain ? s : `"${s.replace(/"/g, '""')}"`;
}

/** Writes the dataset as CSV, gzipped when the file name ends in .gz. */
export async function writeCsv(dataset: Dataset, file: string, options: CsvWriteOptions = {}): Promise<void> {
  const bytes = formatCsv(dataset, options);
  await writeFileAtomic(file, /\.gz$/i.test(file) ? await gzip(bytes) : bytes);
}

/** The CSV bytes writeCsv writes, in chunks so that tables larger than a JS string still fit. */
export function formatCsv(dataset: Dataset, options: CsvWriteOptions = {}): Uint8Array {
  const layout = csvLayout(dataset, options);
  return Buffer.concat([csvHeaderBytes(dataset, layout), ...csvRowBytes(dataset, layout)]);
}

/** Where the target goes and the delimiter, checked once for a whole file. */
export interface CsvLayout {
  delim: string;
  /** The target's column, -1 without a target. */
  ti: number;
}

export function csvLayout(dataset: Dataset, options: CsvWriteOptions = {}): CsvLayout {
  const delim = options.delimiter ?? ',';
  check(delim.length === 1 && delim.charCodeAt(0) < 128 && !/["\n\r ]/.test(delim), 'delimiter', delim, 'one ASCII character other than a quote, a space or a newline');
  const t = dataset.target;
  const nCols = dataset.nCols + (t ? 1 : 0);
  const ti = t ? (options.targetIndex ?? dataset.targetIndex ?? dataset.nCols) : -1;
  check(!t || (Number.isInteger(ti) && ti >= 0 && ti < nCols), 'targetIndex', ti, `an integer in 0..${nCols - 1}`);
  return { delim, ti };
}

/** The header line (column names, the target's among them). */
export function csvHeaderBytes(dataset: Dataset, { delim, ti }: CsvLayout): Buffer {
  const names = dataset.names.slice();
  if (dataset.target) names.splice(ti, 0, dataset.target.name);
  return Buffer.from(names.map((n) => quoteCell(n, delim)).join(delim) + '\n', 'utf8');
}

/** The data lines, in pieces of about 1 MB (a streaming writer calls this once per block of rows). */
export function csvRowBytes(dataset: Dataset, { delim, ti }: CsvLayout): Buffer[] {
  const nCols = dataset.nCols + (dataset.target ? 1 : 0);
  const fmt = dataset.dtype === 'float32' ? formatFloat32 : formatFloat64;
  const chunks: Buffer[] = [];
  const cells = new Array<string>(nCols);
  let pending = '';
  for (let i = 0; i < dataset.nRows; i++) {
    for (let j = 0, f = 0; j < nCols; j++) {
      if (j === ti) cells[j] = targetCell(dataset, i, delim);
      else cells[j] = fmt(dataset.columns[f++][i]);
    }
    pending += cells.join(delim) + '\n';
    if (pending.length > 1 << 20) {
      chunks.push(Buffer.from(pending, 'utf8'));
      pending = '';
    }
  }
  chunks.push(Buffer.from(pending, 'utf8'));
  return chunks;
}

function targetCell(dataset: Dataset, row: number, delim: string): string {
  const t = dataset.target!;
  return t.kind === 'numeric' ? formatFloat64(t.values[row]) : quoteCell(t.values[row], delim);
}
