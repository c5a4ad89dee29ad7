// Options of the NT3 1-D CNN, validated once. Defaults are CANDLE NT3's (nt3_default_model.txt:
// conv [128 x 20, 128 x 10], pool [1, 10], dense [200, 20], dropout 0.1, batch 20; Adam rather
// than its SGD 0.001, which needs hundreds of epochs);
// 'auto' width and input pooling shrink it where no GPU is present so it trains in minutes.

import type { BackendName, BackendRequest } from '../tfjs/backend';
import type { ConvImpl } from '../tfjs/layers';
import { check } from '../../util/errors';

export interface ConvBlockSpec {
  filters: number;
  kernelSize: number;
  /** Max-pooling size after the conv (1: none). */
  pool: number;
}

export interface Cnn1dOptions {
  /** TensorFlow.js backend (see initTf); default 'auto'. */
  backend?: BackendRequest;
  /** Multiplies every filter count (at least 2) and dense size (at least 16); 'auto': 1 on tensorflow-gpu, 1/8 elsewhere. */
  width?: number | 'auto';
  /** Averages every p adjacent input features into one; 'auto': 1 on tensorflow backends, else rows are pooled to at most 2048 values. */
  inputPool?: number | 'auto';
  conv?: ConvBlockSpec[];
  dense?: number[];
  dropout?: number;
  /** Default 10 (NT3 itself runs 400). */
  epochs?: number;
  batchSize?: number;
  /** Default 'adam' (learns in a few epochs); NT3 itself uses 'sgd' at 0.001 for 400 epochs. */
  /** Default 'adam' (learns in a few epochs); NT3 itself uses 'sgd' at 0.001 for 400 epochs. */
  optimizer?: 'sgd' | 'adam';
  learningRate?: number;
  /** 'auto': tfjs's Conv1D on tensorflow backends, im2col on wasm (no conv kernel gradient) and cpu (im2col is far faster). */
  convImpl?: 'auto' | ConvImpl;
}

export interface ResolvedCnn1dOptions {
  backend: BackendRequest;
  width: number | 'auto';
  inputPool: number | 'auto';
  conv: ConvBlockSpec[];
  dense: number[];
  dropout: number;
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam';
  learningRate: number;
  convImpl: 'auto' | ConvImpl;
}

export const NT3_CONV: readonly ConvBlockSpec[] = [
  { filters: 128, kernelSize: 20, pool: 1 },
  { filters: 128, kernelSize: 10, pool: 10 },
];
export const NT3_DENSE: readonly number[] = [200, 20];

/** Longest input row, after pooling, that 'auto' lets through on a CPU backend. */
export const CPU_MAX_INPUT = 2048;

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export function resolveCnn1dOptions(o: Cnn1dOptions = {}): ResolvedCnn1dOptions {
  const width = o.width ?? 'auto';
  check(width === 'auto' || (typeof width === 'number' && width > 0 && width <= 4), 'cnn1d width', width, "'auto' or a number in (0, 4]");
  const inputPool = o.inputPool ?? 'auto';
  check(inputPool === 'auto' || isPositiveInt(inputPool), 'cnn1d inputPool', inputPool, "'auto' or an integer >= 1");
  const conv = o.conv ?? NT3_CONV.map((c) => ({ ...c }));
  check(Array.isArray(conv) && conv.length >= 1, 'cnn1d conv', conv, 'a non-empty list of {filters, kernelSize, pool}');
  conv.forEach((c, i) => {
    check(isPositiveInt(c.filters) && isPositiveInt(c.kernelSize) && isPositiveInt(c.pool), `cnn1d conv[${i}]`, c, 'positive integers filters, kernelSize, pool');
  });
  const dense = o.dense ?? [...NT3_DENSE];
  check(Array.isArray(dense) && dense.every(isPositiveInt), 'cnn1d dense', dense, 'a list of positive integers');
  const dropout = o.dropout ?? 0.1;
  check(typeof dropout === 'number' && dropout >= 0 && dropout < 1, 'cnn1d dropout', dropout, 'a number in [0, 1)');
  const epochs = o.epochs ?? 10;
  check(isPositiveInt(epochs), 'cnn1d epochs', epochs, 'an integer >= 1');
  const batchSize = o.batchSize ?? 20;
  check(isPositiveInt(batchSize), 'cnn1d batchSize', batchSize, 'an integer >= 1');
  const optimizer = o.optimizer ?? 'adam';
  check(optimizer === 'sgd' || optimizer === 'adam', 'cnn1d optimizer', optimizer, "'sgd' or 'adam'");
  const learningRate = o.learningRate ?? 0.001;
  check(typeof learningRate === 'number' && learningRate > 0 && learningRate < 10, 'cnn1d learningRate', learningRate, 'a number in (0, 10)');
  const convImpl = o.convImpl ?? 'auto';
  check(convImpl === 'auto' || convImpl === 'native' || convImpl === 'im2col', 'cnn1d convImpl', convImpl, "'auto', 'native' or 'im2col'");
  return { backend: o.backend ?? 'auto', width, inputPool, conv, dense, dropout, epochs, batchSize, optimizer, learningRate, convImpl };
}

/** The width, input pooling and conv implementation once the backend and input width are known. */
export function sizeFor(o: ResolvedCnn1dOptions, backend: BackendName, nFeatures: number): { width: number; inputPool: number; convImpl: ConvImpl } {
  const onTensorflow = backend === 'tensorflow' || backend === 'tensorflow-gpu';
  const width = o.width === 'auto' ? (backend === 'tensorflow-gpu' ? 1 : 1 / 8) : o.width;
  const inputPool = o.inputPool === 'auto' ? (onTensorflow ? 1 : Math.max(1, Math.ceil(nFeatures / CPU_MAX_INPUT))) : o.inputPool;
  const convImpl = o.convImpl === 'auto' ? (onTensorflow ? 'native' : 'im2col') : o.convImpl;
  return { width, inputPool, convImpl };
}

/** A filter count scaled by the width, never below 2. */
export function scaledFilters(filters: number, width: number): number {
  return Math.max(2, Math.round(filters * width));
}

/**
 * A dense layer scaled by the width but kept at 16 units or more (or its full size if
 * smaller): a 2- or 3-unit ReLU layer under dropout dies and the net stops learning (seen).
 */
export function scaledUnits(units: number, width: number): number {
  return Math.max(Math.min(units, 16), Math.round(units * width));
}
