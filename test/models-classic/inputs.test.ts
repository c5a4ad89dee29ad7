// The models' shared feature-value policy: medians by selection against a sort, imputation
// that copies only the columns with a missing cell, and the refusal of infinities.

import { FeatureValueError, Rng, type FeatureBlock } from '@lossyml/sdk';
import { checkNoInfinity, columnMedians, imputeMissing, medianOf } from '@lossyml/sdk/models/inputs';

function sortedMedian(values: number[]): number {
  const v = values.slice().sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

test('medianOf agrees with the median of a sorted copy (ties, constants, sorted and reversed runs)', () => {
  const rng = new Rng(11);
  for (let t = 0; t < 2000; t++) {
    const n = 1 + rng.int(60);
    const spread = [1, 3, 1000][t % 3];
    let values = Array.from({ length: n }, () => rng.int(spread) - 1);
    if (t % 7 === 0) values.sort((a, b) => a - b);
    if (t % 11 === 0) values = values.reverse();
    expect(medianOf(Float64Array.from(values))).toBe(sortedMedian(values));
  }
});

test('columnMedians skips NaN; a column with no value gets 0', () => {
  const x: FeatureBlock = { dtype: 'float64', nRows: 4, columns: [Float64Array.from([3, NaN, 1, 10]), Float64Array.from([NaN, NaN, NaN, NaN])] };
  expect(Array.from(columnMedians(x))).toEqual([3, 0]);
});

test('imputeMissing fills NaN with the given medians and shares the columns it does not change', () => {
  const clean = Float32Array.from([1, 2, 3]);
  const holed = Float32Array.from([NaN, 5, NaN]);
  const x: FeatureBlock = { dtype: 'float32', nRows: 3, columns: [clean, holed] };
  const out = imputeMissing(x, Float64Array.from([0, 0.1]));
  expect(out.columns[0]).toBe(clean);
  expect(Array.from(out.columns[1])).toEqual([Math.fround(0.1), 5, Math.fround(0.1)]);
  expect(Number.isNaN(holed[0])).toBe(true); // the input is not changed
  const none: FeatureBlock = { dtype: 'float32', nRows: 3, columns: [clean] };
  expect(imputeMissing(none, Float64Array.from([0]))).toBe(none);
});

test('checkNoInfinity names the first infinity; NaN passes', () => {
  const x: FeatureBlock = { dtype: 'float64', nRows: 3, columns: [Float64Array.from([NaN, 1, 2]), Float64Array.from([0, 1, -Infinity])] };
  expect(() => checkNoInfinity('m fit', x)).toThrow(FeatureValueError);
  expect(() => checkNoInfinity('m fit', x)).toThrow(/m fit: feature column 1, row 2 is -Infinity/);
  expect(() => checkNoInfinity('m fit', { ...x, columns: [x.columns[0]] })).not.toThrow();
});
