// Application metrics over any target kind: tabular metrics on a column, MSE over every output
// of a multi-output model (the encoder-decoder's amplitude and phase).

import { accuracy, gmean, mse, r2 } from '../metrics';
import type { TargetValues } from '../models/types';
import { DataError, UsageError } from '../util/errors';
import type { AppMetric } from './types';

function numeric(what: string, y: TargetValues): Float64Array {
  if (y instanceof Float64Array) return y;
  throw new DataError(`${what} needs a numeric target; this one is ${Array.isArray(y) ? 'labels' : 'multi-output'}`);
}

function column(what: string, y: TargetValues): Float64Array | string[] {
  if (y instanceof Float64Array || Array.isArray(y)) return y;
  throw new DataError(`${what} needs a single target column; this one is multi-output`);
}

function flat(y: TargetValues): ArrayLike<number> {
  if (y instanceof Float64Array) return y;
  if (Array.isArray(y)) throw new DataError('mse needs numbers, not labels');
  return y.values;
}

export const METRIC_NAMES = ['r2', 'gmean', 'accuracy', 'mse'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** A metric by name; `positive` names the class whose precision and recall the G-mean uses. */
export function appMetric(name: string, positive?: string | number): AppMetric {
  switch (name) {
    case 'r2':
      return { name, higherIsBetter: true, compute: (t, p) => r2(numeric('r2', t), numeric('r2', p)) };
    case 'gmean':
      return { name, higherIsBetter: true, compute: (t, p) => gmean(column('gmean', t), column('gmean', p), positive) };
    case 'accuracy':
      return { name, higherIsBetter: true, compute: (t, p) => accuracy(column('accuracy', t), column('accuracy', p)) };
    case 'mse':
      return { name, higherIsBetter: false, compute: (t, p) => mse(flat(t), flat(p)) };
    default:
      throw new UsageError(`metric: got ${JSON.stringify(name)}, expected one of ${METRIC_NAMES.join(', ')}`);
  }
}
