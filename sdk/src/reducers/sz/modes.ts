// The four SZ error-bound modes as reducers: each turns its parameter into absolute bounds
// in the working domain, per column (`columns` layout) or over the whole matrix (`matrix`).
// The layout changes only what a bound is relative to; the coding is column by column in both.

import type { FeatureBlock } from '../../data/dataset';
import type { Guarantee, Layout, NormalizedConfig, ParamSpec, ReducerInfo } from '../types';
import { finiteRange } from '../layout';
import { PREDICTOR_SETS, type PredictorSet } from './planner';
import { finiteRangesF32 } from './wasm';

export type SzMode = 'sz-abs' | 'sz-rel' | 'sz-pwrel' | 'sz-psnr';

/** Absolute bounds are capped so that twice the bound stays finite. */
const MAX_ABS = 1e300;

const boundParam = (description: string, min: number, max: number, sweep: [number, number]): ParamSpec => ({
  name: 'bound',
  description,
  min,
  max,
  scale: 'log',
  integer: false,
  lossier: 'higher',
  default: 1e-3,
  sweep,
});

const layouts: readonly Layout[] = ['columns', 'matrix'];
const predictorOption = {
  name: 'predictor',
  description:
    'Predictors the encoder may choose per column by estimated size: auto (all), none (plain quantization), rows (1-D and 2-D Lorenzo), cross (linear model on earlier columns of the row).',
  values: PREDICTOR_SETS,
  default: 'auto',
};

const GUARANTEES: Record<SzMode, Guarantee['kind']> = { 'sz-abs': 'absolute', 'sz-rel': 'range-relative', 'sz-pwrel': 'pointwise-relative', 'sz-psnr': 'psnr' };

function info(id: SzMode, description: string, param: ParamSpec): ReducerInfo {
  const guarantee = { kind: GUARANTEES[id], param: param.name } as Guarantee;
  return { id, family: 'prediction', description, lossless: false, guarantee, param, options: [predictorOption], layouts, defaultLayout: 'columns', paper: true };
}

export const SZ_INFO: Record<SzMode, ReducerInfo> = {
  'sz-abs': info(
    'sz-abs',
    'SZ-style prediction + quantization with an absolute bound: |x - x\'| <= bound for every value.',
    boundParam('absolute error bound', 1e-300, MAX_ABS, [1e-8, 1]),
  ),
  'sz-rel': info(
    'sz-rel',
    "SZ-style prediction + quantization with a value-range-relative bound: |x - x'| <= bound x (max - min) of each column (columns) or of the matrix.",
    boundParam('error bound relative to the value range', 1e-12, 1, [1e-8, 1e-1]),
  ),
  'sz-pwrel': info(
    'sz-pwrel',
    "SZ-style prediction + quantization of log2|x| with a point-wise relative bound: |x - x'| <= bound x |x|; zeros and signs exact.",
    boundParam('point-wise relative error bound', 1e-12, 0.5, [1e-8, 1e-1]),
  ),
  'sz-psnr': info('sz-psnr', 'SZ-style prediction + quantization that guarantees a PSNR of at least the asked one, per column (columns) or over the matrix.', {
    name: 'psnr',
    description: 'PSNR to reach, in dB, against the value range',
    min: 1,
    max: 320,
    scale: 'linear',
    integer: false,
    lossier: 'lower',
    default: 80,
    sweep: [40, 140],
  }),
};

export interface Bounds {
  ebs: Float64Array;
  log: boolean;
  relBound: number;
  /** sz-psnr: per column, the RMS error not to exceed (range x 10^(-psnr/20)). */
  psnrBase?: Float64Array;
}

/**
 * bound x (max - min), without overflow when max - min is not finite, and at most MAX_ABS: a
 * range beyond the largest double must not give an infinite tolerance (which the stream cannot
 * hold); a smaller tolerance than asked keeps the promise.
 */
function ofRange(bound: number, r: { min: number; max: number }): number {
  const span = r.max - r.min;
  return Math.min(Number.isFinite(span) ? bound * span : bound * r.max - bound * r.min, MAX_ABS);
}

function matrixRange(block: FeatureBlock): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const c of block.columns) {
    const r = finiteRange(c);
    if (r.finite === 0) continue;
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** Each column's range, or the matrix's range repeated, as the layout asks. */
function ranges(block: FeatureBlock, layout: Layout): { min: number; max: number }[] {
  if (layout === 'matrix') {
    const r = matrixRange(block);
    return block.columns.map(() => r);
  }
  const columns = block.columns;
  if (columns.every((c) => c instanceof Float32Array)) return finiteRangesF32(columns as Float32Array[]);
  return columns.map((c) => finiteRange(c));
}

export function boundsFor(mode: SzMode, block: FeatureBlock, config: NormalizedConfig): Bounds {
  const nCols = block.columns.length;
  if (mode === 'sz-abs') return { ebs: new Float64Array(nCols).fill(Math.min(config.bound as number, MAX_ABS)), log: false, relBound: 0 };
  if (mode === 'sz-pwrel') {
    const bound = config.bound as number;
    return { ebs: new Float64Array(nCols).fill(Math.log2(1 + bound)), log: true, relBound: bound };
  }
  const rs = ranges(block, config.layout);
  if (mode === 'sz-rel') return { ebs: Float64Array.from(rs, (r) => ofRange(config.bound as number, r)), log: false, relBound: 0 };
  // sz-psnr: PSNR >= p  <=>  MSE <= (range x 10^(-p/20))^2. A uniform error of eb has MSE
  // eb^2/3, so the first try is eb = sqrt(3) x that; the encoder checks and tightens.
  const base = Float64Array.from(rs, (r) => ofRange(10 ** (-(config.psnr as number) / 20), r));
  return { ebs: base.map((b) => b * Math.sqrt(3)), log: false, relBound: 0, psnrBase: base };
}

export function predictorsOf(config: NormalizedConfig): PredictorSet {
  return config.predictor as PredictorSet;
}
