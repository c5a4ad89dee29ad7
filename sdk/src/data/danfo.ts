// danfojs-node DataFrames in and out. danfo takes ~0.4 s to load, so it is required on first
// use only; a frame's NaN/null/undefined cells count as missing, as in the CSV reader.

import type { DataFrame } from 'danfojs-node';
import { DataError, check } from '../util/errors';
import { Dataset, DType, MissingReport, Target, allocColumn } from './dataset';

type Danfo = typeof import('danfojs-node');
let danfoModule: Danfo | undefined;

function danfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, CommonJS package
  danfoModule ??= require('danfojs-node') as Danfo;
  return danfoModule;
}

/** A DataFrame of the feature columns and the target, in the file's column order. */
export function toDataFrame(dataset: Dataset): DataFrame {
  const t = dataset.target;
  const at = t ? Math.min(dataset.targetIndex ?? dataset.nCols, dataset.nCols) : -1;
  const names = dataset.names.slice();
  const sources: ArrayLike<number | string>[] = dataset.columns.slice();
  if (t) {
    names.splice(at, 0, t.name);
    sources.splice(at, 0, t.values);
  }
  // Rows plus a `columns` list keep names and order exactly (object keys such as "10" would be reordered).
  const rows = new Array<(number | string)[]>(dataset.nRows);
  for (let i = 0; i < dataset.nRows; i++) {
    const row = new Array<number | string>(names.length);
    for (let j = 0; j < names.length; j++) row[j] = sources[j][i];
    rows[i] = row;
  }
  return new (danfo().DataFrame)(rows, { columns: names });
}

export interface FromDataFrameOptions {
  /** The target column's name (kept apart, numeric or labels). */
  target?: string;
  name?: string;
  dtype?: DType;
}

/** A Dataset from a DataFrame: every column but the target must be numeric. */
export function fromDataFrame(df: DataFrame, options: FromDataFrameOptions = {}): Dataset {
  check(options.dtype === undefined || options.dtype === 'float32' || options.dtype === 'float64', 'dtype', options.dtype, "'float32' or 'float64'");
  const names = (df.columns as string[]).map(String);
  const ti = options.target === undefined ? -1 : names.indexOf(options.target);
  check(options.target === undefined || ti >= 0, 'target', options.target, `one of the frame's columns (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''})`);
  const rows = df.shape[0];
  const dtype = options.dtype ?? 'float64';
  const missing: MissingReport = { total: 0, byColumn: {} };
  const featureNames: string[] = [];
  const columns = [];
  let target: Target | undefined;
  for (let j = 0; j < names.length; j++) {
    const values = df.column(names[j]).values as unknown[];
    if (j === ti) {
      target = targetOf(names[j], values, missing);
      continue;
    }
    const c = allocColumn(dtype, rows);
    let miss = 0;
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
        c[i] = NaN;
        miss++;
      } else if (typeof v === 'number' || typeof v === 'boolean') c[i] = Number(v);
      else throw new DataError(`DataFrame column ${JSON.stringify(names[j])}, row ${i}: ${JSON.stringify(v)} is not a number`);
    }
    note(missing, names[j], miss);
    featureNames.push(names[j]);
    columns.push(c);
  }
  return new Dataset({ name: options.name ?? 'dataframe', names: featureNames, columns, target, targetIndex: target ? ti : undefined, missing, source: 'danfo DataFrame' });
}

function note(report: MissingReport, name: string, count: number): void {
  if (count === 0) return;
  report.byColumn[name] = count;
  report.total += count;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && v !== v);
}

function targetOf(name: string, values: unknown[], missing: MissingReport): Target {
  const numeric = values.every((v) => isMissing(v) || typeof v === 'number' || typeof v === 'boolean');
  note(missing, name, values.filter(isMissing).length);
  if (numeric) return { name, kind: 'numeric', values: Float64Array.from(values, (v) => (isMissing(v) ? NaN : Number(v))) };
  return { name, kind: 'label', values: values.map((v) => (isMissing(v) ? '' : String(v))) };
}
