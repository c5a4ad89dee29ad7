// Training time of the tfjs models per backend (no scikit-learn anchor exists for CNNs):
// seconds per epoch, samples/s and the wasm/cpu ratio, plus the quality each reaches, for
// cnn1d on the synthetic NT3-like matrix and encdec on simulated ptychography frames.
// LOSSYML_BENCH_FULL=1 adds one epoch of cnn1d at NT3's full shape (1120 x 60483).

import { createCnn1d, createEncdec, initTf, ptychoTargets, simulatePtycho, syntheticWide, type Cnn1dOptions, type EncdecOptions, type FeatureBlock, type MultiOutput } from '@lossyml/sdk';
import { printTable, fmt } from './common';

type Backend = 'wasm' | 'cpu';

interface Timing {
  backend: Backend;
  epochSeconds: number;
  samplesPerSecond: number;
}

/** The fastest epoch of a fit (epochs after the first include no warm-up). */
function bestEpoch(seconds: number[]): number {
  return Math.min(...(seconds.length > 1 ? seconds.slice(1) : seconds));
}

function accuracy(pred: Float64Array | string[], truth: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) ok++;
  return ok / truth.length;
}

/** MSE of the amplitude and phase halves, and of predicting the training mean of each. */
function ptychoMse(pred: MultiOutput, truth: MultiOutput, trainMean: [number, number]): number[] {
  const half = truth.width / 2;
  const n = (truth.values.length / truth.width) * half;
  const s = [0, 0, 0, 0];
  for (let i = 0; i < truth.values.length; i++) {
    const k = i % truth.width < half ? 0 : 1;
    s[k] += (pred.values[i] - truth.values[i]) ** 2 / n;
    s[k + 2] += (trainMean[k] - truth.values[i]) ** 2 / n;
  }
  return s;
}

function rowsOf(x: FeatureBlock, rows: number[]): FeatureBlock {
  return { dtype: x.dtype, nRows: rows.length, columns: x.columns.map((c) => Float32Array.from(rows, (r) => c[r])) };
}

async function cnn1dBench(): Promise<void> {
  const data = syntheticWide({ rows: 600, cols: 8000, seed: 1 });
  const { train, validation } = data.split({ seed: 1, validationFraction: 0.25 });
  const y = train.target!.values as Float64Array;
  const yVal = validation.target!.values as Float64Array;
  const timings: Timing[] = [];
  const quality: (string | number)[][] = [];
  // The cpu backend is 10-30x slower: it is timed for one epoch on the first 100 rows only.
  const cpuRows = Array.from({ length: 100 }, (_, i) => i);
  for (const [backend, epochs] of [['wasm', 8], ['cpu', 1]] as [Backend, number][]) {
    await initTf({ backend });
    const options: Cnn1dOptions = { backend, epochs };
    const m = createCnn1d(options);
    const x = backend === 'cpu' ? rowsOf(train, cpuRows) : train;
    await m.fit(x, backend === 'cpu' ? Float64Array.from(cpuRows, (r) => y[r]) : y, { seed: 1 });
    const info = m.info!;
    const sec = bestEpoch(info.epochSeconds);
    timings.push({ backend, epochSeconds: (sec * train.nRows) / x.nRows, samplesPerSecond: x.nRows / sec });
    if (backend === 'wasm') {
      quality.push([backend, epochs, `${info.width} / ${info.inputPool} / ${info.inputLength}`, info.parameters, accuracy(await m.predict(validation), yVal), info.losses[info.losses.length - 1]]);
    }
    m.dispose();
  }
  printTimings(`cnn1d (NT3 CNN, auto size) on syntheticWide 600 x 8000, ${train.nRows} training rows, batch 20 (cpu: scaled from 100 rows)`, timings);
  printTable('cnn1d quality on the held-out 25% (synthetic data; NT3 itself is not present)', ['backend', 'epochs', 'width / inputPool / length', 'params', 'val accuracy', 'last train loss'], quality);
}

async function cnn1dFullShape(): Promise<void> {
  const data = syntheticWide({ rows: 1120, cols: 60483, seed: 2 });
  await initTf({ backend: 'wasm' });
  const m = createCnn1d({ backend: 'wasm', epochs: 1 });
  await m.fit(data, data.target!.values as Float64Array, { seed: 1 });
  const info = m.info!;
  printTimings(`cnn1d at NT3's shape (1120 x 60483), width ${info.width}, inputPool ${info.inputPool} -> length ${info.inputLength}`, [
    { backend: 'wasm', epochSeconds: info.epochSeconds[0], samplesPerSecond: 1120 / info.epochSeconds[0] },
  ]);
  m.dispose();
}

async function encdecBench(): Promise<void> {
  const size = 32;
  const sim = simulatePtycho({ count: 640, size, seed: 1 });
  const trainRows = Array.from({ length: 512 }, (_, i) => i);
  const valRows = Array.from({ length: 128 }, (_, i) => 512 + i);
  const targets = ptychoTargets(sim);
  const pick = (rows: number[]): MultiOutput => {
    const values = new Float32Array(rows.length * targets.width);
    rows.forEach((r, i) => values.set(targets.values.subarray(r * targets.width, (r + 1) * targets.width), i * targets.width));
    return { kind: 'multi', width: targets.width, values };
  };
  const yTrain = pick(trainRows);
  const yVal = pick(valRows);
  const xTrain = rowsOf(sim.inputs, trainRows);
  const xVal = rowsOf(sim.inputs, valRows);
  const mean: [number, number] = [0, 0];
  const half = targets.width / 2;
  for (let i = 0; i < yTrain.values.length; i++) mean[i % targets.width < half ? 0 : 1] += yTrain.values[i] / (512 * half);
  const timings: Timing[] = [];
  const quality: (string | number)[][] = [];
  for (const [backend, epochs, rows] of [['wasm', 10, 512], ['cpu', 1, 96]] as [Backend, number, number][]) {
    await initTf({ backend });
    const options: EncdecOptions = { backend, epochs };
    const m = createEncdec(options);
    const sub = trainRows.slice(0, rows);
    await m.fit(rowsOf(xTrain, sub), pick(sub), { seed: 1 });
    const info = m.info!;
    const sec = bestEpoch(info.epochSeconds);
    timings.push({ backend, epochSeconds: (sec * 512) / rows, samplesPerSecond: rows / sec });
    if (backend === 'wasm') {
      const [amp, phase, ampBase, phaseBase] = ptychoMse(await m.predict(xVal), yVal, mean);
      quality.push([backend, epochs, info.width, info.parameters, amp, ampBase, phase, phaseBase]);
    }
    m.dispose();
  }
  printTimings(`encdec (PtychoNN, auto width) on simulated ${size}x${size} frames, 512 training frames, batch 32 (cpu: scaled from 96 frames)`, timings);
  printTable('encdec MSE on 128 held-out simulated frames (baseline: predict the training mean)', ['backend', 'epochs', 'width', 'params', 'amp MSE', 'amp baseline', 'phase MSE', 'phase baseline'], quality);
}

function printTimings(title: string, t: Timing[]): void {
  const cpu = t.find((r) => r.backend === 'cpu');
  printTable(title, ['backend', 'epoch s (best)', 'samples/s', 'wasm/cpu speed'], t.map((r) => [r.backend, r.epochSeconds, r.samplesPerSecond, r.backend === 'wasm' && cpu ? fmt(cpu.epochSeconds / r.epochSeconds) + 'x' : '-']));
}

async function main(): Promise<void> {
  console.log('No scikit-learn anchor exists for these CNNs; timings are single-threaded (wasm runs one thread in Node), on a shared machine.');
  await cnn1dBench();
  await encdecBench();
  if (process.env.LOSSYML_BENCH_FULL === '1') await cnn1dFullShape();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
