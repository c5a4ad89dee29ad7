// The random forest on problems with known answers, its determinism (same seed, any number
// of workers), its input checks, and its quality on the real superconductor partial copy.

import fc from 'fast-check';
import { DataError, FeatureValueError, Forest, loadDataset, r2, Rng, UsageError, type FeatureBlock } from '@lossyml/sdk';
import { binFeatures, MAX_EDGES } from '@lossyml/sdk/models/forest/binning';

function block(columns: (Float64Array | Float32Array)[]): FeatureBlock {
  return { dtype: 'float64', nRows: columns[0].length, columns };
}

function uniformColumns(n: number, k: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.next()));
}

describe('forest on problems with known answers', () => {
  test('a step function is learned exactly away from the step', async () => {
    const [x0, x1] = uniformColumns(400, 2, 1);
    const y = x0.map((v) => (v > 0.5 ? 10 : -10));
    const m = new Forest({ nTrees: 20, maxFeatures: 'all', workers: 0 });
    await m.fit(block([x0, x1]), y, { seed: 3 });
    const probe = block([Float64Array.from([0.1, 0.3, 0.45, 0.55, 0.7, 0.95]), Float64Array.from([0.5, 0.1, 0.9, 0.2, 0.6, 0.3])]);
    expect(Array.from((await m.predict(probe)) as Float64Array)).toEqual([-10, -10, -10, 10, 10, 10]);
  });

  test('XOR-like classes are separated (no single split helps, two levels do)', async () => {
    const [a, b] = uniformColumns(600, 2, 2);
    const label = (u: number, v: number) => ((u > 0.5) !== (v > 0.5) ? 'red' : 'blue');
    const y = Array.from(a, (u, i) => label(u, b[i]));
    const m = new Forest({ nTrees: 25, maxFeatures: 'all', workers: 0 });
    await m.fit(block([a, b]), y, { seed: 1 });
    const [ta, tb] = uniformColumns(400, 2, 99);
    // Keep test points off the class boundaries, where a finite sample cannot place them.
    const keep = Array.from(ta.keys()).filter((i) => Math.abs(ta[i] - 0.5) > 0.05 && Math.abs(tb[i] - 0.5) > 0.05);
    const probe = block([Float64Array.from(keep, (i) => ta[i]), Float64Array.from(keep, (i) => tb[i])]);
    const pred = (await m.predict(probe)) as string[];
    const hits = keep.filter((i, k) => pred[k] === label(ta[i], tb[i])).length;
    expect(hits / keep.length).toBeGreaterThan(0.97);
    expect(m.classes()).toEqual(['blue', 'red']);
  });

  test('one unbootstrapped tree with all features reproduces its training targets', async () => {
    const cols = uniformColumns(200, 3, 5);
    const y = Float64Array.from(cols[0], (v, i) => Math.sin(9 * v) + cols[1][i] * cols[2][i]);
    const m = new Forest({ nTrees: 1, bootstrap: false, maxFeatures: 'all', workers: 0 });
    await m.fit(block(cols), y);
    expect(r2(y, (await m.predict(block(cols))) as Float64Array)).toBe(1);
  });

  test('class probabilities average the trees and sum to 1; numeric class codes come back as numbers', async () => {
    const [x] = uniformColumns(300, 1, 7);
    const y = x.map((v) => (v < 0.3 ? 0 : v < 0.6 ? 1 : 2));
    const m = new Forest({ task: 'classification', nTrees: 10, workers: 0 });
    await m.fit(block([x]), y, { seed: 2 });
    const probe = block([Float64Array.from([0.1, 0.45, 0.9])]);
    expect(Array.from((await m.predict(probe)) as Float64Array)).toEqual([0, 1, 2]);
    const p = await m.predictProbabilities(probe);
    for (let i = 0; i < 3; i++) expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(0.8);
  });

  test('a constant target is predicted as that constant', async () => {
    const cols = uniformColumns(50, 2, 8);
    const m = new Forest({ nTrees: 3, workers: 0 });
    await m.fit(block(cols), new Float64Array(50).fill(4.5));
    expect(Array.from((await m.predict(block(cols))) as Float64Array).every((v) => v === 4.5)).toBe(true);
    expect(m.treeSizes()).toEqual([1, 1, 1]);
  });

  test('maxDepth 1 gives stumps of three nodes; minSamplesLeaf bounds leaf sizes', async () => {
    const cols = uniformColumns(300, 2, 9);
    const y = Float64Array.from(cols[0], (v, i) => v + cols[1][i]);
    const stumps = new Forest({ nTrees: 4, maxDepth: 1, workers: 0 });
    await stumps.fit(block(cols), y);
    expect(stumps.treeSizes()).toEqual([3, 3, 3, 3]);
    const coarse = new Forest({ nTrees: 4, minSamplesLeaf: 40, bootstrap: false, workers: 0 });
    await coarse.fit(block(cols), y);
    // Leaves of at least 40 of 300 rows: at most 7 leaves, so at most 13 nodes.
    for (const s of coarse.treeSizes()) expect(s).toBeLessThanOrEqual(13);
  });
});

describe('forest binning', () => {
  test('few distinct values get a bin each; the codes agree with the raw thresholds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 300 }), (values) => {
        const col = Float64Array.from(values, (v) => v / 4);
        const b = binFeatures(block([col]), 256, false);
        const m = b.nEdges[0];
        if (m !== new Set(values).size - 1) return false;
        for (let i = 0; i < col.length; i++) {
          const code = b.binned[i];
          for (let t = 0; t < m; t++) if ((code <= t) !== (col[i] <= b.edges[t])) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });

  test('many distinct values are cut into at most 256 roughly equal-count bins', () => {
    const [col] = uniformColumns(10000, 1, 4);
    const b = binFeatures(block([col]), 256, false);
    expect(b.nEdges[0]).toBeLessThanOrEqual(MAX_EDGES);
    expect(b.nEdges[0]).toBeGreaterThan(240);
    const counts = new Array(256).fill(0);
    for (const c of b.binned) counts[c]++;
    expect(Math.max(...counts)).toBeLessThan(3 * (10000 / 256));
  });
});

describe('forest determinism', () => {
  const cols = uniformColumns(500, 4, 11);
  const y = Float64Array.from(cols[0], (v, i) => v * cols[1][i] + Math.cos(5 * cols[2][i]));

  test('the same seed gives the same predictions; another seed does not', async () => {
    const fit = async (seed: number) => {
      const m = new Forest({ nTrees: 8, workers: 0 });
      await m.fit(block(cols), y, { seed });
      return (await m.predict(block(cols))) as Float64Array;
    };
    const a = await fit(5);
    expect(await fit(5)).toEqual(a);
    expect(await fit(6)).not.toEqual(a);
  });

  test('workers 0 and 2 grow the same forest', async () => {
    const fit = async (workers: number) => {
      const m = new Forest({ nTrees: 6, workers });
      await m.fit(block(cols), y, { seed: 21 });
      return { pred: (await m.predict(block(cols))) as Float64Array, sizes: m.treeSizes() };
    };
    const here = await fit(0);
    const threads = await fit(2);
    expect(threads.sizes).toEqual(here.sizes);
    expect(threads.pred).toEqual(here.pred);
  });
});

describe('forest input checks', () => {
  const cols = uniformColumns(20, 2, 3);
  const y = new Float64Array(20);

  test('options are validated with the option named', () => {
    expect(() => new Forest({ nTrees: 0 })).toThrow(/forest nTrees: got 0/);
    expect(() => new Forest({ maxFeatures: 1.5 })).toThrow(/forest maxFeatures/);
    expect(() => new Forest({ maxBins: 300 })).toThrow(/\[2, 256\]/);
    expect(() => new Forest({ workers: -1 })).toThrow(UsageError);
  });

  test('infinite features, mismatched lengths and unfitted use are clear errors', async () => {
    const bad = cols.map((c) => c.slice());
    bad[1][7] = -Infinity;
    const refused = new Forest({ workers: 0 }).fit(block(bad), y);
    await expect(refused).rejects.toThrow(FeatureValueError);
    await expect(new Forest({ workers: 0 }).fit(block(bad), y)).rejects.toThrow(/column 1, row 7 is -Infinity; the models take finite numbers, and NaN as a missing cell/);
    const fitted = new Forest({ nTrees: 2, workers: 0 });
    await fitted.fit(block(cols), y);
    await expect(fitted.predict(block(bad))).rejects.toMatchObject({ column: 1, row: 7, value: -Infinity });
    await expect(new Forest({ workers: 0 }).fit(block(cols), new Float64Array(19))).rejects.toThrow(DataError);
    await expect(new Forest().predict(block(cols))).rejects.toThrow(/not fitted/);
    const m = new Forest({ nTrees: 2, workers: 0 });
    await m.fit(block(cols), y);
    await expect(m.predict(block([cols[0]]))).rejects.toThrow(/1 feature columns, the model was fitted on 2/);
    await expect(new Forest({ task: 'regression' }).fit(block(cols), new Array(20).fill('a'))).rejects.toThrow(UsageError);
  });
});

describe('forest missing values', () => {
  // The median of the non-missing values, computed here by sorting (the forest selects it).
  const median = (c: Float64Array) => {
    const v = Array.from(c).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };

  test('NaN is a missing cell: the forest is the one grown on the column medians there, in fit and in predict', async () => {
    const [a, b] = uniformColumns(201, 2, 8);
    const y = a.map((v, i) => 3 * v - b[i]);
    const holes = [a.slice(), b.slice()];
    for (const i of [0, 17, 90, 200]) holes[0][i] = NaN;
    holes[1][33] = NaN;
    const filled = holes.map((c) => {
      const m = median(c);
      return c.map((v) => (Number.isNaN(v) ? m : v));
    });
    expect(filled[0][17]).not.toBe(a[17]);
    const withHoles = new Forest({ nTrees: 10, workers: 0 });
    const byHand = new Forest({ nTrees: 10, workers: 0 });
    await withHoles.fit(block(holes), y, { seed: 4 });
    await byHand.fit(block(filled), y, { seed: 4 });
    expect(withHoles.treeSizes()).toEqual(byHand.treeSizes());
    const [pa, pb] = uniformColumns(50, 2, 9);
    const probe = [pa.slice(), pb.slice()];
    probe[0][5] = NaN;
    probe[1][6] = NaN;
    // A missing cell at prediction reads as the training median, not the probe's own.
    const probeFilled = [pa.slice(), pb.slice()];
    probeFilled[0][5] = median(holes[0]);
    probeFilled[1][6] = median(holes[1]);
    expect(Array.from((await withHoles.predict(block(probe))) as Float64Array)).toEqual(Array.from((await byHand.predict(block(probeFilled))) as Float64Array));
  });
});

describe('forest quality on real data', () => {
  test('superconductor partial, defaults, 80/20 split seeds 0-4: mean R^2 >= 0.877 (scikit-learn: 0.887)', async () => {
    const ds = await loadDataset('superconductor');
    const scores: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const { train, validation } = ds.split({ seed, validationFraction: 0.2 });
      const m = new Forest();
      await m.fit(train, train.target!.values as Float64Array, { seed });
      scores.push(r2(validation.target!.values as Float64Array, (await m.predict(validation)) as Float64Array));
    }
    const mean = scores.reduce((a, b) => a + b) / scores.length;
    expect(mean).toBeGreaterThanOrEqual(0.877);
  });
});
