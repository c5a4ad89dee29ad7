// CANDLE NT3's 1-D CNN as a Model: each row of the feature block is one sample's gene vector,
// fed as a 1-channel sequence through Conv1D/MaxPool blocks, dense + dropout layers and a
// softmax over the classes. Features are MaxAbs-scaled on the training rows, as NT3 does.

import * as tf from '@tensorflow/tfjs';
import type { FeatureBlock } from '../../data/dataset';
import type { FitOptions, Model } from '../types';
import { initTf, hasNativeConvGradients, type BackendName } from '../tfjs/backend';
import { convLayer1d, Resample, SeededDropout, type ConvImpl } from '../tfjs/layers';
import { im2colFloats } from '../tfjs/im2col';
import { blockToRows, maxAbsScale, predictRows, seedStream, trainSeeded } from '../tfjs/train';
import { codeClasses, decodeClasses, oneHot, type ClassCoding } from './classes';
import { resolveCnn1dOptions, scaledFilters, scaledUnits, sizeFor, type Cnn1dOptions, type ResolvedCnn1dOptions } from './options';
import { DataError, UsageError } from '../../util/errors';
import { checkNoInfinity, columnMedians, imputeMissing } from '../inputs';

/** The im2col buffer one conv call may hold (bytes); beyond it wasm runs out of memory. */
const MAX_IM2COL_BYTES = 1 << 30;

/** What fit settled on, for reports and records. */
export interface Cnn1dFitInfo {
  backend: BackendName;
  width: number;
  inputPool: number;
  inputLength: number;
  convImpl: ConvImpl;
  parameters: number;
  /** Mean training loss of each epoch. */
  losses: number[];
  /** Seconds of each epoch. */
  epochSeconds: number[];
}

export class Cnn1dModel implements Model<Float64Array | string[]> {
  readonly name = 'cnn1d';
  private readonly options: ResolvedCnn1dOptions;
  private net?: tf.LayersModel;
  private coding?: ClassCoding;
  private scale?: Float64Array;
  /** Training medians: a missing (NaN) feature value is read as its column's median. */
  private medians?: Float64Array;
  private nFeatures = 0;
  private fitted?: Cnn1dFitInfo;

  constructor(options: Cnn1dOptions = {}) {
    this.options = resolveCnn1dOptions(options);
  }

  get info(): Cnn1dFitInfo | undefined {
    return this.fitted;
  }

  async fit(x0: FeatureBlock, y: Float64Array | string[], options: FitOptions = {}): Promise<void> {
    if (y.length !== x0.nRows) throw new DataError(`cnn1d fit: ${x0.nRows} feature rows but ${y.length} targets`);
    if (x0.nRows === 0 || x0.columns.length === 0) throw new DataError('cnn1d fit: no training rows or no features');
    checkNoInfinity('cnn1d fit', x0);
    const medians = columnMedians(x0);
    const x = imputeMissing(x0, medians);
    const seed = options.seed ?? 0;
    const { backend } = await initTf({ backend: this.options.backend });
    const size = sizeFor(this.options, backend, x.columns.length);
    if (size.convImpl === 'native' && !hasNativeConvGradients(backend)) {
      throw new UsageError(`cnn1d convImpl: got "native", but the ${backend} backend cannot train tfjs's Conv1D (no Conv2DBackpropFilter); use 'im2col' or 'auto'`);
    }
    const { coding, codes } = codeClasses(y);
    this.dispose();
    this.scale = maxAbsScale(x);
    this.medians = medians;
    this.nFeatures = x.columns.length;
    this.coding = coding;
    const rows = blockToRows('cnn1d fit', x, this.scale, size.inputPool);
    const nextSeed = seedStream(seed);
    this.net = this.build(rows.rowLength, coding.count, size.width, size.convImpl, nextSeed);
    const epochSeconds: number[] = [];
    let t0 = performance.now();
    const losses = await trainSeeded(this.net, rows, [rows.rowLength, 1], [{ m: oneHot(codes, coding.count), shape: [coding.count] }], {
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
    this.fitted = { backend, ...size, inputLength: rows.rowLength, parameters: this.net.countParams(), losses, epochSeconds };
  }

  async predict(x0: FeatureBlock): Promise<Float64Array | string[]> {
    if (!this.net || !this.coding || !this.scale || !this.medians || !this.fitted) throw new UsageError('cnn1d predict: the model has not been fitted');
    if (x0.columns.length !== this.nFeatures) throw new DataError(`cnn1d predict: ${x0.columns.length} features, the model was fitted on ${this.nFeatures}`);
    checkNoInfinity('cnn1d predict', x0);
    const x = imputeMissing(x0, this.medians);
    await initTf({ backend: this.fitted.backend });
    const rows = blockToRows('cnn1d predict', x, this.scale, this.fitted.inputPool);
    const [probs] = predictRows(this.net, rows, [rows.rowLength, 1], Math.max(this.options.batchSize, 64));
    return decodeClasses(probs, this.coding);
  }

  dispose(): void {
    this.net?.dispose();
    this.net = undefined;
  }

  private build(length: number, classes: number, width: number, impl: ConvImpl, nextSeed: () => number): tf.LayersModel {
    const o = this.options;
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: [length, 1] }));
    let len = length;
    let channels = 1;
    o.conv.forEach((c, i) => {
      const filters = scaledFilters(c.filters, width);
      const lout = len - c.kernelSize + 1;
      if (lout < c.pool) throw new UsageError(`cnn1d: an input of ${length} values (after inputPool) is too short for conv block ${i + 1} (kernel ${c.kernelSize}, pool ${c.pool}); lower inputPool`);
      const bytes = im2colFloats(o.batchSize, lout, c.kernelSize, channels) * 4;
      if (impl === 'im2col' && bytes > MAX_IM2COL_BYTES) {
        throw new UsageError(`cnn1d: conv block ${i + 1} would need ${(bytes / 2 ** 30).toFixed(1)} GiB of im2col buffer per batch; raise inputPool, lower width or batchSize`);
      }
      const layer = convLayer1d({ filters, kernelSize: c.kernelSize, padding: 'valid', activation: 'relu', inputGradient: i > 0, seed: nextSeed(), name: `conv${i + 1}` }, impl);
      model.add(layer);
      if (c.pool > 1) model.add(new Resample({ mode: 'maxpool1d', factor: c.pool }));
      len = Math.floor(lout / c.pool);
      channels = filters;
    });
    model.add(tf.layers.flatten());
    o.dense.forEach((units, i) => {
      model.add(tf.layers.dense({ units: scaledUnits(units, width), activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: `dense${i + 1}` }));
      if (o.dropout > 0) model.add(new SeededDropout({ rate: o.dropout, seed: nextSeed(), name: `dropout${i + 1}` }));
    });
    model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'out' }));
    const optimizer = o.optimizer === 'sgd' ? tf.train.sgd(o.learningRate) : tf.train.adam(o.learningRate);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    return model;
  }
}

export function createCnn1d(options: Cnn1dOptions = {}): Cnn1dModel {
  return new Cnn1dModel(options);
}
