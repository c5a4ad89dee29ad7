// Seeded generators: reproducible to the bit, shaped as documented, and carrying a signal that
// an independent learner (k-nearest neighbours, nearest centroid, written here) can find.
// Seeded splits: a partition of the rows, the same for the same seed.

import { Dataset, FloatColumn, loadDataset, syntheticTabular, syntheticWide } from '@lossyml/sdk';

const sameBits = (a: FloatColumn, b: FloatColumn) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('syntheticTabular', () => {
  const ds = syntheticTabular();

  test('2000 x 84 float64 (81 Superconductor-like features + 3 constant), target critical_temp', () => {
    expect([ds.nRows, ds.nCols, ds.dtype, ds.name]).toEqual([2000, 84, 'float64', 'synthetic-tabular']);
    expect(ds.names.slice(0, 3)).toEqual(['number_of_elements', 'mean_atomic_mass', 'wtd_mean_atomic_mass']);
    expect(ds.target?.name).toBe('critical_temp');
    const constant = ds.columns.filter((c) => c.every((v) => v === c[0]));
    expect(constant.length).toBe(3);
    const integer = ds.columns.filter((c) => c.every((v) => Number.isInteger(v)) && !c.every((v) => v === c[0]));
    expect(integer.length).toBeGreaterThanOrEqual(2); // number_of_elements, range_Valence
    expect(ds.columns.every((c) => c.every(Number.isFinite))).toBe(true);
  });

  test('column scales span 1e-3 .. 1e4', () => {
    const scales = ds.columns.map((c) => Array.from(c).reduce((m, v) => Math.max(m, Math.abs(v)), 0)).filter((s) => s > 0);
    expect(Math.min(...scales)).toBeLessThan(2e-2);
    expect(Math.max(...scales)).toBeGreaterThan(1e4);
    const medians = ds.columns.map((c) => Float64Array.from(c).sort()[c.length >> 1]).filter((m) => m > 0);
    expect(Math.min(...medians)).toBeLessThan(1e-2);
  });

  test('the same seed gives the same bits; another seed another table', () => {
    const again = syntheticTabular();
    expect(ds.columns.every((c, j) => sameBits(c, again.columns[j]))).toBe(true);
    expect(sameBits(ds.target!.values as Float64Array, again.target!.values as Float64Array)).toBe(true);
    const other = syntheticTabular({ seed: 1 });
    expect(sameBits(ds.columns[1], other.columns[1])).toBe(false);
    expect(syntheticTabular({ rows: 10, constantColumns: 0 }).nCols).toBe(81);
  });

  test('the target is learnable: 5-nearest-neighbours on standardized features reaches R^2 > 0.5', () => {
    const { train, validation } = ds.split({ seed: 3 });
    const z = standardizer(train);
    const tx = rowsOf(train, z);
    const vx = rowsOf(validation, z);
    const ty = train.target!.values as Float64Array;
    const vy = validation.target!.values as Float64Array;
    const pred = vx.map((row) => knn(tx, ty, row, 5));
    expect(r2(vy, pred)).toBeGreaterThan(0.5);
  });

  test('bad options are refused naming the option', () => {
    expect(() => syntheticTabular({ rows: 0 })).toThrow(/rows: got 0, expected an integer in 1..1e7/);
    expect(() => syntheticTabular({ seed: -1 })).toThrow(/seed/);
  });
});

describe('syntheticWide', () => {
  const ds = syntheticWide();

  test('256 x 2000 float32, 4% constant zero columns, balanced 0/1 label in column 0', () => {
    expect([ds.nRows, ds.nCols, ds.dtype, ds.targetIndex]).toEqual([256, 2000, 'float32', 0]);
    expect(ds.columns.filter((c) => c.every((v) => v === 0)).length).toBe(80);
    expect(ds.columns.every((c) => c.every((v) => v >= 0 && Number.isFinite(v)))).toBe(true);
    const y = ds.target!.values as Float64Array;
    expect(y.every((v) => v === 0 || v === 1)).toBe(true);
    expect(y.reduce((a, b) => a + b, 0)).toBe(128);
  });

  test('reproducible, and the label is learnable: nearest centroid on the 20 most separating columns', () => {
    const again = syntheticWide();
    expect(ds.columns.every((c, j) => sameBits(c, again.columns[j]))).toBe(true);
    const { train, validation } = ds.split({ seed: 1 });
    const ty = train.target!.values as Float64Array;
    const vy = validation.target!.values as Float64Array;
    const logs = (c: FloatColumn) => Array.from(c, (v) => Math.log1p(v));
    const classMean = (v: number[], cls: number) => v.filter((_, i) => ty[i] === cls).reduce((a, b) => a + b, 0) / ty.filter((t) => t === cls).length;
    const score = train.columns.map((c, j) => {
      const v = logs(c);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) || Infinity;
      return { j, m0: classMean(v, 0), m1: classMean(v, 1), t: Math.abs(classMean(v, 1) - classMean(v, 0)) / sd };
    });
    const top = score.sort((a, b) => b.t - a.t).slice(0, 20);
    let correct = 0;
    for (let i = 0; i < validation.nRows; i++) {
      let d0 = 0, d1 = 0;
      for (const s of top) {
        const v = Math.log1p(validation.columns[s.j][i]);
        d0 += (v - s.m0) ** 2;
        d1 += (v - s.m1) ** 2;
      }
      if ((d1 < d0 ? 1 : 0) === vy[i]) correct++;
    }
    expect(correct / validation.nRows).toBeGreaterThan(0.8);
  });

  test('NT3-sized options are accepted; bad ones refused', () => {
    expect(syntheticWide({ rows: 4, cols: 100, constantColumns: 10, informative: 5 }).nCols).toBe(100);
    expect(() => syntheticWide({ cols: 10, constantColumns: 11 })).toThrow(/constantColumns/);
  });
});

describe('split', () => {
  test('train and validation partition the rows; the same seed gives the same rows', async () => {
    const ds = await loadDataset('boston');
    const a = ds.split({ seed: 7 });
    const b = ds.split({ seed: 7 });
    const c = ds.split({ seed: 8 });
    expect(a.validation.nRows).toBe(Math.round(506 * 0.2));
    expect(a.train.nRows + a.validation.nRows).toBe(506);
    // Rows are identified by their values: together the two parts hold every row once.
    const key = (d: Dataset, i: number) => d.columns.map((col) => col[i]).join(',');
    const all = new Set(Array.from({ length: 506 }, (_, i) => key(ds, i)));
    const parts = [...Array.from({ length: a.train.nRows }, (_, i) => key(a.train, i)), ...Array.from({ length: a.validation.nRows }, (_, i) => key(a.validation, i))];
    expect(new Set(parts)).toEqual(all);
    expect(a.validation.columns.every((col, j) => sameBits(col, b.validation.columns[j]))).toBe(true);
    expect(sameBits(a.validation.columns[0], c.validation.columns[0])).toBe(false);
    expect(a.train.targetIndex).toBe(13);
  });
});

function standardizer(d: Dataset): { mean: number[]; sd: number[] } {
  const mean = d.columns.map((c) => Array.from(c).reduce((s, v) => s + v, 0) / c.length);
  const sd = d.columns.map((c, j) => Math.sqrt(Array.from(c).reduce((s, v) => s + (v - mean[j]) ** 2, 0) / c.length) || 1);
  return { mean, sd };
}

function rowsOf(d: Dataset, z: { mean: number[]; sd: number[] } | null): number[][] {
  return Array.from({ length: d.nRows }, (_, i) => d.columns.map((c, j) => (z ? (c[i] - z.mean[j]) / z.sd[j] : c[i])));
}

function dist(a: number[], b: number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

function knn(x: number[][], y: Float64Array, q: number[], k: number): number {
  const d = x.map((r, i) => [dist(r, q), y[i]]).sort((a, b) => a[0] - b[0]);
  return d.slice(0, k).reduce((s, [, v]) => s + v, 0) / k;
}

function r2(y: Float64Array, p: number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let ss = 0, sr = 0;
  y.forEach((v, i) => {
    ss += (v - mean) ** 2;
    sr += (v - p[i]) ** 2;
  });
  return 1 - sr / ss;
}
