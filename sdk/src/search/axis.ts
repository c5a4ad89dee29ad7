// A method's swept parameter as a line from "least lossy" (t = 0) to "lossiest" (t = 1), on the
// parameter's own scale (log or linear), read from its ParamSpec alone. The bound search
// bisects in t; integer parameters round to whole values, and two t that round to the same
// value are the same point.

import type { ParamSpec } from '../reducers/types';
import { UsageError } from '../util/errors';

export interface ParamAxis {
  param: ParamSpec;
  /** The least lossy and the lossiest end of the swept range. */
  leastLossy: number;
  lossiest: number;
  /** The parameter value at position t in [0, 1] (rounded for integer parameters). */
  valueAt(t: number): number;
  /** The position of a value on the axis (0 least lossy, 1 lossiest). */
  positionOf(value: number): number;
}

/** The axis of a lossy parameter; refuses lossless levels, which trade speed, not information. */
export function paramAxis(param: ParamSpec, range?: [number, number]): ParamAxis {
  if (param.lossier === 'none') throw new UsageError(`search: parameter ${param.name} is not lossy (lossier: none); it has no bound to search`);
  const [lo, hi] = range ?? param.sweep ?? [param.min, param.max];
  if (!(lo < hi) || lo < param.min || hi > param.max) {
    throw new UsageError(`search: range of ${param.name}: got [${lo}, ${hi}], expected lo < hi within [${param.min}, ${param.max}]`);
  }
  if (param.scale === 'log' && !(lo > 0)) throw new UsageError(`search: range of ${param.name}: got [${lo}, ${hi}], a log-scale range must be positive`);
  const leastLossy = param.lossier === 'higher' ? lo : hi;
  const lossiest = param.lossier === 'higher' ? hi : lo;
  const log = param.scale === 'log';
  const a = log ? Math.log(leastLossy) : leastLossy;
  const b = log ? Math.log(lossiest) : lossiest;
  const clamp = (v: number) => Math.min(param.max, Math.max(param.min, v));
  const valueAt = (t: number): number => {
    const x = a + Math.min(1, Math.max(0, t)) * (b - a);
    const v = clamp(log ? Math.exp(x) : x);
    return param.integer ? Math.round(v) : Number(v.toPrecision(12));
  };
  const positionOf = (value: number): number => ((log ? Math.log(value) : value) - a) / (b - a);
  return { param, leastLossy, lossiest, valueAt, positionOf };
}

export type Spacing = 'linear' | 'log';
export const SPACINGS: readonly Spacing[] = ['linear', 'log'];

/**
 * N points from l to u inclusive: evenly spaced in the parameter's value (numpy.linspace, the
 * paper's choice) or in its logarithm. Integer parameters round, and repeats are dropped.
 */
export function candidatePoints(param: ParamSpec, l: number, u: number, n: number, spacing: Spacing): number[] {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`points: got ${n}, expected an integer >= 1`);
  if (spacing === 'log' && !(l > 0 && u > 0)) throw new UsageError(`spacing log: the bounds ${l} and ${u} must be positive`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 0 : i / (n - 1);
    let v = spacing === 'log' ? Math.exp(Math.log(l) + f * (Math.log(u) - Math.log(l))) : l + f * (u - l);
    v = Math.min(param.max, Math.max(param.min, v));
    v = param.integer ? Math.round(v) : Number(v.toPrecision(12));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
