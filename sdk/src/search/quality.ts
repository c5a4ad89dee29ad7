// Quality judged against the noise floor: the lossless quality's mean and natural spread over
// seeds. "Indistinguishable from lossless" and "meets the threshold tau" are both decided here,
// in one orientation (loss >= 0 means worse), whichever direction the metric prefers.

import type { NoiseFloor } from '../display/payload';
import { UsageError } from '../util/errors';

/** The user's threshold tau: an absolute quality, or a fraction of the lossless quality. */
export type Threshold = { kind: 'fraction'; value: number } | { kind: 'absolute'; value: number };

/** The noise floor from lossless qualities over several seeds: the mean, and half the max-min range. */
export function noiseFloor(qualities: readonly number[]): NoiseFloor {
  if (qualities.length === 0) throw new UsageError('noise floor: no lossless evaluations to measure it from');
  for (const q of qualities) {
    if (!Number.isFinite(q)) throw new UsageError(`noise floor: a lossless evaluation has quality ${q}; the floor needs finite qualities`);
  }
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const q of qualities) {
    min = Math.min(min, q);
    max = Math.max(max, q);
    sum += q;
  }
  return { mean: sum / qualities.length, spread: (max - min) / 2, kind: 'range', seeds: qualities.length };
}

/** How a quality compares with lossless: loss > 0 is worse, in the metric's own units. */
export class QualityJudge {
  readonly threshold: number;
  constructor(
    readonly floor: NoiseFloor,
    readonly higherIsBetter: boolean,
    tau: Threshold,
  ) {
    this.threshold = absoluteThreshold(tau, floor.mean, higherIsBetter);
  }

  /** Quality lost against the lossless mean (negative when better). */
  loss(q: number): number {
    return this.higherIsBetter ? this.floor.mean - q : q - this.floor.mean;
  }

  /** Loss as a fraction of the lossless quality's magnitude (0.01 = 1% worse). */
  relativeLoss(q: number): number {
    const scale = Math.abs(this.floor.mean);
    return scale > 0 ? this.loss(q) / scale : this.loss(q) === 0 ? 0 : Math.sign(this.loss(q)) * Infinity;
  }

  /** The quality at which "indistinguishable from lossless" ends: the floor's lower edge. */
  get indistinguishableEdge(): number {
    return this.higherIsBetter ? this.floor.mean - this.floor.spread : this.floor.mean + this.floor.spread;
  }

  /** True when q is at least as good as `edge` (a quality in the metric's units). */
  atLeast(q: number, edge: number): boolean {
    return this.higherIsBetter ? q >= edge : q <= edge;
  }

  indistinguishable(q: number): boolean {
    return Number.isFinite(q) && this.atLeast(q, this.indistinguishableEdge);
  }

  meetsThreshold(q: number): boolean {
    return Number.isFinite(q) && this.atLeast(q, this.threshold);
  }
}

/** tau as an absolute quality. A fraction f of the lossless quality phi: f * phi (f < 1 for a
 * higher-is-better metric; for a lower-is-better one such as MSE, f > 1 allows f times the error). */
export function absoluteThreshold(tau: Threshold, lossless: number, higherIsBetter: boolean): number {
  if (!Number.isFinite(tau.value)) throw new UsageError(`tau: got ${tau.value}, expected a finite number`);
  if (tau.kind === 'absolute') return tau.value;
  if (higherIsBetter && !(tau.value > 0 && tau.value <= 1)) {
    throw new UsageError(`tau: got ${tau.value}, expected a fraction of the lossless quality in (0, 1] (the metric is higher-is-better)`);
  }
  if (!higherIsBetter && !(tau.value >= 1)) {
    throw new UsageError(`tau: got ${tau.value}, expected a factor >= 1 of the lossless error (the metric is lower-is-better)`);
  }
  // For a negative lossless quality a fraction below 1 would ask for better than lossless:
  // measure the fraction from the magnitude instead, so tau stays a loss budget.
  const budget = Math.abs(lossless) * Math.abs(1 - tau.value);
  return higherIsBetter ? lossless - budget : lossless + budget;
}
