// Resolves a command's INPUT: a data file (.csv, .csv.gz, .npy) or the name of a registered
// dataset (`lossyml datasets` lists them). A path that exists always wins over a name. Every
// problem with the input is a one-line error naming it: a folder, an unreadable file, no rows.

import * as fs from 'node:fs';
import type { Dataset } from '../data/dataset';
import { datasetSource, listDatasets, loadDataset, openBinarySource, openCsvSource, openNpySource, readBinary, readCsv, readNpyDataset, type BinaryOptions, type RowBlock, type TableSource } from '../data';
import { CHUNKED_MAGIC } from '../container/chunked';
import { DataError, UsageError } from '../util/errors';
import { fileSystemError } from './output';

/**
 * A raw binary INPUT's layout (--shape, --dtype, --order). Commands pass null when they take raw
 * inputs but no layout was given, undefined when they take none.
 */
export type RawLayout = Pick<BinaryOptions, 'shape' | 'dtype' | 'order'>;

const RAW = /\.(bin|raw|f32|f64)$/i;

export async function readInput(command: string, input: string, target: string | undefined, raw?: RawLayout | null): Promise<Dataset> {
  const ds = await readTable(command, input, target, raw);
  if (ds.nRows === 0) throw new DataError(`${command}: ${input} has no data rows`);
  return ds;
}

async function readTable(command: string, input: string, target: string | undefined, raw: RawLayout | null | undefined): Promise<Dataset> {
  if (fs.existsSync(input)) {
    const kind = fileKind(command, input, target, raw);
    if (kind === 'csv') return readCsv(input, { target });
    if (kind === 'npy') return readNpyDataset(input);
    return readBinary(input, { ...raw!, name: binaryName(input) });
  }
  const names = listDatasets().map((d) => d.name);
  if (names.includes(input)) {
    if (target !== undefined) throw new UsageError(`${command}: --target: dataset ${input} has its own target; --target is for files`);
    return loadDataset(input);
  }
  throw new UsageError(`${command}: INPUT ${JSON.stringify(input)} is neither an existing file nor a dataset name (${names.join(', ')})`);
}

/**
 * INPUT as a source of row blocks, never read whole (chunked compress): a .npy or raw file read
 * at offsets, a CSV in pieces; a registered dataset is loaded (they fit in memory). `firstPass`
 * sees every block of a CSV's counting pass (column statistics without another pass).
 */
export async function openInput(command: string, input: string, target: string | undefined, raw: RawLayout | null | undefined, firstPass?: (b: RowBlock) => void): Promise<TableSource> {
  let source: TableSource;
  if (fs.existsSync(input)) {
    const kind = fileKind(command, input, target, raw);
    if (kind === 'csv') source = await openCsvSource(input, { target, firstPass });
    else if (kind === 'npy') source = await openNpySource(input);
    else source = await openBinarySource(input, { ...raw!, name: binaryName(input) });
  } else {
    source = datasetSource(await readTable(command, input, target, raw));
  }
  if (source.info.nRows === 0) {
    await source.close();
    throw new DataError(`${command}: ${input} has no data rows`);
  }
  return source;
}

/** What kind of table file INPUT is, after checking it and the flags that go with the kind. */
function fileKind(command: string, input: string, target: string | undefined, raw: RawLayout | null | undefined): 'csv' | 'npy' | 'raw' {
  const lower = input.toLowerCase();
  checkInputFile(command, 'INPUT', input);
  const rawOk = raw !== undefined;
  const kind = lower.endsWith('.csv') || lower.endsWith('.csv.gz') ? 'csv' : lower.endsWith('.npy') ? 'npy' : rawOk && RAW.test(lower) ? 'raw' : null;
  if (!kind) throw new UsageError(`${command}: INPUT ${JSON.stringify(input)}: unknown file type; expected .csv, .csv.gz or .npy${rawOk ? ' (or raw .bin/.raw/.f32/.f64 with --shape)' : ''}`);
  if (kind !== 'csv' && target !== undefined) throw new UsageError(`${command}: --target: a ${kind === 'npy' ? '.npy' : 'raw'} file has no named columns; use a CSV to keep a target`);
  if (kind === 'raw' && !raw) throw new UsageError(`${command}: INPUT ${input} is raw binary: give --shape ROWS,COLS (and --dtype float32|float64, --order C|F)`);
  if (kind !== 'raw' && raw) throw new UsageError(`${command}: --shape, --dtype and --order describe raw binary inputs (.bin, .raw, .f32, .f64); ${input} is not one`);
  return kind;
}

const binaryName = (file: string) => file.replace(/^.*[\\/]/, '').replace(RAW, '');

/** Refuses an input path that is missing, a folder, or unreadable, before anything reads it. */
export function checkInputFile(command: string, label: string, file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${command}: ${label} ${JSON.stringify(file)} does not exist`);
  }
  if (stat.isDirectory()) throw new UsageError(`${command}: ${label} ${file} is a folder; give a file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw fileSystemError(e, `${command}: cannot read ${label} ${file}`);
  }
}

/** Reads a whole input file after checkInputFile, file-system errors as one-line messages. */
export function readInputFile(command: string, label: string, file: string): Uint8Array {
  checkInputFile(command, label, file);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw fileSystemError(e, `${command}: cannot read ${label} ${file}`);
  }
}

/** "3 missing cells read as NaN: a 2, b 1", or undefined when the reader found none. */
export function describeMissing(ds: Dataset): string | undefined {
  const m = ds.missing;
  if (!m || m.total === 0) return undefined;
  const cols = Object.entries(m.byColumn);
  const shown = cols.slice(0, 8).map(([name, n]) => `${name} ${n}`).join(', ');
  const labelTarget = ds.target?.kind === 'label' && m.byColumn[ds.target.name] !== undefined;
  return `${m.total} missing cell${m.total === 1 ? '' : 's'} read as NaN${labelTarget ? ` (empty labels in ${ds.target!.name})` : ''}: ${shown}${cols.length > 8 ? `, ... (${cols.length} columns)` : ''}`;
}

/** Whether `file` starts with the chunked container's magic (else it is read as a single container). */
export function isChunkedFile(file: string): boolean {
  const head = new Uint8Array(CHUNKED_MAGIC.length);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.every((b, i) => b === CHUNKED_MAGIC[i]);
  } finally {
    fs.closeSync(fd);
  }
}
