import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UnavailableError, evaluate, getApp, listApps, selectTargetRows, tableApp } from '@lossyml/sdk';
import { cli } from '../cli/run-cli';

describe('evaluate', () => {
  test('lossless reduction leaves quality exactly where the unreduced data puts it', async () => {
    const app = getApp('synthetic-tabular');
    const none = await evaluate(app, { id: 'none' }, { quick: true, seed: 1 });
    const zstd = await evaluate(app, { id: 'zstd' }, { quick: true, seed: 1 });
    expect(zstd.quality).toBe(none.quality);
    expect(zstd.compressionRatio).toBeGreaterThan(1);
    expect(none.compressionRatio).toBeLessThan(1); // the container header costs a little
    expect(none.metric).toBe('r2');
    expect(none.quality).toBeGreaterThan(0.5);
  });

  test('the same seed gives the same record; sampling keeps the asked share of training rows', async () => {
    const app = getApp('synthetic-tabular');
    const a = await evaluate(app, { id: 'sample-wor', fraction: 0.25 }, { quick: true, seed: 4 });
    const b = await evaluate(app, { id: 'sample-wor', fraction: 0.25 }, { quick: true, seed: 4 });
    expect(a.quality).toBe(b.quality);
    expect(a.config.seed).toBe(4); // the run's seed reaches the sampler's draw
    expect(a.rows.trainStored).toBe(Math.round(a.rows.train * 0.25));
    expect(a.rows.validation).toBe(400); // validation rows are never sampled
    expect(a.compressionRatio).toBeGreaterThan(3.5);
    expect(a.compressionRatio).toBeLessThan(4);
  });

  test('a coarse error bound costs quality that a fine one does not (superconductor partial copy)', async () => {
    const app = getApp('superconductor');
    const base = await evaluate(app, { id: 'none' }, { quick: true });
    const fine = await evaluate(app, { id: 'sz-rel', bound: 1e-4 }, { quick: true });
    const coarse = await evaluate(app, { id: 'sz-rel', bound: 0.2 }, { quick: true });
    expect(base.source).toMatch(/partial/);
    expect(Math.abs(fine.quality - base.quality)).toBeLessThan(0.01);
    expect(coarse.quality).toBeLessThan(base.quality - 0.02);
    expect(coarse.compressionRatio).toBeGreaterThan(fine.compressionRatio);
  });

  test('applications on data absent here say so, and name the alternative', async () => {
    await expect(evaluate(getApp('ptychonn'), { id: 'none' })).rejects.toThrow(UnavailableError);
    await expect(evaluate(getApp('ptychonn'), { id: 'none' })).rejects.toThrow(/ptychonn-sim/);
    await expect(evaluate(getApp('nt3'), { id: 'none' })).rejects.toThrow(UnavailableError);
    expect(listApps().map((a) => a.name)).toEqual(expect.arrayContaining(['superconductor', 'ads', 'buzz', 'nt3', 'ptychonn']));
  });

  test('selectTargetRows carries every target kind along a draw', () => {
    expect(Array.from(selectTargetRows(new Float64Array([5, 6, 7]), [2, 0, 2]) as Float64Array)).toEqual([7, 5, 7]);
    expect(selectTargetRows(['a', 'b'], [1, 1])).toEqual(['b', 'b']);
    const multi = selectTargetRows({ kind: 'multi', width: 2, values: new Float32Array([1, 2, 3, 4, 5, 6]) }, [2, 0]);
    expect(multi).toEqual({ kind: 'multi', width: 2, values: new Float32Array([5, 6, 1, 2]) });
  });

  test('a user table: SVM on ionosphere through tableApp', async () => {
    const app = tableApp({ name: 'iono', description: 'test', data: 'ionosphere', model: 'svm', metric: 'gmean', positive: 'bad' });
    const r = await evaluate(app, { id: 'truncate32' }, { seed: 0 });
    expect(r.metric).toBe('gmean');
    expect(r.quality).toBeGreaterThan(0.7);
    expect(r.quality).toBeLessThanOrEqual(1);
    // float32 halves the bytes; the two small containers' headers (34 names, 34 stream entries) cost the rest
    expect(r.compressionRatio).toBeGreaterThan(1.85);
    expect(r.compressionRatio).toBeLessThan(2);
  });
});

describe('lossyml evaluate', () => {
  test('--json prints one record with quality, metric, ratio and the seconds of each stage', async () => {
    const r = await cli('evaluate', '--app', 'synthetic-tabular', '--method', 'zfp-rel', '--bound', '1e-3', '--quick', '--baseline', '--json');
    expect(r.err).toBe('');
    const rec = JSON.parse(r.out);
    expect(rec).toMatchObject({ app: 'synthetic-tabular', metric: 'r2', config: { id: 'zfp-rel', bound: 1e-3 } });
    for (const k of ['load', 'reduce', 'restore', 'fit', 'predict', 'total']) expect(rec.seconds[k]).toBeGreaterThanOrEqual(0);
    expect(rec.qualityChange).toBeCloseTo(rec.quality - rec.baselineQuality, 12);
  });

  test('--data FILE with --target, --model and --metric', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-eval-'));
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 300; i++) lines.push(`${i % 17},${(i * 7) % 13},${(i % 17) * 2 + ((i * 7) % 13)}`);
    const file = path.join(dir, 'lin.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const r = await cli('evaluate', '--data', file, '--target', 'y', '--model', 'forest', '--metric', 'r2', '--method', 'none', '--json');
    fs.rmSync(dir, { recursive: true });
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).quality).toBeGreaterThan(0.9);
  });

  test('mixing --app with --model, or a bad --metric, is a usage error', async () => {
    expect((await cli('evaluate', '--app', 'ads', '--model', 'svm', '--method', 'none')).code).toBe(2);
    const r = await cli('evaluate', '--data', 'x.csv', '--target', 'y', '--model', 'forest', '--metric', 'auc', '--method', 'none');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--metric: got "auc", expected one of r2, gmean, accuracy, mse/);
  });
});
