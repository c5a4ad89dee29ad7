// The zfp reducers: zfp-accuracy (absolute tolerance), zfp-rel (tolerance relative to each
// column's value range, or the matrix's), zfp-precision (bit planes) and zfp-rate (bits per
// value). `columns` makes each column its own 1-D zfp stream; `matrix` one 2-D stream.
// Every zfp stream is a raw libzfp 1.0 stream; what zfp cannot do (NaN, Infinity, a value
// restored outside the tolerance) goes in a side stream as exact exceptions (see side.ts).

import { allocColumn, bytesPerValue, type DType, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import { FormatError } from '../../util/errors';
import { bytesOf, finiteRange, floatsFrom, fromRowMajor, toRowMajor } from '../layout';
import type { BlockShape, Codec, EncodedBlock, JsonObject, Layout, NormalizedConfig, ParamSpec, ReducerInfo } from '../types';
import { zfpCompress, zfpDecompress, type ZfpShape } from './array';
import { accuracyParams, precisionParams, rateParams, type ZfpParams } from './params';
import { KIND, readSide, writeSide, type StreamInfo } from './side';

type Mode = 'accuracy' | 'rel' | 'precision' | 'rate';

interface ModeDef {
  mode: Mode;
  info: ReducerInfo;
}

const LAYOUTS: readonly Layout[] = ['columns', 'matrix'];

function info(id: string, description: string, param: ParamSpec, paper: boolean): ReducerInfo {
  return { id, family: 'transform', description, lossless: false, param, layouts: LAYOUTS, defaultLayout: 'columns', paper };
}

const MODES: ModeDef[] = [
  {
    mode: 'accuracy',
    info: info(
      'zfp-accuracy',
      'zfp (libzfp 1.0 streams), fixed accuracy: every restored value within `bound` of the original.',
      { name: 'bound', description: 'absolute error tolerance', min: 1e-300, max: 1e300, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-7, 10] },
      true,
    ),
  },
  {
    mode: 'precision',
    info: info(
      'zfp-precision',
      'zfp (libzfp 1.0 streams), fixed precision: `precision` bit planes kept per block.',
      { name: 'precision', description: 'bit planes kept per block', min: 1, max: 64, scale: 'linear', integer: true, lossier: 'lower', default: 16, sweep: [4, 32] },
      true,
    ),
  },
  {
    mode: 'rate',
    info: info(
      'zfp-rate',
      'zfp (libzfp 1.0 streams), fixed rate: exactly round(4^d x rate) bits per block of 4^d values.',
      { name: 'rate', description: 'bits per value', min: 0.5, max: 64, scale: 'linear', integer: false, lossier: 'lower', default: 8, sweep: [1, 32] },
      true,
    ),
  },
  {
    mode: 'rel',
    info: info(
      'zfp-rel',
      'zfp accuracy with the tolerance relative to each column\'s value range (the matrix\'s with layout matrix): every restored value within bound x (max - min).',
      { name: 'bound', description: 'error tolerance as a fraction of the value range', min: 1e-15, max: 1, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-7, 1e-1] },
      false,
    ),
  },
];

/** The arrays a layout turns a block into, each with its zfp shape. */
function arraysOf(block: FeatureBlock, layout: Layout): { data: FloatColumn[]; shape: ZfpShape } {
  const nCols = block.columns.length;
  if (layout === 'columns') return { data: block.columns, shape: { dtype: block.dtype, nx: block.nRows, ny: 0 } };
  const empty = nCols === 0 || block.nRows === 0;
  return { data: [toRowMajor(block)], shape: empty ? { dtype: block.dtype, nx: 0, ny: 0 } : { dtype: block.dtype, nx: nCols, ny: block.nRows } };
}

function shapeOf(shape: BlockShape, layout: Layout): { count: number; zfp: ZfpShape } {
  if (layout === 'columns') return { count: shape.nCols, zfp: { dtype: shape.dtype, nx: shape.nRows, ny: 0 } };
  const empty = shape.nCols === 0 || shape.nRows === 0;
  return { count: 1, zfp: empty ? { dtype: shape.dtype, nx: 0, ny: 0 } : { dtype: shape.dtype, nx: shape.nCols, ny: shape.nRows } };
}

function lengthOf(shape: ZfpShape): number {
  return shape.ny > 0 ? shape.nx * shape.ny : shape.nx;
}

/** The zfp parameters a config implies for one stream (the `config` kind). */
function configParams(mode: Mode, config: NormalizedConfig, shape: ZfpShape): ZfpParams {
  switch (mode) {
    case 'accuracy':
      return accuracyParams(Number(config.bound));
    case 'precision':
      return precisionParams(Number(config.precision));
    case 'rate':
      return rateParams(Number(config.rate), shape.dtype, shape.ny > 0 ? 2 : 1);
    case 'rel':
      throw new FormatError('zfp-rel streams carry their own tolerance; a stream without one is not ours');
  }
}

/**
 * zfp cannot hold NaN or Infinity: each is replaced by the finite value before it (the first
 * finite value for leading ones, 0 when there is none), so the block stays smooth, and is
 * stored exactly as an exception. Returns the input itself when all values are finite.
 */
function finiteCopy(data: FloatColumn): FloatColumn {
  let i = 0;
  while (i < data.length && data[i] - data[i] === 0) i++;
  if (i === data.length) return data;
  const out = data.slice();
  let last = 0;
  for (let k = 0; k < out.length; k++) {
    if (out[k] - out[k] === 0) {
      last = out[k];
      break;
    }
  }
  for (let k = 0; k < out.length; k++) {
    if (out[k] - out[k] === 0) last = out[k];
    else out[k] = last;
  }
  return out;
}

/** Positions and exact values of what the stream cannot restore: non-finite inputs and values outside tol. */
function exceptionsOf(original: FloatColumn, restored: FloatColumn | undefined, tol: number): { positions: Uint32Array; values: Float64Array } {
  const pos: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const x = original[i];
    if (x - x !== 0) pos.push(i);
    else if (restored && !(Math.abs(restored[i] - x) <= tol)) pos.push(i);
  }
  const positions = Uint32Array.from(pos);
  const values = new Float64Array(pos.length);
  for (let k = 0; k < pos.length; k++) values[k] = original[pos[k]];
  return { positions, values };
}

/** A value of the dtype within tol of every finite value in [min, max], if there is one (near-constant arrays). */
function constantWithin(min: number, max: number, dtype: DType, tol: number): number | undefined {
  const mid = dtype === 'float32' ? Math.fround(min / 2 + max / 2) : min / 2 + max / 2;
  return max - mid <= tol && mid - min <= tol ? mid : undefined;
}

const NO_EXCEPTIONS = { positions: new Uint32Array(0), values: new Float64Array(0) };

let scratch = new Float64Array(0);

/** A reusable array for the values the encoder restores (one per reducer call would churn the GC). */
function restoredScratch(dtype: DType, n: number): FloatColumn {
  const bytes = n * bytesPerValue(dtype);
  if (scratch.byteLength < bytes) scratch = new Float64Array(Math.max(Math.ceil(bytes / 8), scratch.length * 2));
  return dtype === 'float32' ? new Float32Array(scratch.buffer, 0, n) : scratch.subarray(0, n);
}

/** zfp-accuracy and zfp-rel: tolerance `bound`, or bound x (max - min) of the finite values. */
function encodeBounded(data: FloatColumn, shape: ZfpShape, bound: number, rel: boolean): { stream: Uint8Array; info: StreamInfo } {
  const { min, max } = finiteRange(data);
  const tol = rel ? bound * (max - min) : bound;
  const constant = constantWithin(min, max, shape.dtype, tol);
  if (constant !== undefined) {
    const ex = exceptionsOf(data, undefined, tol);
    return { stream: new Uint8Array(0), info: { kind: KIND.constant, minexp: 0, value: constant, ...ex } };
  }
  const params = accuracyParams(tol);
  const restored = restoredScratch(shape.dtype, data.length);
  const stream = zfpCompress(finiteCopy(data), shape, params, 64, restored);
  // libzfp's tolerance is not a guarantee (the 30 or 62 bits of a block run out when its values
  // span many decades): check every value and keep the ones outside exactly.
  const ex = exceptionsOf(data, restored, tol);
  const bpv = bytesPerValue(shape.dtype);
  if (stream.length + ex.positions.length * (bpv + 2) >= data.length * bpv) {
    return { stream: bytesOf(data).slice(), info: { kind: KIND.raw, minexp: 0, value: 0, ...NO_EXCEPTIONS } };
  }
  const kind = rel ? KIND.accuracy : KIND.config;
  return { stream, info: { kind, minexp: rel ? params.minexp : 0, value: 0, ...ex } };
}

function encodeArray(data: FloatColumn, shape: ZfpShape, mode: Mode, config: NormalizedConfig): { stream: Uint8Array; info: StreamInfo } {
  if (mode === 'accuracy' || mode === 'rel') return encodeBounded(data, shape, Number(config.bound), mode === 'rel');
  const stream = zfpCompress(finiteCopy(data), shape, configParams(mode, config, shape));
  return { stream, info: { kind: KIND.config, minexp: 0, value: 0, ...exceptionsOf(data, undefined, Infinity) } };
}

function decodeArray(stream: Uint8Array, s: StreamInfo, shape: ZfpShape, mode: Mode, config: NormalizedConfig, what: string): FloatColumn {
  const n = lengthOf(shape);
  let out: FloatColumn;
  switch (s.kind) {
    case KIND.raw:
      return floatsFrom(stream, shape.dtype, n, what);
    case KIND.constant:
      if (stream.length !== 0) throw new FormatError(`${what}: a constant stream holds ${stream.length} bytes, expected none`);
      out = allocColumn(shape.dtype, n).fill(s.value);
      break;
    case KIND.accuracy:
      if (mode !== 'rel' && mode !== 'accuracy') throw new FormatError(`${what}: an accuracy stream in a zfp-${mode} block`);
      out = zfpDecompress(stream, shape, { ...accuracyParams(0), minexp: s.minexp }, what);
      break;
    default:
      out = zfpDecompress(stream, shape, configParams(mode, config, shape), what);
  }
  for (let k = 0; k < s.positions.length; k++) out[s.positions[k]] = s.values[k];
  return out;
}

function makeCodec(def: ModeDef): Codec {
  const { mode } = def;
  return {
    kind: 'codec',
    info: def.info,
    async encode(block, config): Promise<EncodedBlock> {
      const layout = config.layout;
      const { data, shape } = arraysOf(block, layout);
      const streams: Uint8Array[] = [];
      const infos: StreamInfo[] = [];
      for (const a of data) {
        const { stream, info } = encodeArray(a, shape, mode, config);
        streams.push(stream);
        infos.push(info);
      }
      streams.push(writeSide(infos, block.dtype));
      return { streams, meta: summary(infos) };
    },
    async decode(encoded, shape, config): Promise<FeatureBlock> {
      const layout = config.layout;
      const { count, zfp } = shapeOf(shape, layout);
      if (encoded.streams.length !== count + 1) {
        throw new FormatError(`${def.info.id}/${layout}: ${encoded.streams.length} streams, expected ${count + 1} (${count} zfp and the side stream)`);
      }
      const infos = readSide(encoded.streams[count], shape.dtype, count, lengthOf(zfp));
      const arrays = infos.map((s, j) => decodeArray(encoded.streams[j], s, zfp, mode, config, `${def.info.id} ${layout === 'columns' ? `column ${j}` : 'matrix'}`));
      if (layout === 'columns') return { dtype: shape.dtype, nRows: shape.nRows, columns: arrays };
      if (zfp.nx === 0) return { dtype: shape.dtype, nRows: shape.nRows, columns: Array.from({ length: shape.nCols }, () => allocColumn(shape.dtype, shape.nRows)) };
      return fromRowMajor(arrays[0], shape.nRows, shape.nCols);
    },
  };
}

/** What the container's metadata says about the streams: counts of each storage kind and of exceptions. */
function summary(infos: StreamInfo[]): JsonObject {
  let exceptions = 0;
  const kinds = { zfp: 0, raw: 0, constant: 0 };
  for (const s of infos) {
    exceptions += s.positions.length;
    if (s.kind === KIND.raw) kinds.raw++;
    else if (s.kind === KIND.constant) kinds.constant++;
    else kinds.zfp++;
  }
  return { format: 'libzfp 1.0 raw streams, 64-bit words', ...kinds, exceptions };
}

export const zfpAccuracy = makeCodec(MODES[0]);
export const zfpPrecision = makeCodec(MODES[1]);
export const zfpRate = makeCodec(MODES[2]);
export const zfpRel = makeCodec(MODES[3]);
