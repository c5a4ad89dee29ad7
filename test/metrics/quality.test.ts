// Quality metrics against hand-computed cases and their documented edge conventions.

import {
  accuracy, binaryCounts, DataError, gmean, isBetter, loadDataset, metricByName, minorityLabel, mse, psnr,
  quantizationEntropyBits, quantizationEntropyRatio, r2, UsageError,
} from '@lossyml/sdk';

const f64 = (a: number[]) => Float64Array.from(a);

describe('regression metrics', () => {
  const truth = f64([1, 2, 3, 4]);
  const pred = f64([1, 2, 3, 5]);

  test('mse of one unit error in four values is 1/4', () => {
    expect(mse(truth, pred)).toBeCloseTo(0.25, 15);
  });

  test('r2 = 1 - SS_res/SS_tot: SS_tot = 5, SS_res = 1 gives 0.8', () => {
    expect(r2(truth, pred)).toBeCloseTo(0.8, 15);
  });

  test('r2 is 1 for a perfect prediction and 0 for predicting the mean', () => {
    expect(r2(truth, truth)).toBe(1);
    expect(r2(truth, f64([2.5, 2.5, 2.5, 2.5]))).toBeCloseTo(0, 15);
  });

  test('r2 of a constant truth follows scikit-learn: 1 if exact, else 0', () => {
    expect(r2(f64([3, 3]), f64([3, 3]))).toBe(1);
    expect(r2(f64([3, 3]), f64([3, 4]))).toBe(0);
  });

  test('psnr uses the truth range as peak: range 3, mse 1/4 gives 20 log10(3) + 10 log10(4)', () => {
    expect(psnr(truth, pred)).toBeCloseTo(20 * Math.log10(3) + 10 * Math.log10(4), 12);
    expect(psnr(truth, truth)).toBe(Infinity);
    expect(psnr(f64([2, 2]), f64([2, 3]))).toBe(-Infinity);
  });

  test('length mismatch, empty input and NaN are data errors naming the position', () => {
    expect(() => mse(f64([1, 2]), f64([1]))).toThrow(DataError);
    expect(() => r2(f64([]), f64([]))).toThrow(/no values/);
    expect(() => r2(f64([1, 2]), f64([1, NaN]))).toThrow(/predictions\[1\] is NaN/);
  });
});

describe('classification metrics', () => {
  // positive 'a': TP = 2 (rows 0, 1), FN = 1 (row 2), FP = 1 (row 3), TN = 2
  const truth = ['a', 'a', 'a', 'b', 'b', 'b'];
  const pred = ['a', 'a', 'b', 'a', 'b', 'b'];

  test('accuracy counts equal labels: 4 of 6', () => {
    expect(accuracy(truth, pred)).toBeCloseTo(4 / 6, 15);
    expect(accuracy(f64([0, 1, 1]), f64([0, 1, 0]))).toBeCloseTo(2 / 3, 15);
  });

  test('confusion counts of one class against the rest', () => {
    expect(binaryCounts(truth, pred, 'a')).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
  });

  test('gmean = sqrt(precision x recall): precision 2/3, recall 2/3 gives 2/3', () => {
    expect(gmean(truth, pred, 'a')).toBeCloseTo(2 / 3, 15);
  });

  test('gmean with precision 1/2 and recall 1 is sqrt(1/2)', () => {
    expect(gmean(['p', 'n', 'n', 'n'], ['p', 'p', 'n', 'n'], 'p')).toBeCloseTo(Math.SQRT1_2, 15);
  });

  test('gmean defaults to the minority class of the truth', () => {
    const t = ['x', 'y', 'y', 'y'];
    const p = ['x', 'x', 'y', 'y'];
    expect(minorityLabel(t)).toBe('x');
    expect(gmean(t, p)).toBeCloseTo(gmean(t, p, 'x'), 15);
    expect(gmean(t, p)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(minorityLabel(f64([1, 0, 0]))).toBe(1);
  });

  test('minority ties go to the label that sorts first', () => {
    expect(minorityLabel(['b', 'a', 'b', 'a'])).toBe('a');
  });

  test('degenerate gmean: no predicted positive or no actual positive gives 0', () => {
    expect(gmean(['p', 'n'], ['n', 'n'], 'p')).toBe(0);
    expect(gmean(['n', 'n'], ['p', 'n'], 'p')).toBe(0);
  });

  test('gmean over numeric labels', () => {
    expect(gmean(f64([1, 1, 0, 0]), f64([1, 0, 0, 0]), 1)).toBeCloseTo(Math.SQRT1_2, 15);
  });

  test('mixed label kinds and a positive of the wrong kind are refused', () => {
    expect(() => accuracy(['1'], f64([1]))).toThrow(DataError);
    expect(() => gmean(['1', '0'], ['1', '0'], 1)).toThrow(UsageError);
  });
});

describe('metric descriptors', () => {
  test('carry name, direction and task, and compute the same numbers as the functions', () => {
    const truth = f64([1, 2, 3, 4]);
    const pred = f64([1, 2, 3, 5]);
    // SS_res = 1, SS_tot = 5: R^2 = 0.8; MSE = 1/4
    expect(metricByName('r2').compute(truth, pred)).toBeCloseTo(0.8, 15);
    expect(metricByName('mse').compute(truth, pred)).toBe(0.25);
    expect(metricByName('mse').higherIsBetter).toBe(false);
    expect(metricByName('r2').higherIsBetter).toBe(true);
    expect(isBetter(metricByName('mse'), 0.1, 0.2)).toBe(true);
    expect(isBetter(metricByName('r2'), 0.1, 0.2)).toBe(false);
    expect(metricByName('gmean', { positive: 'a' }).compute(['a', 'b'], ['a', 'a'])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(metricByName('gmean', { positive: 'a' }).positive).toBe('a');
    expect(['r2', 'mse', 'psnr'].map((m) => metricByName(m).task)).toEqual(['regression', 'regression', 'regression']);
    expect(['accuracy', 'gmean'].map((m) => metricByName(m).task)).toEqual(['classification', 'classification']);
    // MSE over every output of a multi-output target (the encoder-decoder's)
    expect(metricByName('mse').compute({ kind: 'multi', width: 2, values: new Float32Array([0, 0, 1, 1]) }, { kind: 'multi', width: 2, values: new Float32Array([0, 2, 1, 1]) })).toBe(1);
  });

  test('an unknown metric name is a usage error listing the known ones', () => {
    expect(() => metricByName('f1')).toThrow(/expected one of r2, gmean, accuracy, mse, psnr/);
  });

  test('fits: regression metrics take finite numbers, classification metrics take labels or integer classes', () => {
    const r2m = metricByName('r2');
    expect(r2m.fits(f64([1.5, 2]))).toBeNull();
    expect(r2m.fits({ kind: 'multi', width: 1, values: new Float32Array([1, 2]) })).toBeNull();
    expect(r2m.fits(['ad.', 'nonad.'])).toMatch(/text labels such as "ad.", "nonad."/);
    expect(r2m.fits(f64([1, NaN, NaN]))).toMatch(/2 values that are not finite \(NaN, a missing cell\)/);
    const acc = metricByName('accuracy');
    expect(acc.fits(['a', 'b'])).toBeNull();
    expect(acc.fits(f64([1, 2, 7, 3]))).toBeNull(); // satellite's classes 1..7
    expect(acc.fits(f64([0.5, 1]))).toMatch(/not class labels, such as 0.5/);
    expect(acc.fits(Float64Array.from({ length: 2000 }, (_, i) => i))).toMatch(/more than 1000 distinct integers/);
    expect(acc.fits({ kind: 'multi', width: 2, values: new Float32Array(4) })).toMatch(/multi-output/);
    expect(metricByName('gmean', { positive: 'x' }).fits(['a', 'b'])).toMatch(/positive class "x" never occurs in it \(classes such as "a", "b"\)/);
    expect(metricByName('gmean', { positive: 'x' }).fits(f64([0, 1]))).toMatch(/numeric labels, but the positive class "x" is not/);
    expect(metricByName('gmean', { positive: 1 }).fits(f64([0, 1]))).toBeNull();
  });
});

describe('quantizationEntropyRatio', () => {
  test('a hand-computed column: 4 values, bound 0.25 of the range, 2 bins of 2 values = 1 bit each', () => {
    // range 3, bin width 2 x 0.25 x 3 = 1.5: values 0, 1 -> bin 0; 2 -> bin 1; 3 -> bin 2 (max is its own bin)
    const bits = quantizationEntropyBits(new Float64Array([0, 1, 2, 3]), 0.25);
    expect(bits).toBeCloseTo(2 * Math.log2(2) + 2 * Math.log2(4), 12); // p = 1/2, 1/4, 1/4
  });

  test('reproduces the superconductor figures stated in ../shared/anchors.md (14.9 / 9.23 / 7.27)', async () => {
    const ds = await loadDataset('superconductor');
    expect(quantizationEntropyRatio(ds.columns, 1e-2)).toBeCloseTo(14.9, 1);
    expect(quantizationEntropyRatio(ds.columns, 1e-3)).toBeCloseTo(9.23, 1);
    expect(quantizationEntropyRatio(ds.columns, 1e-4)).toBeCloseTo(7.27, 1);
  });
});
