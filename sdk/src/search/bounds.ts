// Algorithm 1's bounds for one method, in the style of OptZConfig: on the parameter's own axis
// (least lossy -> lossiest), find u, the lossiest setting whose quality is indistinguishable
// from lossless (within the noise floor), and l, the lossiest setting that still meets tau.
// A coarse scan of the axis first (so a curve that dips and recovers is bracketed at its
// lossiest crossing, not its first), then bisection in the bracket. A decision whose quality
// lies within the floor of its edge is re-evaluated with another seed before it is taken.

import type { ParamAxis } from './axis';
import type { QualityJudge } from './quality';
import { UsageError } from '../util/errors';

/** Quality of the method at `value` with the `seedIndex`-th seed (NaN when the evaluation failed). */
export type Probe = (value: number, seedIndex: number) => Promise<number>;

export interface BoundSearchSettings {
  /** Points of the first scan of the axis, both ends included (>= 2). */
  scan: number;
  /** Evaluations each bound may spend after the scan (re-evaluations included). */
  budgetPerBound: number;
  /** Seeds one point may use when its decisions are within the floor (>= 1). */
  maxSeeds: number;
}

export type BoundOutcome =
  /** The lossiest end of the swept range still passes: the bound is the range's end. */
  | 'range-end'
  /** Bracketed between a passing and a failing setting, narrowed by bisection. */
  | 'bisected'
  /** Not even the least lossy end passes. */
  | 'none';

export interface Bound {
  /** The lossiest setting known to pass (absent when none passes). */
  value?: number;
  /** The least lossy setting known to fail beyond it (absent at the range's end). */
  failsAt?: number;
  outcome: BoundOutcome;
  /** Evaluations this bound spent after the scan. */
  evaluations: number;
}

export interface BoundSearchResult {
  u: Bound;
  l: Bound;
  /** Every evaluated setting and its qualities by seed index. */
  qualities: Map<number, number[]>;
  /** Evaluations in all (scan, both bounds). */
  evaluations: number;
}

export function checkBoundSettings(s: BoundSearchSettings): void {
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min || v > 1000) throw new UsageError(`search: ${name}: got ${v}, expected an integer in [${min}, 1000]`);
  };
  int('scan', s.scan, 2);
  int('budgetPerBound', s.budgetPerBound, 0);
  int('maxSeeds', s.maxSeeds, 1);
}

/** Finds u and l for one method. `probe` is called at most scan + 2 * budgetPerBound times. */
export async function searchBounds(axis: ParamAxis, judge: QualityJudge, probe: Probe, settings: BoundSearchSettings): Promise<BoundSearchResult> {
  checkBoundSettings(settings);
  const qualities = new Map<number, number[]>();
  let evaluations = 0;
  const evaluate = async (value: number): Promise<void> => {
    const qs = qualities.get(value) ?? [];
    qualities.set(value, qs);
    const seedIndex = qs.length;
    qs.push(NaN); // reserve the slot: seed indices stay in order even if a caller runs concurrently
    evaluations++;
    qs[seedIndex] = await probe(value, seedIndex);
  };

  // The scan: one seed per point, all at once (the sweep's scheduler bounds the parallelism).
  const scanT = Array.from({ length: settings.scan }, (_, i) => i / (settings.scan - 1));
  const scanValues = [...new Set(scanT.map((t) => axis.valueAt(t)))];
  await Promise.all(scanValues.map((v) => evaluate(v)));

  const findBound = async (edge: number): Promise<Bound> => {
    let spent = 0;
    const canSpend = () => spent < settings.budgetPerBound;
    const mean = (v: number) => {
      const qs = qualities.get(v)!;
      let s = 0;
      for (const q of qs) s += q;
      return s / qs.length; // NaN when any evaluation failed: a failed point never passes
    };
    const decide = async (v: number): Promise<boolean> => {
      if (!qualities.has(v)) {
        if (!canSpend()) return false;
        spent++;
        await evaluate(v);
      }
      const spread = judge.floor.spread;
      while (Math.abs(mean(v) - edge) <= spread && qualities.get(v)!.length < settings.maxSeeds && canSpend()) {
        spent++;
        await evaluate(v);
      }
      return Number.isFinite(mean(v)) && judge.atLeast(mean(v), edge);
    };

    // The lossiest scan point that passes brackets the bound with the next lossier scan point.
    let passIndex = -1;
    for (let i = scanValues.length - 1; i >= 0; i--) {
      if (await decide(scanValues[i])) {
        passIndex = i;
        break;
      }
    }
    if (passIndex < 0) return { outcome: 'none', evaluations: spent };
    if (passIndex === scanValues.length - 1) return { value: scanValues[passIndex], outcome: 'range-end', evaluations: spent };
    let lo = axis.positionOf(scanValues[passIndex]);
    let hi = axis.positionOf(scanValues[passIndex + 1]);
    while (canSpend()) {
      const v = between(axis, lo, hi);
      if (v === undefined) break;
      if (await decide(v)) lo = axis.positionOf(v);
      else hi = axis.positionOf(v);
    }
    return { value: axis.valueAt(lo), failsAt: axis.valueAt(hi), outcome: 'bisected', evaluations: spent };
  };

  const u = await findBound(judge.indistinguishableEdge);
  const l = await findBound(judge.threshold);
  return { u, l, qualities, evaluations };
}

/** The setting halfway between positions lo and hi, or undefined when none lies strictly between. */
function between(axis: ParamAxis, lo: number, hi: number): number | undefined {
  const vLo = axis.valueAt(lo);
  const vHi = axis.valueAt(hi);
  if (Math.abs(hi - lo) < 1 / 1024) return undefined;
  let v = axis.valueAt((lo + hi) / 2);
  if (axis.param.integer && (v === vLo || v === vHi)) {
    // Round toward the inside: the integer next to lo, if it is not hi itself.
    v = vLo + Math.sign(vHi - vLo);
  }
  return v === vLo || v === vHi ? undefined : v;
}
