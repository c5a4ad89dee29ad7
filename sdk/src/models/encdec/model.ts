// PtychoNN's two-headed convolutional encoder-decoder as a Model: each feature row is one
// diffraction frame; one encoder (conv-conv-maxpool blocks) feeds two decoders (conv-conv-
// upsample blocks) that give the object's amplitude (sigmoid) and phase (tanh x pi).

import * as tf from '@tensorflow/tfjs';
import type { FeatureBlock } from '../../data/dataset';
import type { FitOptions, Model, MultiOutput } from '../types';
import { initTf, hasNativeConvGradients, type BackendName } from '../tfjs/backend';
import { convLayer2d, Resample, Scale, type ConvImpl, type ConvSpec } from '../tfjs/layers';
import { blockToRows, predictRows, seedStream, trainSeeded, type RowMatrix } from '../tfjs/train';
import { frameFor, resolveEncdecOptions, sizeFor, type EncdecOptions, type ResolvedEncdecOptions } from './options';
import { DataError, UsageError } from '../../util/errors';
import { checkNoInfinity, columnMedians, imputeMissing } from '../inputs';

export interface EncdecFitInfo {
  backend: BackendName;
  frame: [number, number];
  width: number;
  convImpl: ConvImpl;
  parameters: number;
  /** Mean training loss (amplitude + phase) of each epoch. */
  losses: number[];
  epochSeconds: number[];
}

export class EncdecModel implements Model<MultiOutput> {
  readonly name = 'encdec';
  private readonly options: ResolvedEncdecOptions;
  private net?: tf.LayersModel;
  private inputScale = 1;
  private fitted?: EncdecFitInfo;
  /** Training medians: a missing (NaN) pixel is read as its column's median. */
  private medians?: Float64Array;

  constructor(options: EncdecOptions = {}) {
    this.options = resolveEncdecOptions(options);
  }

  get info(): EncdecFitInfo | undefined {
    return this.fitted;
  }

  async fit(x0: FeatureBlock, y: MultiOutput, options: FitOptions = {}): Promise<void> {
    if (x0.nRows === 0) throw new DataError('encdec fit: no training rows');
    checkNoInfinity('encdec fit', x0);
    const medians = columnMedians(x0);
    const x = imputeMissing(x0, medians);
    const frame = frameFor(this.options, x.columns.length);
    const pixels = frame[0] * frame[1];
    checkTargets(y, x.nRows, pixels);
    const step = 2 ** this.options.levels;
    if (frame[0] % step !== 0 || frame[1] % step !== 0) {
      throw new UsageError(`encdec levels: ${this.options.levels} levels halve the frame ${this.options.levels} times, so its sides must divide by ${step}; got ${frame[0]}x${frame[1]}`);
    }
    const { backend } = await initTf({ backend: this.options.backend });
    const size = sizeFor(this.options, backend);
    if (size.convImpl === 'native' && !hasNativeConvGradients(backend)) {
      throw new UsageError(`encdec convImpl: got "native", but the ${backend} backend cannot train tfjs's Conv2D (no Conv2DBackpropFilter); use 'im2col' or 'auto'`);
    }
    this.dispose();
    this.inputScale = 1 / globalMaxAbs(x);
    this.medians = medians;
    const rows = blockToRows('encdec fit', x, new Float64Array(x.columns.length).fill(this.inputScale));
    const nextSeed = seedStream(options.seed ?? 0);
    this.net = this.build(frame, size.width, size.convImpl, nextSeed);
    const [amplitude, phase] = splitTargets(y, pixels);
    const epochSeconds: number[] = [];
    let t0 = performance.now();
    const losses = await trainSeeded(this.net, rows, [frame[0], frame[1], 1], [
      { m: amplitude, shape: [frame[0], frame[1], 1] },
      { m: phase, shape: [frame[0], frame[1], 1] },
    ], {
      epochs: this.options.epochs,
      batchSize: this.options.batchSize,
      seed: nextSeed(),
      onProgress: options.onProgress,
      onEpoch: () => {
        const t = performance.now();
        epochSeconds.push((t - t0) / 1000);
        t0 = t;
      },
    });
    this.fitted = { backend, frame, ...size, parameters: this.net.countParams(), losses, epochSeconds };
  }

  async predict(x0: FeatureBlock): Promise<MultiOutput> {
    if (!this.net || !this.fitted || !this.medians) throw new UsageError('encdec predict: the model has not been fitted');
    const { frame } = this.fitted;
    const pixels = frame[0] * frame[1];
    if (x0.columns.length !== pixels) throw new DataError(`encdec predict: ${x0.columns.length} features, the model takes ${frame[0]}x${frame[1]} frames`);
    checkNoInfinity('encdec predict', x0);
    const x = imputeMissing(x0, this.medians);
    await initTf({ backend: this.fitted.backend });
    const rows = blockToRows('encdec predict', x, new Float64Array(pixels).fill(this.inputScale));
    const [amp, pha] = predictRows(this.net, rows, [frame[0], frame[1], 1], this.options.batchSize);
    const values = new Float32Array(x.nRows * 2 * pixels);
    for (let i = 0; i < x.nRows; i++) {
      values.set(amp.subarray(i * pixels, (i + 1) * pixels), i * 2 * pixels);
      values.set(pha.subarray(i * pixels, (i + 1) * pixels), i * 2 * pixels + pixels);
    }
    return { kind: 'multi', width: 2 * pixels, values };
  }

  dispose(): void {
    this.net?.dispose();
    this.net = undefined;
  }

  private build(frame: [number, number], width: number, impl: ConvImpl, nextSeed: () => number): tf.LayersModel {
    const { levels } = this.options;
    const conv = (filters: number, activation: ConvSpec['activation'], inputGradient = true) =>
      convLayer2d({ filters, kernelSize: 3, padding: 'same', activation, inputGradient, seed: nextSeed() }, impl);
    const input = tf.input({ shape: [frame[0], frame[1], 1] });
    let h: tf.SymbolicTensor = input;
    for (let l = 0; l < levels; l++) {
      const filters = width * 2 ** l;
      h = conv(filters, 'relu', l > 0).apply(h) as tf.SymbolicTensor;
      h = conv(filters, 'relu').apply(h) as tf.SymbolicTensor;
      h = new Resample({ mode: 'maxpool2d', factor: 2 }).apply(h) as tf.SymbolicTensor;
    }
    const decoder = (head: 'sigmoid' | 'tanh'): tf.SymbolicTensor => {
      let d = h;
      for (let l = levels - 1; l >= 0; l--) {
        const filters = width * 2 ** l;
        d = conv(filters, 'relu').apply(d) as tf.SymbolicTensor;
        d = conv(filters, 'relu').apply(d) as tf.SymbolicTensor;
        d = new Resample({ mode: 'upsample2d', factor: 2 }).apply(d) as tf.SymbolicTensor;
      }
      return conv(1, head).apply(d) as tf.SymbolicTensor;
    };
    const amplitude = decoder('sigmoid');
    const phase = new Scale({ factor: Math.PI, name: 'phase' }).apply(decoder('tanh')) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [amplitude, phase] });
    const loss = this.options.loss === 'mse' ? 'meanSquaredError' : 'meanAbsoluteError';
    const { optimizer, learningRate } = this.options;
    model.compile({ optimizer: optimizer === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate), loss: [loss, loss] });
    return model;
  }
}

function checkTargets(y: MultiOutput, rows: number, pixels: number): void {
  if (!y || y.kind !== 'multi') throw new DataError('encdec target: expected a MultiOutput (amplitude then phase per row)');
  if (y.width !== 2 * pixels) throw new DataError(`encdec target: width ${y.width}, expected ${2 * pixels} (amplitude then phase of ${pixels} pixels)`);
  if (y.values.length !== rows * y.width) throw new DataError(`encdec target: ${y.values.length} values for ${rows} rows of width ${y.width}`);
  for (let i = 0; i < y.values.length; i++) {
    if (!Number.isFinite(y.values[i])) throw new DataError(`encdec target: row ${Math.floor(i / y.width)}, output ${i % y.width} is ${y.values[i]}`);
  }
}

function splitTargets(y: MultiOutput, pixels: number): [RowMatrix, RowMatrix] {
  const rows = y.values.length / y.width;
  const amp = new Float32Array(rows * pixels);
  const pha = new Float32Array(rows * pixels);
  for (let i = 0; i < rows; i++) {
    amp.set(y.values.subarray(i * y.width, i * y.width + pixels), i * pixels);
    pha.set(y.values.subarray(i * y.width + pixels, (i + 1) * y.width), i * pixels);
  }
  return [
    { values: amp, rows, rowLength: pixels },
    { values: pha, rows, rowLength: pixels },
  ];
}

/** The largest |value| over all columns (1 when all are zero). */
function globalMaxAbs(x: FeatureBlock): number {
  let m = 0;
  for (const col of x.columns) {
    for (let i = 0; i < col.length; i++) {
      const a = Math.abs(col[i]);
      if (a > m) m = a;
    }
  }
  return m > 0 && Number.isFinite(m) ? m : 1;
}

export function createEncdec(options: EncdecOptions = {}): EncdecModel {
  return new EncdecModel(options);
}
