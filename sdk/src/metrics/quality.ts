// Quality metrics between a validation target and a model's predictions: R^2, MSE and PSNR for
// regression, accuracy and the G-mean of precision and recall (the paper's metric for MLSVM)
// for classification. Inputs are checked once: same length, non-empty, finite numbers.

import { DataError, UsageError, describe } from '../util/errors';

/** ClassLabels as the models return them: strings, or numbers (classes coded as values). */
export type ClassLabels = string[] | Float64Array;

// v - v is 0 exactly for finite v (NaN for NaN and the infinities); no global lookup per value,
// which is slow under jest's vm context.
const finite = (v: number): boolean => v - v === 0;

function checkPair(what: string, truth: ArrayLike<unknown>, pred: ArrayLike<unknown>): void {
  if (truth.length !== pred.length) {
    throw new DataError(`${what}: truth has ${truth.length} values, predictions ${pred.length}`);
  }
  if (truth.length === 0) throw new DataError(`${what}: no values to score`);
}

function checkFinite(what: string, which: string, a: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) {
    if (!finite(a[i])) throw new DataError(`${what}: ${which}[${i}] is ${a[i]}, expected a finite number`);
  }
}

function checkNumeric(what: string, truth: ArrayLike<number>, pred: ArrayLike<number>): void {
  checkPair(what, truth, pred);
  checkFinite(what, 'truth', truth);
  checkFinite(what, 'predictions', pred);
}

/** Mean squared error. */
export function mse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkNumeric('mse', truth, pred);
  return sumSquaredError(truth, pred) / truth.length;
}

function sumSquaredError(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = truth[i] - pred[i];
    s += d * d;
  }
  return s;
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. As scikit-learn: when the truth is
 * constant (SS_tot = 0) it is 1 for a perfect prediction and 0 otherwise.
 */
export function r2(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkNumeric('r2', truth, pred);
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i];
  mean /= n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const d = truth[i] - mean;
    ssTot += d * d;
  }
  const ssRes = sumSquaredError(truth, pred);
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/**
 * Peak signal-to-noise ratio in dB, 10 log10(peak^2 / MSE), where the peak is the truth's value
 * range (max - min). Infinity when the prediction is exact; -Infinity when the truth is
 * constant but the prediction is not (no signal to compare with).
 */
export function psnr(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkNumeric('psnr', truth, pred);
  const e = sumSquaredError(truth, pred) / truth.length;
  return psnrOf(valueRange(truth), e);
}

/** PSNR from a peak (value range) and an MSE, with the conventions of `psnr`. */
export function psnrOf(range: number, meanSquaredError: number): number {
  if (meanSquaredError === 0) return Infinity;
  if (range === 0) return -Infinity;
  return 20 * Math.log10(range) - 10 * Math.log10(meanSquaredError);
}

function valueRange(a: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** Fraction of predictions equal to the truth (labels compared as strings or as numbers). */
export function accuracy(truth: ClassLabels, pred: ClassLabels): number {
  checkLabels('accuracy', truth, pred);
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
  return hits / truth.length;
}

function checkLabels(what: string, truth: ClassLabels, pred: ClassLabels): void {
  checkPair(what, truth, pred);
  if (typeof truth[0] !== typeof pred[0]) {
    throw new DataError(`${what}: truth holds ${typeof truth[0]} labels but predictions ${typeof pred[0]} labels`);
  }
  if (truth instanceof Float64Array) checkNumeric(what, truth, pred as Float64Array);
}

export interface BinaryCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/** Confusion counts of one class against the rest. */
export function binaryCounts(truth: ClassLabels, pred: ClassLabels, positive: string | number): BinaryCounts {
  checkLabels('binaryCounts', truth, pred);
  const c: BinaryCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] === positive;
    const p = pred[i] === positive;
    if (t && p) c.truePositives++;
    else if (p) c.falsePositives++;
    else if (t) c.falseNegatives++;
    else c.trueNegatives++;
  }
  return c;
}

/**
 * The least frequent label of the truth (ties go to the label that sorts first, as text), the
 * class the paper and anchors.md score with the G-mean.
 */
export function minorityLabel(truth: ClassLabels): string | number {
  const counts = new Map<string | number, number>();
  for (let i = 0; i < truth.length; i++) counts.set(truth[i], (counts.get(truth[i]) ?? 0) + 1);
  let best: string | number | undefined;
  let bestCount = Infinity;
  for (const [label, n] of counts) {
    if (n < bestCount || (n === bestCount && String(label) < String(best))) {
      best = label;
      bestCount = n;
    }
  }
  if (best === undefined) throw new DataError('minorityLabel: no labels');
  return best;
}

/**
 * G-mean of precision and recall of the positive class: sqrt(precision x recall). The positive
 * class defaults to the truth's minority class. Degenerate cases follow scikit-learn's
 * zero_division=0: precision is 0 when nothing is predicted positive, recall is 0 when the
 * truth holds no positive, and the G-mean is then 0.
 */
export function gmean(truth: ClassLabels, pred: ClassLabels, positive?: string | number): number {
  checkLabels('gmean', truth, pred);
  const pos = positive ?? minorityLabel(truth);
  if (typeof pos !== typeof truth[0]) {
    throw new UsageError(`gmean positive: got ${describe(pos)}, expected a ${typeof truth[0]} label like the truth's`);
  }
  const c = binaryCounts(truth, pred, pos);
  const predicted = c.truePositives + c.falsePositives;
  const actual = c.truePositives + c.falseNegatives;
  const precision = predicted === 0 ? 0 : c.truePositives / predicted;
  const recall = actual === 0 ? 0 : c.truePositives / actual;
  return Math.sqrt(precision * recall);
}
