import type { ParamSpec } from '@lossyml/sdk/reducers/types';
import { paramAxis } from '@lossyml/sdk/search/axis';
import { searchBounds, type Probe } from '@lossyml/sdk/search/bounds';
import { QualityJudge } from '@lossyml/sdk/search/quality';
import { hashNoise } from './synthetic';

const bound: ParamSpec = { name: 'bound', description: '', min: 1e-12, max: 1, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-8, 0.1] };
const precision: ParamSpec = { name: 'precision', description: '', min: 1, max: 64, scale: 'linear', integer: true, lossier: 'lower', default: 16, sweep: [4, 32] };

// Lossless 0.9 with a floor of +-0.005, tau = 0.9 of lossless = 0.81.
const judge = new QualityJudge({ mean: 0.9, spread: 0.005, kind: 'range', seeds: 3 }, true, { kind: 'fraction', value: 0.9 });
// Noiseless curves need one seed per point; noisy ones may re-evaluate a point twice more.
const settings = { scan: 5, budgetPerBound: 8, maxSeeds: 1 };
const noisy = { ...settings, maxSeeds: 3 };

function probeOf(axisSpec: ParamSpec, curve: (t: number) => number, noise = 0): Probe & { calls: number } {
  const axis = paramAxis(axisSpec);
  const f = async (value: number, seedIndex: number) => {
    f.calls++;
    return curve(axis.positionOf(value)) + noise * hashNoise(value, seedIndex);
  };
  f.calls = 0;
  return f;
}

// Holds 0.9 to t = 0.3, then falls by 0.5 per unit of t: the edge 0.895 at t = 0.31, tau 0.81 at t = 0.48.
const smooth = (t: number) => (t <= 0.3 ? 0.9 : 0.9 - 0.5 * (t - 0.3));
// Good, then a dip on [0.3, 0.55], good again to 0.8, then collapse: a bisection from the ends alone
// would stop at the dip; the lossiest good setting is at t = 0.8 for both bounds.
const dipping = (t: number) => (t < 0.3 ? 0.9 : t < 0.55 ? 0.6 : t <= 0.8 ? 0.9 : 0.3);

describe('searchBounds on synthetic curves with known bounds', () => {
  const axis = paramAxis(bound);
  const resolution = 0.25 / 2 ** settings.budgetPerBound;

  test('monotone, no noise: u and l within the bisection resolution, on the passing side', async () => {
    const probe = probeOf(bound, smooth);
    const r = await searchBounds(axis, judge, probe, settings);
    const tu = axis.positionOf(r.u.value!);
    const tl = axis.positionOf(r.l.value!);
    expect(tu).toBeLessThanOrEqual(0.31 + 1e-9);
    expect(tu).toBeGreaterThan(0.31 - 2 * resolution);
    expect(tl).toBeLessThanOrEqual(0.48 + 1e-9);
    expect(tl).toBeGreaterThan(0.48 - 2 * resolution);
    expect(axis.positionOf(r.u.failsAt!)).toBeGreaterThan(0.31);
    expect(r.u.outcome).toBe('bisected');
  });

  test('within budget: at most scan + 2 * budgetPerBound evaluations', async () => {
    for (const noise of [0, 0.004]) {
      const probe = probeOf(bound, smooth, noise);
      const r = await searchBounds(axis, judge, probe, noise ? noisy : settings);
      expect(probe.calls).toBe(r.evaluations);
      expect(probe.calls).toBeLessThanOrEqual(settings.scan + 2 * settings.budgetPerBound);
      expect(r.u.evaluations).toBeLessThanOrEqual(settings.budgetPerBound);
      expect(r.l.evaluations).toBeLessThanOrEqual(settings.budgetPerBound);
    }
  });

  test('monotone with noise below the floor: bounds near the noiseless ones, decisions near an edge re-evaluated', async () => {
    const probe = probeOf(bound, smooth, 0.004);
    const r = await searchBounds(axis, judge, probe, noisy);
    // The noise moves where the mean crosses an edge by at most 0.004 / 0.5 = 0.008 in t; with
    // re-evaluations spending the budget, bisection stops at least 3 halvings short of 8.
    const coarse = 0.25 / 2 ** 5;
    expect(Math.abs(axis.positionOf(r.u.value!) - 0.31)).toBeLessThan(0.008 + coarse);
    expect(Math.abs(axis.positionOf(r.l.value!) - 0.48)).toBeLessThan(0.008 + coarse);
    const reevaluated = [...r.qualities.values()].filter((qs) => qs.length > 1);
    expect(reevaluated.length).toBeGreaterThan(0);
  });

  test('non-monotone: the lossiest crossing, not the first', async () => {
    for (const noise of [0, 0.003]) {
      const r = await searchBounds(axis, judge, probeOf(bound, dipping, noise), noise ? noisy : settings);
      const slack = noise ? 0.25 / 2 ** 5 : 2 * resolution;
      expect(axis.positionOf(r.u.value!)).toBeGreaterThan(0.8 - slack);
      expect(axis.positionOf(r.u.value!)).toBeLessThanOrEqual(0.8 + 1e-9);
      expect(axis.positionOf(r.l.value!)).toBeGreaterThan(0.8 - slack);
    }
  });

  test('integer parameter: exact integers (zfp precision holds to 12, 11 still meets tau, 10 collapses)', async () => {
    const curve = (p: number) => (p >= 12 ? 0.9 : p === 11 ? 0.85 : 0.5);
    const axisP = paramAxis(precision);
    const probe = async (v: number) => curve(v);
    const r = await searchBounds(axisP, judge, probe, settings);
    expect(r.u.value).toBe(12);
    expect(r.l.value).toBe(11);
    expect(r.l.failsAt).toBe(10);
    for (const v of r.qualities.keys()) expect(Number.isInteger(v)).toBe(true);
  });

  test('the whole range passes, or nothing does', async () => {
    const all = await searchBounds(axis, judge, probeOf(bound, () => 0.9), settings);
    expect(all.u).toMatchObject({ outcome: 'range-end', value: 0.1 });
    const none = await searchBounds(axis, judge, probeOf(bound, () => 0.5), settings);
    expect(none.u.outcome).toBe('none');
    expect(none.l.outcome).toBe('none');
    expect(none.u.value).toBeUndefined();
  });

  test('a failed evaluation (NaN) never passes', async () => {
    const r = await searchBounds(axis, judge, probeOf(bound, (t) => (t > 0.6 ? NaN : 0.9)), settings);
    expect(axis.positionOf(r.u.value!)).toBeLessThanOrEqual(0.6 + 1e-9);
    expect(axis.positionOf(r.u.value!)).toBeGreaterThan(0.6 - 2 * resolution);
  });
});

describe('QualityJudge', () => {
  test('tau as a fraction of lossless, for either direction of metric', () => {
    expect(judge.threshold).toBeCloseTo(0.81, 12);
    const mse = new QualityJudge({ mean: 2, spread: 0.1, kind: 'range', seeds: 3 }, false, { kind: 'fraction', value: 1.5 });
    expect(mse.threshold).toBeCloseTo(3, 12);
    expect(mse.meetsThreshold(2.9)).toBe(true);
    expect(mse.indistinguishable(2.1)).toBe(true);
    expect(mse.indistinguishable(2.11)).toBe(false);
    expect(() => new QualityJudge(judge.floor, true, { kind: 'fraction', value: 1.2 })).toThrow(/tau.*1.2.*\(0, 1\]/);
  });
});
