// The NT3 1-D CNN: learns a wide two-class problem whose answer is known (a block of
// features shifted in one class), reproduces itself from a seed, and trains the same on wasm
// (im2col kernel gradients) as on the cpu backend (tfjs's own conv and im2col).
import { Rng, type FeatureBlock } from '@lossyml/sdk/data/dataset';
import { createCnn1d, type Cnn1dOptions } from '@lossyml/sdk/models/cnn1d';
import { initTf } from '@lossyml/sdk/models/tfjs/backend';
import { DataError, UsageError } from '@lossyml/sdk/util/errors';

const quiet = { log: () => undefined };

/** n rows x p features; class 1 rows carry +shift on features [40, 70), class 0 rows -shift. */
function wide(n: number, p: number, seed: number, shift = 0.8): { x: FeatureBlock; y: Float64Array } {
  const rng = new Rng(seed);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = i % 2;
  const columns: Float32Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = new Float32Array(n);
    const signal = j >= 40 && j < 70 ? shift : 0;
    for (let i = 0; i < n; i++) c[i] = 2 + rng.normal() + signal * (2 * y[i] - 1);
    columns.push(c);
  }
  return { x: { dtype: 'float32', nRows: n, columns }, y };
}

function accuracy(pred: Float64Array | string[], truth: ArrayLike<number | string>): number {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) ok++;
  return ok / pred.length;
}

const small: Cnn1dOptions = { width: 0.125, dense: [40, 20], epochs: 12, batchSize: 16 };

function relDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])));
}

describe('cnn1d', () => {
  afterAll(async () => {
    await initTf({ backend: 'cpu', ...quiet });
  });

  test('learns a wide two-class problem on wasm: validation accuracy >= 0.9 (chance 0.5)', async () => {
    await initTf({ backend: 'wasm', ...quiet });
    const train = wide(160, 240, 1);
    const test = wide(80, 240, 2);
    const m = createCnn1d({ ...small, backend: 'wasm' });
    await m.fit(train.x, train.y, { seed: 3 });
    const acc = accuracy(await m.predict(test.x), test.y);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    const info = m.info!;
    expect(info.backend).toBe('wasm');
    expect(info.convImpl).toBe('im2col');
    expect(info.losses[info.losses.length - 1]).toBeLessThan(info.losses[0]);
    m.dispose();
    m.dispose();
  });

  test('the same seed gives the same losses and predictions; another seed other losses', async () => {
    const train = wide(48, 120, 4);
    const opts: Cnn1dOptions = { ...small, epochs: 2, backend: 'wasm' };
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const m = createCnn1d(opts);
      await m.fit(train.x, train.y, { seed });
      runs.push({ losses: m.info!.losses, pred: await m.predict(train.x) });
      m.dispose();
    }
    expect(runs[1].losses).toEqual(runs[0].losses);
    expect(runs[1].pred).toEqual(runs[0].pred);
    expect(runs[2].losses).not.toEqual(runs[0].losses);
  });

  test('wasm (im2col) and cpu (tfjs conv1d, and im2col) give the same loss curve within float tolerance', async () => {
    // Small: tfjs's own conv1d on the cpu backend is very slow.
    const train = wide(20, 80, 5);
    const opts = { width: 0.0625, dense: [16, 8], epochs: 3, batchSize: 10, dropout: 0.1 };
    const curve = async (backend: 'wasm' | 'cpu', convImpl: 'im2col' | 'native') => {
      const m = createCnn1d({ ...opts, backend, convImpl });
      await m.fit(train.x, train.y, { seed: 11 });
      const losses = m.info!.losses;
      m.dispose();
      return losses;
    };
    const wasm = await curve('wasm', 'im2col');
    const cpuNative = await curve('cpu', 'native');
    const cpuIm2col = await curve('cpu', 'im2col');
    expect(relDiff(wasm, cpuNative)).toBeLessThan(1e-4);
    expect(relDiff(cpuIm2col, cpuNative)).toBeLessThan(1e-4);
  });

  test('string labels come back as labels; auto input pooling shortens wide rows on CPU backends', async () => {
    const train = wide(40, 4100, 6, 1.5);
    const labels = Array.from(train.y, (v) => (v === 1 ? 'tumor' : 'normal'));
    const m = createCnn1d({ ...small, epochs: 1, backend: 'wasm' });
    await m.fit(train.x, labels, { seed: 1 });
    expect(m.info!.inputPool).toBe(3); // ceil(4100 / 2048)
    expect(m.info!.inputLength).toBe(1367);
    const pred = (await m.predict(train.x)) as string[];
    expect(pred).toHaveLength(40);
    for (const p of pred) expect(['normal', 'tumor']).toContain(p);
    m.dispose();
  });

  test('a missing (NaN) feature is read as its training median, in fit and in predict', async () => {
    const d = wide(12, 120, 4);
    const holes = { ...d.x, columns: d.x.columns.map((c) => c.slice()) };
    holes.columns[3][2] = NaN;
    const filled = { ...d.x, columns: d.x.columns.map((c) => c.slice()) };
    const rest = Array.from(d.x.columns[3]).filter((_, i) => i !== 2).sort((a, b) => a - b); // 11 values: the 6th is the median
    filled.columns[3][2] = rest[5];
    const a = createCnn1d({ ...small, epochs: 2, backend: 'wasm' });
    const b = createCnn1d({ ...small, epochs: 2, backend: 'wasm' });
    await a.fit(holes, d.y, { seed: 2 });
    await b.fit(filled, d.y, { seed: 2 });
    expect(a.info!.losses).toEqual(b.info!.losses);
    expect(await a.predict(holes)).toEqual(await b.predict(filled));
    a.dispose();
    b.dispose();
  });

  test('bad input and options are named', async () => {
    const d = wide(10, 60, 1);
    expect(() => createCnn1d({ width: 0 })).toThrow(/cnn1d width: got 0/);
    expect(() => createCnn1d({ optimizer: 'rmsprop' as 'sgd' })).toThrow(UsageError);
    expect(() => createCnn1d({ conv: [{ filters: 4, kernelSize: 0, pool: 1 }] })).toThrow(/cnn1d conv\[0\]/);
    const m = createCnn1d({ ...small, epochs: 1, backend: 'wasm' });
    await expect(m.predict(d.x)).rejects.toThrow(/has not been fitted/);
    await expect(m.fit(d.x, new Float64Array(10))).rejects.toThrow(/only one class/);
    await expect(m.fit(d.x, new Float64Array(10).fill(0.5))).rejects.toThrow(DataError);
    await expect(m.fit(d.x, new Float64Array(9))).rejects.toThrow(/10 feature rows but 9 targets/);
    const bad = { ...d.x, columns: d.x.columns.map((c) => c.slice()) };
    bad.columns[3][2] = Infinity;
    await expect(m.fit(bad, d.y)).rejects.toThrow(/feature column 3, row 2 is Infinity; the models take finite numbers/);
    await expect(createCnn1d({ backend: 'wasm', convImpl: 'native', epochs: 1 }).fit(d.x, d.y)).rejects.toThrow(/cannot train tfjs's Conv1D/);
    await expect(createCnn1d({ backend: 'wasm', inputPool: 10, epochs: 1 }).fit(d.x, d.y)).rejects.toThrow(/too short/);
    await m.fit(d.x, d.y, { seed: 1 });
    const fewer = { ...d.x, columns: d.x.columns.slice(1) };
    await expect(m.predict(fewer)).rejects.toThrow(/59 features, the model was fitted on 60/);
    m.dispose();
  });
});
