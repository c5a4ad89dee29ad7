// The SVM's input preparation, fitted on the training rows only: missing values (NaN) become
// the column's training median, then each column is centred and scaled to unit variance (as
// scikit-learn's SimpleImputer(median) + StandardScaler), the policy of every model (models/inputs.ts).
// Output is row-major for the kernels.

import type { FeatureBlock } from '../../data/dataset';
import { DataError } from '../../util/errors';
import { FeatureValueError } from '../inputs';

// Module constants rather than globals in the per-value loops: under jest (a vm context) each
// global lookup such as Number or Infinity is slow enough to dominate the fit.
const POS_INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;
const isNaNValue = (v: number): boolean => v !== v;

export interface Scaler {
  nFeatures: number;
  median: Float64Array;
  mean: Float64Array;
  /** 1 / standard deviation, or 1 for a constant column (as StandardScaler). */
  invStd: Float64Array;
}

/** Fits the imputer and the scaler; `standardize` false keeps mean 0 / scale 1. */
export function fitScaler(x: FeatureBlock, standardize: boolean): Scaler {
  const d = x.columns.length;
  const median = new Float64Array(d);
  const mean = new Float64Array(d);
  const invStd = new Float64Array(d).fill(1);
  const buf = new Float64Array(x.nRows);
  for (let f = 0; f < d; f++) {
    const col = x.columns[f];
    let m = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === POS_INF || v === NEG_INF) throw new FeatureValueError('svm fit', f, i, v);
      if (!isNaNValue(v)) buf[m++] = v;
    }
    // A column with no value at all is imputed with 0: it is then constant and plays no part.
    median[f] = m > 0 ? medianOf(buf.subarray(0, m)) : 0;
    if (!standardize) continue;
    let s = 0;
    for (let i = 0; i < col.length; i++) s += isNaNValue(col[i]) ? median[f] : col[i];
    const mu = s / col.length;
    let ss = 0;
    for (let i = 0; i < col.length; i++) {
      const e = (isNaNValue(col[i]) ? median[f] : col[i]) - mu;
      ss += e * e;
    }
    const sd = Math.sqrt(ss / col.length);
    mean[f] = mu;
    invStd[f] = sd > 0 ? 1 / sd : 1;
  }
  return { nFeatures: d, median, mean, invStd };
}

function medianOf(values: Float64Array): number {
  values.sort();
  const m = values.length;
  return m % 2 === 1 ? values[(m - 1) >> 1] : (values[m / 2 - 1] + values[m / 2]) / 2;
}

/** Imputed, scaled rows: out[i * d + f]. */
export function transformRows(s: Scaler, x: FeatureBlock, what: string): Float64Array {
  const d = s.nFeatures;
  if (x.columns.length !== d) throw new DataError(`${what}: got ${x.columns.length} feature columns, the model was fitted on ${d}`);
  const n = x.nRows;
  const out = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    const col = x.columns[f];
    if (col.length !== n) throw new DataError(`${what}: feature column ${f} has ${col.length} rows, expected ${n}`);
    const med = s.median[f];
    const mu = s.mean[f];
    const k = s.invStd[f];
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v === POS_INF || v === NEG_INF) throw new FeatureValueError(what, f, i, v);
      out[i * d + f] = ((isNaNValue(v) ? med : v) - mu) * k;
    }
  }
  return out;
}
