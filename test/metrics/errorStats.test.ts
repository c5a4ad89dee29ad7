// Error metrics between original and restored arrays: hand-computed cases, the non-finite
// rule, the extremes of the double range, and invariants of the histogram checked on random data.

import fc from 'fast-check';
import { DataError, errorStats, UsageError } from '@lossyml/sdk';

describe('errorStats', () => {
  test('hand-computed case', () => {
    const original = Float64Array.from([0, 1, 2, 3, 4]);
    const restored = Float64Array.from([0.1, 1, 1.8, 3, 4]);
    const s = errorStats(original, restored, { bins: 4 });
    expect(s.count).toBe(5);
    expect(s.finiteCount).toBe(5);
    expect(s.range).toBe(4);
    expect(s.maxAbsError).toBeCloseTo(0.2, 15);
    expect(s.maxRelError).toBeCloseTo(0.05, 15);
    expect(s.meanError).toBeCloseTo(-0.1 / 5, 15);
    const mse = (0.01 + 0.04) / 5;
    expect(s.rmse).toBeCloseTo(Math.sqrt(mse), 15);
    expect(s.psnr).toBeCloseTo(20 * Math.log10(4) - 10 * Math.log10(mse), 10);
    // Span [-0.2, 0.2] in 4 bins of 0.1: -0.2 -> bin 0, 0 x3 -> bin 2, +0.1 -> bin 3.
    expect(Array.from(s.histogram.edges)).toEqual([-0.2, -0.1, 0, 0.1, 0.2].map((e) => expect.closeTo(e, 12)));
    expect(Array.from(s.histogram.counts)).toEqual([1, 0, 3, 1]);
  });

  test('exact restoration: zero errors, infinite PSNR, every count in the bin of 0', () => {
    const a = Float32Array.from([5, -1, 2]);
    const s = errorStats(a, a.slice(), { bins: 3 });
    expect(s.maxAbsError).toBe(0);
    expect(s.maxRelError).toBe(0);
    expect(s.psnr).toBe(Infinity);
    expect(Array.from(s.histogram.counts)).toEqual([0, 3, 0]);
  });

  test('same non-finite values count as exact; mismatches are reported apart', () => {
    const original = Float64Array.from([NaN, Infinity, 1, 2, NaN, -Infinity, 3]);
    const restored = Float64Array.from([NaN, Infinity, 1.5, Infinity, 0, Infinity, 3]);
    const s = errorStats(original, restored);
    expect(s.nonFiniteExact).toBe(2);
    expect(s.mismatches).toBe(3);
    expect(s.firstMismatch).toBe(3);
    expect(s.finiteCount).toBe(2);
    expect(s.maxAbsError).toBeCloseTo(0.5, 15);
    expect(s.range).toBe(2); // finite originals 1, 2, 3
    expect(Number.isFinite(s.rmse)).toBe(true);
  });

  test('a constant original with an error has infinite relative error and -Infinity PSNR', () => {
    const s = errorStats(Float64Array.from([7, 7]), Float64Array.from([7, 7.5]));
    expect(s.maxRelError).toBe(Infinity);
    expect(s.psnr).toBe(-Infinity);
  });

  test('a fixed histogram limit sends errors beyond it to the end bins', () => {
    const s = errorStats(Float64Array.from([0, 0, 0]), Float64Array.from([-5, 0.01, 5]), { bins: 2, limit: 1 });
    expect(Array.from(s.histogram.counts)).toEqual([1, 2]);
  });

  test('bad options and lengths are refused with the option named', () => {
    expect(() => errorStats([1], [1, 2])).toThrow(DataError);
    expect(() => errorStats([1], [1], { bins: 0 })).toThrow(UsageError);
    expect(() => errorStats([1], [1], { bins: 0 })).toThrow(/bins/);
    expect(() => errorStats([1], [1], { limit: -1 })).toThrow(/limit/);
  });

  test('property: histogram counts sum to the finite pairs, max error bounds every error, RMSE <= max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (pairs, bins) => {
          const a = Float64Array.from(pairs.map((p) => p[0]));
          const b = Float64Array.from(pairs.map((p) => p[0] + p[1]));
          const s = errorStats(a, b, { bins });
          const total = s.histogram.counts.reduce((x, y) => x + y, 0);
          let maxErr = 0;
          for (let i = 0; i < a.length; i++) maxErr = Math.max(maxErr, Math.abs(b[i] - a[i]));
          return total === a.length && s.maxAbsError === maxErr && s.rmse <= s.maxAbsError * (1 + 1e-12) && s.mismatches === 0;
        },
      ),
      { numRuns: 200 },
    );
  });

  // An error of 1e-170 squares to 0 and one of 1e200 to Infinity: the sums must not see squares.
  test('errors of 1e-170: RMSE 1e-170 / sqrt(2), PSNR finite (3400 + 10 log10(2) dB), not "exact"', () => {
    const s = errorStats(Float64Array.from([0, 1]), Float64Array.from([1e-170, 1]));
    expect(s.maxAbsError).toBe(1e-170);
    expect(s.rmse / (1e-170 / Math.SQRT2)).toBeCloseTo(1, 14);
    expect(s.meanError / 5e-171).toBeCloseTo(1, 14);
    expect(s.psnr).toBeCloseTo(3400 + 10 * Math.log10(2), 9);
  });

  test('the counterexample 6.983192914997864e-159 (one value): RMSE equals the max error', () => {
    const e = -6.983192914997864e-159;
    const s = errorStats(Float64Array.from([0]), Float64Array.from([e]));
    expect(s.maxAbsError).toBe(-e);
    expect(s.rmse).toBe(-e); // sqrt(e^2 / 1) = |e|, exactly, when e^2 does not underflow
    expect(s.meanError).toBe(e);
  });

  test('the smallest subnormal error, 5e-324: RMSE and mean are that error', () => {
    const s = errorStats(Float64Array.from([0, 0]), Float64Array.from([5e-324, 5e-324]));
    expect([s.maxAbsError, s.rmse, s.meanError]).toEqual([5e-324, 5e-324, 5e-324]);
  });

  test('errors near 1e308: RMSE, mean and PSNR finite and right', () => {
    const s = errorStats(Float64Array.from([0, 0, 1e308]), Float64Array.from([1e308, -1e308, 1e308]));
    expect(s.maxAbsError).toBe(1e308);
    expect(s.rmse / (1e308 * Math.sqrt(2 / 3))).toBeCloseTo(1, 14);
    expect(s.meanError).toBe(0);
    expect(s.psnr).toBeCloseTo(-20 * Math.log10(Math.sqrt(2 / 3)), 9); // range 1e308
  });

  test('an error beyond the largest double (1e308 restored as -1e308): max error Infinity, RMSE and mean still finite', () => {
    const s = errorStats(Float64Array.from([1e308, 0]), Float64Array.from([-1e308, 0]));
    expect(s.maxAbsError).toBe(Infinity);
    expect(s.rmse / (1e308 * Math.SQRT2)).toBeCloseTo(1, 14); // 2e308 / sqrt(2): representable
    expect(s.meanError).toBe(-1e308);
    expect(Array.from(s.histogram.counts).reduce((x, y) => x + y, 0)).toBe(2);
    expect(s.histogram.edges.every((e) => Number.isFinite(e))).toBe(true);
  });

  test('a value range beyond the largest double: relative error and PSNR from the halved range', () => {
    const s = errorStats(Float64Array.from([-1e308, 1e308]), Float64Array.from([-1e308, 5e307]));
    expect(s.range).toBe(Infinity); // 2e308
    expect(s.maxRelError).toBeCloseTo(0.25, 14); // 5e307 / 2e308
    expect(s.psnr).toBeCloseTo(20 * Math.log10(4 * Math.SQRT2), 9); // 2e308 / (5e307 / sqrt 2)
  });

  test('property: scaling every error by 2^k (k from -1020 to 1020) scales RMSE and mean by 2^k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }).chain((m) => fc.constantFrom(m, -m)), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -1020, max: 1020 }),
        (errors, k) => {
          const zero = new Float64Array(errors.length);
          const unit = errorStats(zero, Float64Array.from(errors));
          const scaled = errorStats(zero, Float64Array.from(errors, (e) => e * 2 ** k));
          const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b) + 2 ** k * 1e-15;
          return near(scaled.rmse, unit.rmse * 2 ** k) && near(scaled.meanError, unit.meanError * 2 ** k) && scaled.rmse <= scaled.maxAbsError * (1 + 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });
});
