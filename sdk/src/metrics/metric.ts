// The one metric type: an application carries its quality metric as a descriptor (name, which
// direction is better, the task it scores, whether it fits a target, how to compute it), so
// records and fronts can name it and order by it, and a misfit is refused before any training.

import type { TargetValues } from '../models/types';
import { DataError, UsageError, describe } from '../util/errors';
import { accuracy, gmean, mse, psnr, r2 } from './quality';

/** What a metric scores: numbers against numbers, or classes against classes. */
export type MetricTask = 'regression' | 'classification';

export const METRIC_NAMES = ['r2', 'gmean', 'accuracy', 'mse', 'psnr'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Numeric class labels: every value an integer, at most this many distinct ones. */
export const MAX_NUMERIC_CLASSES = 1000;

export interface Metric {
  readonly name: MetricName;
  readonly higherIsBetter: boolean;
  readonly task: MetricTask;
  /** G-mean: the class whose precision and recall it scores (absent: the truth's minority class). */
  readonly positive?: string | number;
  /** null when the metric can score this target; otherwise what the target holds that it cannot. */
  fits(truth: TargetValues): string | null;
  compute(truth: TargetValues, pred: TargetValues): number;
}

export interface MetricOptions {
  /** G-mean only: the positive class. */
  positive?: string | number;
}

/** A metric by name, as records store it. */
export function metricByName(name: string, options: MetricOptions = {}): Metric {
  switch (name) {
    case 'r2':
      return regression('r2', true, (t, p) => r2(numbers('r2', t), numbers('r2', p)));
    case 'mse':
      return regression('mse', false, (t, p) => mse(flat('mse', t), flat('mse', p)));
    case 'psnr':
      return regression('psnr', true, (t, p) => psnr(flat('psnr', t), flat('psnr', p)));
    case 'accuracy':
      return classification('accuracy', undefined, (t, p) => accuracy(classes('accuracy', t), classes('accuracy', p)));
    case 'gmean': {
      const positive = options.positive;
      return classification('gmean', positive, (t, p) => gmean(classes('gmean', t), classes('gmean', p), positive));
    }
    default:
      throw new UsageError(`metric: got ${describe(name)}, expected one of ${METRIC_NAMES.join(', ')}`);
  }
}

/** Whether quality `a` is better than `b` under metric `m`. */
export function isBetter(m: Pick<Metric, 'higherIsBetter'>, a: number, b: number): boolean {
  return m.higherIsBetter ? a > b : a < b;
}

function regression(name: MetricName, higherIsBetter: boolean, compute: Metric['compute']): Metric {
  return { name, higherIsBetter, task: 'regression', fits: fitsNumbers, compute };
}

function classification(name: MetricName, positive: string | number | undefined, compute: Metric['compute']): Metric {
  return {
    name,
    higherIsBetter: true,
    task: 'classification',
    ...(positive !== undefined ? { positive } : {}),
    fits: (truth) => fitsClasses(truth) ?? (positive === undefined ? null : hasClass(truth as string[] | Float64Array, positive)),
    compute,
  };
}

function fitsNumbers(truth: TargetValues): string | null {
  if (Array.isArray(truth)) return `it holds text labels such as ${examples(truth)}`;
  const values = truth instanceof Float64Array ? truth : truth.values;
  let bad = 0;
  let first = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] - values[i] !== 0) {
      if (bad === 0) first = values[i];
      bad++;
    }
  }
  return bad === 0 ? null : `it holds ${bad} value${bad > 1 ? 's' : ''} that ${bad > 1 ? 'are' : 'is'} not finite (${first === first ? first : 'NaN, a missing cell'})`;
}

function fitsClasses(truth: TargetValues): string | null {
  if (Array.isArray(truth)) return null;
  if (!(truth instanceof Float64Array)) return `it is multi-output (${truth.width} numbers per row), not one class per row`;
  const distinct = new Set<number>();
  for (let i = 0; i < truth.length; i++) {
    const v = truth[i];
    if (!Number.isInteger(v)) return `it holds numbers that are not class labels, such as ${v}${v === v ? '' : ' (a missing cell)'} (numeric classes are integers)`;
    distinct.add(v);
    if (distinct.size > MAX_NUMERIC_CLASSES) return `it holds more than ${MAX_NUMERIC_CLASSES} distinct integers, a quantity rather than classes`;
  }
  return null;
}

function hasClass(truth: string[] | Float64Array, positive: string | number): string | null {
  if (typeof positive !== (Array.isArray(truth) ? 'string' : 'number')) {
    return `it holds ${Array.isArray(truth) ? 'text' : 'numeric'} labels, but the positive class ${describe(positive)} is not`;
  }
  for (let i = 0; i < truth.length; i++) if (truth[i] === positive) return null;
  const seen = [...new Set(Array.from(truth as ArrayLike<string | number>).slice(0, 1000))].slice(0, 5);
  return `the positive class ${describe(positive)} never occurs in it (classes such as ${seen.map((c) => describe(c)).join(', ')})`;
}

function examples(labels: string[]): string {
  const seen = [...new Set(labels.slice(0, 1000))].slice(0, 3);
  return seen.map((l) => JSON.stringify(l)).join(', ');
}

function numbers(what: string, y: TargetValues): Float64Array {
  if (y instanceof Float64Array) return y;
  throw new DataError(`${what} needs one numeric value per row; this target is ${Array.isArray(y) ? 'labels' : 'multi-output'}`);
}

function classes(what: string, y: TargetValues): Float64Array | string[] {
  if (y instanceof Float64Array || Array.isArray(y)) return y;
  throw new DataError(`${what} needs one class per row; this target is multi-output`);
}

function flat(what: string, y: TargetValues): ArrayLike<number> {
  if (y instanceof Float64Array) return y;
  if (Array.isArray(y)) throw new DataError(`${what} needs numbers, not labels`);
  return y.values;
}
