// The models' one policy for feature values, shared by the forest, the SVM and the tfjs models:
// NaN is a missing cell and is replaced by the column's training median (scikit-learn's
// SimpleImputer(strategy='median')); +-Infinity is refused with its column and row, since no
// model can order or scale it. The applications translate the position into the user's file.

import type { FeatureBlock, FloatColumn } from '../data/dataset';
import { allocColumn } from '../data/dataset';
import { DataError } from '../util/errors';

export const FEATURE_POLICY = 'the models take finite numbers, and NaN as a missing cell (imputed with the training median)';

/** A feature value a model refuses, at a column and row of the block it was given. */
export class FeatureValueError extends DataError {
  readonly policy = FEATURE_POLICY;
  constructor(
    what: string,
    readonly column: number,
    readonly row: number,
    readonly value: number,
  ) {
    super(`${what}: feature column ${column}, row ${row} is ${value}; ${FEATURE_POLICY}`);
  }
}

const POS_INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;

/** Throws a FeatureValueError at the first +-Infinity. */
export function checkNoInfinity(what: string, x: FeatureBlock): void {
  for (let f = 0; f < x.columns.length; f++) {
    const c = x.columns[f];
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v === POS_INF || v === NEG_INF) throw new FeatureValueError(what, f, i, v);
    }
  }
}

/** The median of each column's non-missing values (0 for a column with none), for imputation. */
export function columnMedians(x: FeatureBlock): Float64Array {
  const out = new Float64Array(x.columns.length);
  const buf = new Float64Array(x.nRows);
  for (let f = 0; f < x.columns.length; f++) {
    const c = x.columns[f];
    let m = 0;
    // v === v is false for NaN only (no global lookup per value: slow under jest's vm context).
    for (let i = 0; i < c.length; i++) if (c[i] === c[i]) buf[m++] = c[i];
    out[f] = m > 0 ? medianOf(buf.subarray(0, m)) : 0;
  }
  return out;
}

/** The median by selection (O(n), reorders `values`): the mean of the two middle values when n is even. */
export function medianOf(values: Float64Array): number {
  const m = values.length;
  const hi = m >> 1;
  select(values, hi);
  if (m % 2 === 1) return values[hi];
  // After select, values[0 .. hi) are <= values[hi]: the lower middle is their maximum.
  let lo = values[0];
  for (let i = 1; i < hi; i++) if (values[i] > lo) lo = values[i];
  return (lo + values[hi]) / 2;
}

/** Hoare's selection: puts the k-th smallest value at index k, smaller ones before, larger after. */
function select(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // Median of three as pivot: sorted or constant columns stay O(n).
    const mid = (left + right) >> 1;
    const pivot = median3(a[left], a[mid], a[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/** Whether any feature value is NaN. */
export function hasMissing(x: FeatureBlock): boolean {
  for (const c of x.columns) for (let i = 0; i < c.length; i++) if (c[i] !== c[i]) return true;
  return false;
}

/**
 * The block with every NaN replaced by its column's median; columns without NaN are shared,
 * not copied, and a block without NaN is returned as it is.
 */
export function imputeMissing(x: FeatureBlock, medians: Float64Array): FeatureBlock {
  let columns: FloatColumn[] | null = null;
  for (let f = 0; f < x.columns.length; f++) {
    const c = x.columns[f];
    let first = -1;
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== c[i]) {
        first = i;
        break;
      }
    }
    if (first < 0) continue;
    columns ??= x.columns.slice();
    const out = allocColumn(x.dtype, c.length);
    out.set(c);
    const m = medians[f];
    for (let i = first; i < c.length; i++) if (out[i] !== out[i]) out[i] = m;
    columns[f] = out;
  }
  return columns ? { dtype: x.dtype, nRows: x.nRows, columns } : x;
}
