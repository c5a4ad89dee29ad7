// The reducer contract: every one of the paper's 17 methods (and our extras) is addressed by
// a JSON config {id, ...parameters, layout}, describes its own parameters so that the
// searcher and the CLI need no per-method code, and is either a Codec or a RowSampler.

import type { DType, FeatureBlock, FloatColumn } from '../data/dataset';

export type Layout = 'columns' | 'matrix';
export const LAYOUTS: readonly Layout[] = ['columns', 'matrix'];

export type Family = 'identity' | 'lossless' | 'sampling' | 'truncation' | 'prediction' | 'transform';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A numeric parameter. Its `name` is the config key and the CLI flag (--bound, --level, --k ...). */
export interface ParamSpec {
  name: string;
  description: string;
  min: number;
  max: number;
  /** Log scale for bounds spanning decades; linear for levels, bits, rates. */
  scale: 'log' | 'linear';
  integer: boolean;
  /** Which direction loses more information; 'none' for lossless codecs (level trades speed for size). */
  lossier: 'higher' | 'lower' | 'none';
  default: number;
  /** The sub-range worth sweeping, when narrower than [min, max]. */
  sweep?: [number, number];
}

/** A categorical option such as a shuffle filter. */
export interface OptionSpec {
  name: string;
  description: string;
  values: readonly string[];
  default: string;
}

/**
 * What a lossy codec promises about every restored value, in terms a test or a user can check
 * without per-method code (lossless codecs promise every bit: `lossless`; samplers keep the
 * rows they choose exactly). Every lossy kind also restores NaN as NaN and each infinity as
 * itself, and a finite value as a finite one.
 *  - absolute: |x - x'| <= config[param].
 *  - range-relative: |x - x'| <= config[param] x (max - min) of the finite values of the column
 *    (layout columns) or of the matrix (layout matrix); where max - min overflows, computed as
 *    p x max - p x min; never more than the largest double.
 *  - pointwise-relative: |x - x'| <= config[param] x |x|; zeros and signs exact.
 *  - psnr: the PSNR of each column (columns) or of the matrix, against the range of its finite
 *    values, is at least config[param] dB.
 *  - rounding: |x - x'| <= max(relative x |x|, absolute); a column holding a finite value of
 *    magnitude overflowAt or more (the format would make it Infinity) is refused (DataError).
 *  - finite: no bound on the error (zfp-precision, zfp-rate).
 */
export type Guarantee =
  | { kind: 'absolute' | 'range-relative' | 'pointwise-relative' | 'psnr'; param: string }
  | { kind: 'rounding'; relative: number; absolute: number; overflowAt: number }
  | { kind: 'finite' };

export interface ReducerInfo {
  id: string;
  family: Family;
  description: string;
  /** True when every restored bit equals the input (none, gzip, lz4, zstd, blosclz, fpzip). */
  lossless: boolean;
  /** What a lossy codec promises about each restored value (every lossy codec states one). */
  guarantee?: Guarantee;
  /** The parameter a sweep varies (absent for parameterless methods such as none or truncate32). */
  param?: ParamSpec;
  /** Other numeric settings (a seed, a back-end level), validated like `param` but not swept. */
  settings?: ParamSpec[];
  options?: OptionSpec[];
  layouts: readonly Layout[];
  defaultLayout: Layout;
  /** One of the 17 methods of the paper's Table II. */
  paper: boolean;
}

/** What a user writes: {"id": "zstd", "level": 19, "layout": "columns"}. */
export interface ReducerConfig {
  id: string;
  layout?: Layout;
  [key: string]: string | number | boolean | undefined;
}

/** A config after validation: every parameter, setting and option filled in. */
export interface NormalizedConfig {
  id: string;
  layout: Layout;
  [key: string]: string | number;
}

export interface BlockShape {
  nRows: number;
  nCols: number;
  dtype: DType;
}

/** What a codec produces: byte streams plus small JSON metadata (both go in the container). */
export interface EncodedBlock {
  streams: Uint8Array[];
  meta: JsonObject;
}

/** Compresses feature columns to bytes and restores them. Decode must refuse malformed input with a FormatError. */
export interface Codec {
  readonly kind: 'codec';
  readonly info: ReducerInfo;
  encode(block: FeatureBlock, config: NormalizedConfig): Promise<EncodedBlock>;
  /**
   * `into` (numcodecs' `out`): nCols arrays of nRows values of the block's dtype to restore into,
   * whose old values are overwritten (and unspecified after a refused stream); the block
   * returned then has exactly those arrays as its columns. A sweep that decodes many
   * configurations of one table can pass the same arrays each time instead of paying for fresh
   * memory, which is a large part of a wide table's decode. Every codec checks it first
   * (layout.ts's checkInto); the contract suite holds each registered codec to it.
   */
  decode(encoded: EncodedBlock, shape: BlockShape, config: NormalizedConfig, into?: FloatColumn[]): Promise<FeatureBlock>;
}

/** Reduces the training rows instead of the values: the chosen rows are stored as they are. */
export interface RowSampler {
  readonly kind: 'sampler';
  readonly info: ReducerInfo;
  /** Row indices to keep, in order; repeats allowed (with replacement). Deterministic in config.seed. */
  selectRows(nRows: number, config: NormalizedConfig): Uint32Array;
}

export type Reducer = Codec | RowSampler;
