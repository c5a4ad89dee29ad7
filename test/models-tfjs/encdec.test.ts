// The PtychoNN-style encoder-decoder: learns a mapping with a known answer (amplitude and
// phase that are simple functions of the input frame), runs on simulator frames with outputs
// in the heads' ranges, reproduces itself from a seed, and trains the same on wasm and cpu.
import { type FeatureBlock } from '@lossyml/sdk/data/dataset';
import { simulatePtycho, ptychoTargets } from '@lossyml/sdk/data/ptycho-sim';
import { createEncdec } from '@lossyml/sdk/models/encdec';
import { initTf } from '@lossyml/sdk/models/tfjs/backend';
import type { MultiOutput } from '@lossyml/sdk/models/types';
import { DataError, UsageError } from '@lossyml/sdk/util/errors';

const quiet = { log: () => undefined };

/** Frames that are smooth images s in [0.5, 1]; truth: amplitude = s, phase = pi (2s - 1.5). */
function knownProblem(count: number, size: number, seed: number): { x: FeatureBlock; y: MultiOutput } {
  const sim = simulatePtycho({ count, size, seed, featureSize: size / 4 });
  const n2 = size * size;
  const columns = Array.from({ length: n2 }, () => new Float32Array(count));
  const values = new Float32Array(count * 2 * n2);
  for (let f = 0; f < count; f++) {
    for (let p = 0; p < n2; p++) {
      const s = sim.amplitude[f * n2 + p];
      columns[p][f] = s;
      values[f * 2 * n2 + p] = s;
      values[f * 2 * n2 + n2 + p] = Math.PI * (2 * s - 1.5);
    }
  }
  return { x: { dtype: 'float32', nRows: count, columns }, y: { kind: 'multi', width: 2 * n2, values } };
}

/** MSE of each half (amplitude, phase) of the rows, and of predicting the truth's mean. */
function mseHalves(pred: MultiOutput, truth: MultiOutput): { amp: number; phase: number; ampBase: number; phaseBase: number } {
  const half = truth.width / 2;
  const rows = truth.values.length / truth.width;
  const mean = [0, 0];
  for (let i = 0; i < truth.values.length; i++) mean[i % truth.width < half ? 0 : 1] += truth.values[i] / (rows * half);
  const out = { amp: 0, phase: 0, ampBase: 0, phaseBase: 0 };
  for (let i = 0; i < truth.values.length; i++) {
    const k = i % truth.width < half ? 0 : 1;
    const e = (pred.values[i] - truth.values[i]) ** 2 / (rows * half);
    const b = (mean[k] - truth.values[i]) ** 2 / (rows * half);
    if (k === 0) {
      out.amp += e;
      out.ampBase += b;
    } else {
      out.phase += e;
      out.phaseBase += b;
    }
  }
  return out;
}

describe('encdec', () => {
  afterAll(async () => {
    await initTf({ backend: 'cpu', ...quiet });
  });

  test('learns a known mapping on wasm: MSE of both heads well below predicting the mean', async () => {
    const train = knownProblem(96, 8, 1);
    const test = knownProblem(32, 8, 2);
    const m = createEncdec({ backend: 'wasm', width: 4, levels: 1, epochs: 40, batchSize: 16, learningRate: 0.003 });
    await m.fit(train.x, train.y, { seed: 1 });
    const r = mseHalves(await m.predict(test.x), test.y);
    expect(r.amp).toBeLessThan(r.ampBase / 3);
    expect(r.phase).toBeLessThan(r.phaseBase / 3);
    expect(m.info!.convImpl).toBe('im2col');
    m.dispose();
  });

  test('on simulator frames: output shape, amplitude in [0, 1] and phase in [-pi, pi]', async () => {
    const sim = simulatePtycho({ count: 24, size: 8, seed: 3 });
    const m = createEncdec({ backend: 'wasm', width: 2, levels: 2, epochs: 1, batchSize: 8 });
    await m.fit(sim.inputs, ptychoTargets(sim), { seed: 1 });
    const p = await m.predict(sim.inputs);
    expect(p.width).toBe(128);
    expect(p.values).toHaveLength(24 * 128);
    for (let i = 0; i < p.values.length; i++) {
      const v = p.values[i];
      if (i % 128 < 64) expect(v >= 0 && v <= 1).toBe(true);
      else expect(Math.abs(v)).toBeLessThanOrEqual(Math.PI + 1e-6);
    }
    m.dispose();
  });

  test('the same seed gives the same losses and outputs; wasm and cpu agree within float tolerance', async () => {
    const train = knownProblem(16, 8, 4);
    const opts = { width: 2, levels: 1, epochs: 2, batchSize: 8 };
    const run = async (backend: 'wasm' | 'cpu', seed: number, convImpl: 'im2col' | 'native' = 'im2col') => {
      const m = createEncdec({ ...opts, backend, convImpl });
      await m.fit(train.x, train.y, { seed });
      const out = { losses: m.info!.losses, values: (await m.predict(train.x)).values };
      m.dispose();
      return out;
    };
    const a = await run('wasm', 5);
    const b = await run('wasm', 5);
    const c = await run('wasm', 6);
    expect(b.losses).toEqual(a.losses);
    expect(b.values).toEqual(a.values);
    expect(c.losses).not.toEqual(a.losses);
    const cpu = await run("cpu", 5, "native");
    for (let e = 0; e < a.losses.length; e++) expect(Math.abs(cpu.losses[e] - a.losses[e]) / a.losses[e]).toBeLessThan(1e-3);
    let worst = 0;
    for (let i = 0; i < a.values.length; i++) worst = Math.max(worst, Math.abs(cpu.values[i] - a.values[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  test('bad targets, frames and options are named', async () => {
    const d = knownProblem(4, 8, 1);
    expect(() => createEncdec({ levels: 0 })).toThrow(/encdec levels: got 0/);
    expect(() => createEncdec({ loss: 'huber' as 'mse' })).toThrow(UsageError);
    const m = createEncdec({ backend: 'wasm', width: 2, levels: 1, epochs: 1 });
    await expect(m.predict(d.x)).rejects.toThrow(/has not been fitted/);
    await expect(m.fit(d.x, { kind: 'multi', width: 64, values: new Float32Array(256) })).rejects.toThrow(/width 64, expected 128/);
    await expect(m.fit(d.x, { kind: 'multi', width: 128, values: new Float32Array(100) })).rejects.toThrow(DataError);
    const wide = { ...d.x, columns: d.x.columns.slice(0, 48) };
    await expect(m.fit(wide, d.y)).rejects.toThrow(/48 features are not a square frame/);
    await expect(createEncdec({ frame: [6, 8], levels: 2, backend: 'wasm' }).fit(wide, { kind: 'multi', width: 96, values: new Float32Array(384) })).rejects.toThrow(/sides must divide by 4/);
    await expect(createEncdec({ frame: [7, 7] }).fit(d.x, d.y)).rejects.toThrow(/encdec frame/);
  });
});
