// CSV into a Dataset, straight from bytes: feature cells parse to typed columns without a
// string per cell, missing cells are counted per column (never a silent zero), and a bad cell
// is an error naming its line, column and text. Reads .csv and gzipped .csv.gz alike.

import * as path from 'node:path';
import { DataError, UsageError, check, describe } from '../util/errors';
import { readWholeFile } from './read-file';
import { classifyCell, MissingPolicy } from './cells';
import { CsvTokenizer, countLines, lineEndingsToLf } from './csv-tokenizer';
import { Dataset, DType, FloatColumn, MissingReport, Target, allocColumn } from './dataset';
import { parseDecimal } from './decimal';
import { maybeGunzip } from './gzip';

export interface CsvOptions {
  /** The target column: a name, or a 0-based index (negative counts from the end). None: all features. */
  target?: string | number;
  /** The first record names the columns (default true); without one, columns are c0, c1, ... */
  header?: boolean;
  /** 'nan' (default): missing cells become NaN and are counted in dataset.missing; 'error' refuses them. */
  missing?: MissingPolicy;
  /** Feature column type (default float64). The target is always float64 or labels. */
  dtype?: DType;
  /** Dataset name (default: the file name without extensions, or "csv"). */
  name?: string;
  /** One ASCII character (default ','). */
  delimiter?: string;
}

export interface ResolvedOptions {
  target?: string | number;
  header: boolean;
  missing: MissingPolicy;
  dtype: DType;
  name: string;
  delimiter: number;
}

export function resolveOptions(o: CsvOptions, defaultName: string): ResolvedOptions {
  check(o.header === undefined || typeof o.header === 'boolean', 'header', o.header, 'true or false');
  check(o.missing === undefined || o.missing === 'nan' || o.missing === 'error', 'missing', o.missing, "'nan' or 'error'");
  check(o.dtype === undefined || o.dtype === 'float64' || o.dtype === 'float32', 'dtype', o.dtype, "'float64' or 'float32'");
  const d = o.delimiter ?? ',';
  const dc = d.charCodeAt(0);
  check(d.length === 1 && dc < 128 && d !== '"' && d !== '\n' && d !== '\r' && d !== ' ', 'delimiter', d, 'one ASCII character other than a quote, a space or a newline');
  const t = o.target;
  check(t === undefined || typeof t === 'string' || Number.isInteger(t), 'target', t, 'a column name or an integer index');
  return { target: t, header: o.header ?? true, missing: o.missing ?? 'nan', dtype: o.dtype ?? 'float64', name: o.name ?? defaultName, delimiter: dc };
}

/** Parses CSV text. See readCsv for files; the policy for missing cells is in cells.ts. */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  check(typeof text === 'string', 'text', typeof text, 'a string of CSV');
  return parseCsvBytes(Buffer.from(text, 'utf8'), options, 'csv text');
}

/** Reads a .csv or .csv.gz file (gzip is recognised by its magic bytes, not the extension). */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<Dataset> {
  check(typeof file === 'string' && file.length > 0, 'path', file, 'a file path');
  const raw = await readWholeFile(file);
  const bytes = await maybeGunzip(raw, file);
  const name = options.name ?? path.basename(file).replace(/\.(csv|data|txt)?(\.gz)?$/i, '');
  const ds = parseCsvBytes(bytes, { ...options, name }, file);
  return ds;
}

/** The byte-level reader behind parseCsv and readCsv; `where` names the input in errors. */
export function parseCsvBytes(bytes: Uint8Array, options: CsvOptions, where: string): Dataset {
  const o = resolveOptions(options, 'csv');
  // A Buffer view (no copy) gives the rare slow-path numbers a native latin1 decode.
  const lf = lineEndingsToLf(bytes);
  const buf = Buffer.isBuffer(lf) ? lf : Buffer.from(lf.buffer, lf.byteOffset, lf.length);
  const tok = new CsvTokenizer(buf, o.delimiter, where);
  if (!tok.nextRecord()) throw new DataError(`${where}: no data (the input is empty)`);
  const names = o.header ? readHeader(tok) : defaultNames(tok);
  const targetIndex = resolveTarget(o.target, names, where);
  const reader = new CellReader(tok, names, targetIndex, o, where, countLines(buf));
  if (!o.header) reader.readRecord(); // the first record was only counted: read it as data
  while (tok.nextRecord()) reader.readRecord();
  return reader.finish(o.name, where);
}

export function readHeader(tok: CsvTokenizer): string[] {
  const names: string[] = [];
  do {
    tok.readField();
    names.push(tok.text().trim());
  } while (!tok.endOfRecord);
  return names;
}

export function defaultNames(tok: CsvTokenizer): string[] {
  return Array.from({ length: tok.peekFieldCount() }, (_, j) => `c${j}`);
}

export function resolveTarget(target: string | number | undefined, names: string[], where: string): number {
  if (target === undefined) return -1;
  if (typeof target === 'number') {
    const j = target < 0 ? names.length + target : target;
    if (j < 0 || j >= names.length) throw new UsageError(`target: got ${target}, expected an index in ${-names.length}..${names.length - 1} (${where} has ${names.length} columns)`);
    return j;
  }
  const j = names.indexOf(target);
  if (j < 0) {
    const shown = names.slice(0, 8).map((n) => JSON.stringify(n)).join(', ');
    throw new UsageError(`target: got ${describe(target)}, expected one of the ${names.length} columns of ${where} (${shown}${names.length > 8 ? ', ...' : ''})`);
  }
  return j;
}

/**
 * Fills preallocated columns record by record; knows the column names for error messages. A
 * streaming reader (csv-stream.ts) gives it the file piece by piece (`tok`) and takes the rows
 * read so far as a block (`take`), which starts the next block empty.
 */
export class CellReader {
  private columns!: FloatColumn[];
  private readonly featureOf: Int32Array; // file column -> feature index, -1 for the target
  private readonly missing: Uint32Array;
  private targetText: string[] = [];
  private targetNum!: Float64Array;
  private targetNumeric: boolean;
  rows = 0;

  /** `labels`: read the target as labels from the start (a first pass found a non-number in it). */
  constructor(
    public tok: CsvTokenizer,
    private readonly names: string[],
    private readonly targetIndex: number,
    private readonly o: ResolvedOptions,
    private readonly where: string,
    capacity: number,
    labels = false,
  ) {
    this.featureOf = new Int32Array(names.length);
    for (let j = 0, f = 0; j < names.length; j++) this.featureOf[j] = j === targetIndex ? -1 : f++;
    this.missing = new Uint32Array(names.length);
    this.targetNumeric = !labels;
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    const nFeat = this.names.length - (this.targetIndex >= 0 ? 1 : 0);
    this.columns = Array.from({ length: nFeat }, () => allocColumn(this.o.dtype, capacity));
    this.targetNum = new Float64Array(this.targetIndex >= 0 && this.targetNumeric ? capacity : 0);
    this.targetText = [];
    this.rows = 0;
  }

  /** Whether the target (if any) still reads as numbers. */
  get numericTarget(): boolean {
    return this.targetNumeric;
  }

  /** The rows read since the last take, and a fresh block of `capacity` rows for the next. */
  take(capacity: number): { columns: FloatColumn[]; target: Target | null } {
    const { columns, target } = this.collect();
    this.allocate(capacity);
    return { columns, target: target ?? null };
  }

  readRecord(): void {
    const tok = this.tok;
    const n = this.names.length;
    const row = this.rows;
    for (let j = 0; j < n; j++) {
      if (j > 0 && tok.endOfRecord) this.fieldCountError(j);
      tok.readField();
      const f = this.featureOf[j];
      if (f >= 0) this.columns[f][row] = this.numberCell(j);
      else this.targetCell(j, row);
    }
    if (!tok.endOfRecord) this.fieldCountError(n + tok.fieldsLeftInRecord());
    this.rows++;
  }

  private numberCell(j: number): number {
    const tok = this.tok;
    if (!tok.escaped) {
      const v = parseDecimal(tok.bytes, tok.start, tok.end);
      if (v === v) return v;
    }
    const text = tok.text();
    const c = classifyCell(text);
    if (c.kind === 'number') return c.value;
    if (c.kind === 'missing') return this.missingCell(j, text);
    throw new DataError(`${this.where}: line ${tok.recordLine}, column ${JSON.stringify(this.names[j])}: cannot read ${JSON.stringify(text)} as a number`);
  }

  private missingCell(j: number, text: string): number {
    if (this.o.missing === 'error') {
      throw new DataError(`${this.where}: line ${this.tok.recordLine}, column ${JSON.stringify(this.names[j])}: missing value ${JSON.stringify(text)} (missing: 'error' refuses missing cells)`);
    }
    this.missing[j]++;
    return NaN;
  }

  private targetCell(j: number, row: number): void {
    const tok = this.tok;
    const text = tok.text().trim();
    this.targetText.push(text);
    if (!this.targetNumeric) {
      if (classifyCell(text).kind === 'missing') this.missingCell(j, text);
      return;
    }
    let v = tok.escaped ? NaN : parseDecimal(tok.bytes, tok.start, tok.end);
    if (v !== v) {
      const c = classifyCell(text);
      if (c.kind === 'number') v = c.value;
      else if (c.kind === 'missing') v = this.missingCell(j, text);
      else this.targetNumeric = false; // a label column: earlier cells are kept as text too
    }
    this.targetNum[row] = v;
  }

  private fieldCountError(got: number): never {
    throw new DataError(`${this.where}: line ${this.tok.recordLine}: ${got} fields, expected ${this.names.length} (as in the ${this.o.header ? 'header' : 'first line'})`);
  }

  finish(name: string, source: string): Dataset {
    const { columns, target } = this.collect();
    const featureNames = this.names.filter((_, j) => j !== this.targetIndex);
    return new Dataset({ name, names: featureNames, columns, target, source, targetIndex: target ? this.targetIndex : undefined, missing: this.report() });
  }

  private collect(): { columns: FloatColumn[]; target: Target | undefined } {
    const rows = this.rows;
    const columns = this.columns.map((c) => (c.length === rows ? c : c.slice(0, rows)));
    let target: Target | undefined;
    if (this.targetIndex >= 0) {
      const tName = this.names[this.targetIndex];
      target = this.targetNumeric
        ? { name: tName, kind: 'numeric', values: this.targetNum.length === rows ? this.targetNum : this.targetNum.slice(0, rows) }
        : { name: tName, kind: 'label', values: this.labels() };
    }
    return { columns, target };
  }

  /** Label cells as text; missing markers become '' (they were counted when read). */
  private labels(): string[] {
    const out = this.targetText;
    for (let i = 0; i < out.length; i++) if (classifyCell(out[i]).kind === 'missing') out[i] = '';
    return out;
  }

  report(): MissingReport {
    const byColumn: Record<string, number> = {};
    let total = 0;
    for (let j = 0; j < this.names.length; j++) {
      if (this.missing[j] > 0) {
        byColumn[this.names[j]] = this.missing[j];
        total += this.missing[j];
      }
    }
    return { total, byColumn };
  }
}
