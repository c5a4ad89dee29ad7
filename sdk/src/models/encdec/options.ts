// Options of the PtychoNN-style encoder-decoder, validated once. Defaults follow PtychoNN
// (64x64 frames, 32 filters doubling over 3 down/up levels, Adam 1e-3, batch 32); 'auto'
// width uses 8 filters where no GPU is present so it trains on a CPU in minutes.

import type { BackendName, BackendRequest } from '../tfjs/backend';
import type { ConvImpl } from '../tfjs/layers';
import { check } from '../../util/errors';

export interface EncdecOptions {
  backend?: BackendRequest;
  /** Frame height and width; each row of the features is one frame, row-major. Default: square. */
  frame?: [number, number];
  /** Filters of the first block (doubling per level); 'auto': 32 (PtychoNN) on tensorflow-gpu, 8 elsewhere. */
  width?: number | 'auto';
  /** Down (and up) blocks; frame sides must divide by 2^levels. Default 3. */
  levels?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Default 'adam' (PtychoNN's); 'sgd' is the one whose runs compare exactly across backends. */
  optimizer?: 'adam' | 'sgd';
  /** Training loss on both heads; default 'mse' (the paper's metric). */
  loss?: 'mse' | 'mae';
  convImpl?: 'auto' | ConvImpl;
}

export interface ResolvedEncdecOptions {
  backend: BackendRequest;
  frame: [number, number] | undefined;
  width: number | 'auto';
  levels: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  loss: 'mse' | 'mae';
  convImpl: 'auto' | ConvImpl;
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export function resolveEncdecOptions(o: EncdecOptions = {}): ResolvedEncdecOptions {
  const frame = o.frame;
  check(frame === undefined || (Array.isArray(frame) && frame.length === 2 && frame.every(isPositiveInt)), 'encdec frame', frame, '[height, width] in pixels');
  const width = o.width ?? 'auto';
  check(width === 'auto' || (isPositiveInt(width) && width <= 256), 'encdec width', width, "'auto' or an integer in [1, 256]");
  const levels = o.levels ?? 3;
  check(isPositiveInt(levels) && levels <= 6, 'encdec levels', levels, 'an integer in [1, 6]');
  const epochs = o.epochs ?? 10;
  check(isPositiveInt(epochs), 'encdec epochs', epochs, 'an integer >= 1');
  const batchSize = o.batchSize ?? 32;
  check(isPositiveInt(batchSize), 'encdec batchSize', batchSize, 'an integer >= 1');
  const learningRate = o.learningRate ?? 1e-3;
  check(typeof learningRate === 'number' && learningRate > 0 && learningRate < 1, 'encdec learningRate', learningRate, 'a number in (0, 1)');
  const optimizer = o.optimizer ?? 'adam';
  check(optimizer === 'adam' || optimizer === 'sgd', 'encdec optimizer', optimizer, "'adam' or 'sgd'");
  const loss = o.loss ?? 'mse';
  check(loss === 'mse' || loss === 'mae', 'encdec loss', loss, "'mse' or 'mae'");
  const convImpl = o.convImpl ?? 'auto';
  check(convImpl === 'auto' || convImpl === 'native' || convImpl === 'im2col', 'encdec convImpl', convImpl, "'auto', 'native' or 'im2col'");
  return { backend: o.backend ?? 'auto', frame, width, levels, epochs, batchSize, learningRate, optimizer, loss, convImpl };
}

/** The frame shape: as given, or the square whose area is the column count. */
export function frameFor(o: ResolvedEncdecOptions, nCols: number): [number, number] {
  if (o.frame) {
    check(o.frame[0] * o.frame[1] === nCols, 'encdec frame', o.frame, `a shape of ${nCols} pixels (the feature count)`);
    return o.frame;
  }
  const side = Math.round(Math.sqrt(nCols));
  check(side * side === nCols, 'encdec frame', undefined, `[height, width]: ${nCols} features are not a square frame`);
  return [side, side];
}

export function sizeFor(o: ResolvedEncdecOptions, backend: BackendName): { width: number; convImpl: ConvImpl } {
  const onTensorflow = backend === 'tensorflow' || backend === 'tensorflow-gpu';
  return {
    width: o.width === 'auto' ? (backend === 'tensorflow-gpu' ? 32 : 8) : o.width,
    convImpl: o.convImpl === 'auto' ? (onTensorflow ? 'native' : 'im2col') : o.convImpl,
  };
}
