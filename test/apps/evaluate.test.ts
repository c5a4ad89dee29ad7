import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Dataset, UnavailableError, dataFingerprint, evaluate, evaluateLoaded, fitAndScore, getApp, evaluationKeyFor, listApps, listDatasets, loadApp, reduceLoaded,
  selectTargetRows, splitRows, tableApp, toRecordRow, type EvaluationRecord,
} from '@lossyml/sdk';
import { cli } from '../cli/run-cli';

describe('evaluate', () => {
  test('lossless reduction leaves quality exactly where the unreduced data puts it', async () => {
    const app = getApp('synthetic-tabular');
    const none = await evaluate(app, { id: 'none' }, { quick: true, seed: 1 });
    const zstd = await evaluate(app, { id: 'zstd' }, { quick: true, seed: 1 });
    expect(zstd.quality).toBe(none.quality);
    expect(zstd.compressionRatio).toBeGreaterThan(1);
    expect(zstd.fileRatio).toBeGreaterThan(1); // the target, coded losslessly, shrinks too
    expect(zstd.storedExactly).toBe(0);
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

describe('evaluation on loaded data', () => {
  test('one load serves many configs and model seeds; the one-call evaluate gives the same numbers', async () => {
    const app = getApp('synthetic-tabular');
    const loaded = await loadApp(app, { quick: true, seed: 2 });
    const reduced = await reduceLoaded(loaded, { id: 'sz-abs', bound: 0.01 });
    const a = await fitAndScore(reduced, { modelSeed: 2 });
    const b = await fitAndScore(reduced, { modelSeed: 3 });
    const once = await evaluate(app, { id: 'sz-abs', bound: 0.01 }, { quick: true, seed: 2 });
    expect(a.quality).toBe(once.quality);
    expect(a.key).toBe(once.key);
    expect(evaluationKeyFor(loaded, { id: 'sz-abs', bound: 0.01 }, 2)).toBe(a.key); // known before the work
    expect(evaluationKeyFor(loaded, { id: 'sz-abs', bound: 0.01 }, 3)).toBe(b.key);
    expect(a.compressionRatio).toBe(once.compressionRatio);
    expect(b.seed).toBe(3);
    expect(b.dataSeed).toBe(2);
    expect(b.key).not.toBe(a.key); // the model seed is part of the key
    expect(b.quality).not.toBe(a.quality); // another seed grows another forest
    expect(b.compressionRatio).toBe(a.compressionRatio); // reduced once
    expect((await evaluateLoaded(loaded, { id: 'none' })).key).not.toBe(a.key);
  });

  test('the data fingerprint follows the numbers: same load, same print; another split or one changed value, another', async () => {
    const app = getApp('synthetic-tabular');
    const a = await loadApp(app, { quick: true, seed: 0 });
    const again = await loadApp(app, { quick: true, seed: 0 });
    const other = await loadApp(app, { quick: true, seed: 1 });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(again.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
    const col = a.data.train.columns[5].slice();
    col[7] = col[7] + 1e-9 * Math.abs(col[7] || 1);
    const columns = a.data.train.columns.slice();
    columns[5] = col;
    const changed = { ...a.data, train: a.data.train.withFeatures({ dtype: a.data.train.dtype, nRows: a.data.train.nRows, columns }) };
    expect(dataFingerprint(changed)).not.toBe(a.fingerprint);
  });

  test("an application's rows map each split row to its row in the data (as Dataset.split draws them)", async () => {
    const loaded = await loadApp(getApp('boston'), { seed: 5 });
    const rows = splitRows(506, { seed: 5 });
    expect(loaded.data.rows!.train).toEqual(rows.train);
    expect(loaded.data.rows!.validation).toEqual(rows.validation);
    expect(rows.train.length + rows.validation.length).toBe(506);
  });

  test('toRecordRow carries what the displays draw', async () => {
    const r: EvaluationRecord = await evaluate(getApp('synthetic-tabular'), { id: 'zfp-accuracy', bound: 1e-3 }, { quick: true, seed: 1 });
    const row = toRecordRow(r);
    expect(row).toEqual({
      key: r.key,
      app: 'synthetic-tabular',
      method: 'zfp-accuracy',
      config: r.config,
      param: { name: 'bound', value: 1e-3 },
      seed: 1,
      quality: r.quality,
      metric: 'r2',
      higherIsBetter: true,
      compressionRatio: r.compressionRatio,
      fileRatio: r.fileRatio,
      decompressMBps: r.decompressMBps,
      seconds: r.seconds,
    });
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    expect('param' in toRecordRow({ ...r, config: { id: 'none', layout: 'columns' } })).toBe(false);
  });

  test('every registered dataset with a target has an application', () => {
    const withTarget = listDatasets().filter((d) => d.target !== null).map((d) => d.name);
    const served = new Set(listApps().map((a) => a.dataset ?? a.name));
    expect(withTarget.filter((n) => !served.has(n))).toEqual([]);
  });
});

describe('lossyml evaluate', () => {
  test('--json prints one record with quality, metric, ratio and the seconds of each stage', async () => {
    const r = await cli('evaluate', '--app', 'synthetic-tabular', '--method', 'zfp-rel', '--bound', '1e-3', '--quick', '--baseline', '--json');
    expect(r.err).toBe('');
    const rec = JSON.parse(r.out);
    expect(rec).toMatchObject({ app: 'synthetic-tabular', metric: 'r2', config: { id: 'zfp-rel', bound: 1e-3 } });
    const stages = ['load', 'reduce', 'restore', 'fit', 'predict'].map((k) => rec.seconds[k] as number);
    for (const t of stages) expect(Number.isFinite(t) && t >= 0).toBe(true);
    expect(rec.seconds.fit).toBeGreaterThan(0); // a forest of 20 trees takes measurable time
    expect(rec.seconds.total).toBeCloseTo(stages.reduce((a, b) => a + b, 0), 9);
    expect(rec.decompressMBps).toBeCloseTo(rec.bytes.original / 1e6 / rec.seconds.restore, 6);
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
    expect(r.err).toMatch(/--metric: got "auc", expected one of r2, gmean, accuracy, mse, psnr/);
  });
});
