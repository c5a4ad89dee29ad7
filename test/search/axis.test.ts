import { candidatePoints, paramAxis } from '@lossyml/sdk/search/axis';
import type { ParamSpec } from '@lossyml/sdk/reducers/types';

const spec = (over: Partial<ParamSpec>): ParamSpec => ({ name: 'bound', description: '', min: 1e-12, max: 1, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-8, 0.1], ...over });

describe('paramAxis', () => {
  test('log scale, lossier higher: t=0 is the small end, t=0.5 the geometric middle', () => {
    const a = paramAxis(spec({}));
    expect(a.valueAt(0)).toBeCloseTo(1e-8, 20);
    expect(a.valueAt(1)).toBeCloseTo(0.1, 12);
    expect(a.valueAt(0.5)).toBeCloseTo(Math.sqrt(1e-8 * 0.1), 15);
    expect(a.positionOf(1e-3)).toBeCloseTo(5 / 7, 12);
  });

  test('linear scale, lossier lower (PSNR): t=0 is the high end', () => {
    const a = paramAxis(spec({ name: 'psnr', scale: 'linear', min: 1, max: 320, lossier: 'lower', sweep: [40, 140] }));
    expect(a.valueAt(0)).toBe(140);
    expect(a.valueAt(1)).toBe(40);
    expect(a.valueAt(0.25)).toBe(115);
  });

  test('integer parameters round (zfp precision 32 -> 4, sample-naive k 1 -> 100 on a log scale)', () => {
    const prec = paramAxis(spec({ name: 'precision', scale: 'linear', integer: true, min: 1, max: 64, lossier: 'lower', sweep: [4, 32] }));
    expect([0, 0.5, 1].map(prec.valueAt)).toEqual([32, 18, 4]);
    const k = paramAxis(spec({ name: 'k', scale: 'log', integer: true, min: 1, max: 1e6, lossier: 'higher', sweep: [1, 100] }));
    expect([0, 0.5, 1].map(k.valueAt)).toEqual([1, 10, 100]);
  });

  test('refuses a lossless level and a bad range', () => {
    expect(() => paramAxis(spec({ name: 'level', lossier: 'none' }))).toThrow(/level.*not lossy/);
    expect(() => paramAxis(spec({}), [1e-3, 1e-5])).toThrow(/lo < hi/);
  });
});

describe('candidatePoints', () => {
  test('linear spacing is numpy.linspace from l to u', () => {
    expect(candidatePoints(spec({}), 0.02, 0.0001, 5, 'linear')).toEqual([0.02, 0.015025, 0.01005, 0.005075, 0.0001]);
  });
  test('log spacing is even in the logarithm', () => {
    const pts = candidatePoints(spec({}), 1e-2, 1e-6, 5, 'log');
    [1e-2, 1e-3, 1e-4, 1e-5, 1e-6].forEach((v, i) => expect(pts[i]).toBeCloseTo(v, 15));
  });
  test('integers round and repeats go', () => {
    const s = spec({ name: 'precision', scale: 'linear', integer: true, min: 1, max: 64, lossier: 'lower' });
    expect(candidatePoints(s, 4, 6, 5, 'linear')).toEqual([4, 5, 6]);
    expect(candidatePoints(s, 7, 7, 4, 'linear')).toEqual([7]);
  });
});
