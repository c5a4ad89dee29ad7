// Training and prediction loops shared by the tfjs models. tfjs's model.fit shuffles with an
// unseeded source, so batches are drawn here from the seeded Rng and fed to trainOnBatch;
// with seeded initializers and SeededDropout, a seed fixes the whole run on one backend.

import * as tf from '@tensorflow/tfjs';
import { Rng, permutation, type FeatureBlock } from '../../data/dataset';
import type { FitOptions } from '../types';
import { DataError } from '../../util/errors';
import { FeatureValueError } from '../inputs';

/** Rows of equal length, row-major: values[i * rowLength + k]. */
export interface RowMatrix {
  values: Float32Array;
  rows: number;
  rowLength: number;
}

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  /** Seeds the per-epoch shuffles. */
  seed: number;
  onProgress?: FitOptions['onProgress'];
  /** Called after each epoch with its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Feature block -> row-major float32, each feature multiplied by `scale` (one per column) and
 * every `pool` adjacent features averaged into one. Non-finite input is a FeatureValueError naming it
 * (the models impute NaN before: see models/inputs.ts).
 */
export function blockToRows(what: string, x: FeatureBlock, scale: Float64Array, pool = 1): RowMatrix {
  const n = x.nRows;
  const nCols = x.columns.length;
  const rowLength = Math.ceil(nCols / pool);
  const values = new Float32Array(n * rowLength);
  for (let j = 0; j < nCols; j++) {
    const col = x.columns[j];
    const s = scale[j];
    const k = Math.floor(j / pool);
    const groupSize = Math.min(pool, nCols - k * pool);
    const w = s / groupSize;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) throw new FeatureValueError(what, j, i, v);
      values[i * rowLength + k] += v * w;
    }
  }
  return { values, rows: n, rowLength };
}

/** 1 / max |x| of each column over the rows (1 for an all-zero column): scikit-learn's MaxAbsScaler. */
export function maxAbsScale(x: FeatureBlock): Float64Array {
  const scale = new Float64Array(x.columns.length);
  x.columns.forEach((col, j) => {
    let m = 0;
    for (let i = 0; i < col.length; i++) {
      const a = Math.abs(col[i]);
      if (a > m) m = a;
    }
    scale[j] = m > 0 && Number.isFinite(m) ? 1 / m : 1;
  });
  return scale;
}

/** The rows `order[start .. start+count)` of `m`, copied into a fresh buffer (tfjs may keep it). */
function gatherRows(m: RowMatrix, order: Uint32Array, start: number, count: number): Float32Array {
  const out = new Float32Array(count * m.rowLength);
  for (let b = 0; b < count; b++) {
    const r = order[start + b];
    out.set(m.values.subarray(r * m.rowLength, (r + 1) * m.rowLength), b * m.rowLength);
  }
  return out;
}

/**
 * Trains `model` for the set epochs on inputs `x` (each row reshaped to `inputShape`) against
 * one target matrix per model output (each row reshaped to that output's shape). Returns the
 * mean training loss of each epoch.
 */
export async function trainSeeded(
  model: tf.LayersModel,
  x: RowMatrix,
  inputShape: number[],
  ys: { m: RowMatrix; shape: number[] }[],
  settings: TrainSettings,
): Promise<number[]> {
  const rng = new Rng(settings.seed);
  const losses: number[] = [];
  const n = x.rows;
  const { epochs, batchSize } = settings;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(n, rng.nextU32());
    let total = 0;
    for (let start = 0, b = 0; start < n; start += batchSize, b++) {
      const count = Math.min(batchSize, n - start);
      const xs = tf.tensor(gatherRows(x, order, start, count), [count, ...inputShape]);
      const targets = ys.map((y) => tf.tensor(gatherRows(y.m, order, start, count), [count, ...y.shape]));
      const out = await model.trainOnBatch(xs, targets.length === 1 ? targets[0] : targets);
      tf.dispose([xs, ...targets]);
      const loss = Array.isArray(out) ? out[0] : out;
      if (!Number.isFinite(loss)) throw new DataError(`training diverged: loss ${loss} at epoch ${epoch + 1}, batch ${b + 1}; lower the learning rate`);
      total += loss * count;
      settings.onProgress?.((epoch + (b + 1) / batchesPerEpoch) / epochs);
    }
    losses.push(total / n);
    settings.onEpoch?.(epoch, total / n);
  }
  return losses;
}

/** Runs the model over `x` in batches; returns each output's rows, row-major. */
export function predictRows(model: tf.LayersModel, x: RowMatrix, inputShape: number[], batchSize: number): Float32Array[] {
  const widths = model.outputs.map((o) => o.shape.slice(1).reduce((a: number, d) => a * (d ?? 1), 1));
  const outs = widths.map((w) => new Float32Array(x.rows * w));
  const all = new Uint32Array(x.rows);
  for (let i = 0; i < x.rows; i++) all[i] = i;
  for (let start = 0; start < x.rows; start += batchSize) {
    const count = Math.min(batchSize, x.rows - start);
    tf.tidy(() => {
      const xs = tf.tensor(gatherRows(x, all, start, count), [count, ...inputShape]);
      const ys = model.predict(xs);
      const list = Array.isArray(ys) ? ys : [ys];
      list.forEach((y, k) => outs[k].set(y.dataSync() as Float32Array, start * widths[k]));
    });
  }
  return outs;
}

/** Independent seeds for the parts of a model (layers, shuffles), drawn from the model seed. */
export function seedStream(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.nextU32();
}
