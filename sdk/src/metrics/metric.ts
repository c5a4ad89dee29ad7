// Metrics as data: an application carries its quality metric as a descriptor (name, which
// direction is better, how to compute it), so records and fronts can name it and order by it.

import { UsageError, describe } from '../util/errors';
import { accuracy, gmean, mse, psnr, r2, type ClassLabels } from './quality';

export type MetricTruth = Float64Array | string[];

export interface Metric<T extends MetricTruth = MetricTruth> {
  /** 'r2', 'mse', 'psnr', 'accuracy', 'gmean' */
  readonly name: string;
  readonly higherIsBetter: boolean;
  compute(truth: T, pred: T): number;
}

export const r2Metric: Metric<Float64Array> = { name: 'r2', higherIsBetter: true, compute: r2 };
export const mseMetric: Metric<Float64Array> = { name: 'mse', higherIsBetter: false, compute: mse };
export const psnrMetric: Metric<Float64Array> = { name: 'psnr', higherIsBetter: true, compute: psnr };
export const accuracyMetric: Metric<ClassLabels> = { name: 'accuracy', higherIsBetter: true, compute: accuracy };

/** G-mean of the given positive class, or of the truth's minority class when none is given. */
export function gmeanMetric(positive?: string | number): Metric<ClassLabels> {
  return { name: 'gmean', higherIsBetter: true, compute: (truth, pred) => gmean(truth, pred, positive) };
}

/** A metric by name, as records store it. */
export function metricByName(name: string): Metric {
  const m = METRICS[name];
  if (!m) throw new UsageError(`metric: got ${describe(name)}, expected one of ${Object.keys(METRICS).join(', ')}`);
  return m;
}

const METRICS: Record<string, Metric> = {
  r2: r2Metric as Metric,
  mse: mseMetric as Metric,
  psnr: psnrMetric as Metric,
  accuracy: accuracyMetric as Metric,
  gmean: gmeanMetric() as Metric,
};

/** Whether quality `a` is better than `b` under metric `m`. */
export function isBetter(m: Metric, a: number, b: number): boolean {
  return m.higherIsBetter ? a > b : a < b;
}
