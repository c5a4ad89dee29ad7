// The zfp reducers: zfp-accuracy (absolute tolerance), zfp-rel (tolerance relative to each
// column's value range, or the matrix's), zfp-precision (bit planes) and zfp-rate (bits per
// value). `columns` makes each column its own 1-D zfp stream; `matrix` one 2-D stream.
// Every zfp stream is a raw libzfp 1.0 stream; what zfp cannot do (NaN, Infinity, a value
// restored outside the tolerance, a finite value near the top of the range that zfp-precision
// or zfp-rate would restore as Infinity) goes in a side stream as exact exceptions (side.ts).

import { allocColumn, allocColumns, bytesPerValue, type DType, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import { FormatError } from '../../util/errors';
import { bytesOf, checkInto, finiteRange, floatsFrom, fromRowMajor, toRowMajor } from '../layout';
import { StreamArena } from '../stream-arena';
import type { BlockShape, Codec, EncodedBlock, Guarantee, JsonObject, Layout, NormalizedConfig, ParamSpec, ReducerInfo } from '../types';
import { zfpCompressFinite, zfpCompressWithin, zfpDecompress, zfpDecompressColumns, type ZfpShape } from './array';
import { accuracyParams, precisionParams, rateParams, type ZfpParams } from './params';
import { KIND, readSide, writeSide, type StreamInfo } from './side';

type Mode = 'accuracy' | 'rel' | 'precision' | 'rate';

interface ModeDef {
  mode: Mode;
  info: ReducerInfo;
}

const LAYOUTS: readonly Layout[] = ['columns', 'matrix'];

function info(id: string, description: string, param: ParamSpec, paper: boolean, guarantee: Guarantee): ReducerInfo {
  return { id, family: 'transform', description, lossless: false, guarantee, param, layouts: LAYOUTS, defaultLayout: 'columns', paper };
}

const MODES: ModeDef[] = [
  {
    mode: 'accuracy',
    info: info(
      'zfp-accuracy',
      'zfp (libzfp 1.0 streams), fixed accuracy: every restored value within `bound` of the original.',
      { name: 'bound', description: 'absolute error tolerance', min: 1e-300, max: 1e300, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-7, 10] },
      true,
      { kind: 'absolute', param: 'bound' },
    ),
  },
  {
    mode: 'precision',
    info: info(
      'zfp-precision',
      'zfp (libzfp 1.0 streams), fixed precision: `precision` bit planes kept per block.',
      { name: 'precision', description: 'bit planes kept per block', min: 1, max: 64, scale: 'linear', integer: true, lossier: 'lower', default: 16, sweep: [4, 32] },
      true,
      { kind: 'finite' },
    ),
  },
  {
    mode: 'rate',
    info: info(
      'zfp-rate',
      'zfp (libzfp 1.0 streams), fixed rate: exactly round(4^d x rate) bits per block of 4^d values.',
      { name: 'rate', description: 'bits per value', min: 0.5, max: 64, scale: 'linear', integer: false, lossier: 'lower', default: 8, sweep: [1, 32] },
      true,
      { kind: 'finite' },
    ),
  },
  {
    mode: 'rel',
    info: info(
      'zfp-rel',
      'zfp accuracy with the tolerance relative to each column\'s value range (the matrix\'s with layout matrix): every restored value within bound x (max - min).',
      { name: 'bound', description: 'error tolerance as a fraction of the value range', min: 1e-15, max: 1, scale: 'log', integer: false, lossier: 'higher', default: 1e-3, sweep: [1e-7, 1e-1] },
      false,
      { kind: 'range-relative', param: 'bound' },
    ),
  },
];

/**
 * The values of one zfp array: a column, the row-major matrix, or, when every value is finite,
 * the matrix as its columns (read in place: no transposed copy).
 */
type Values = FloatColumn | FloatColumn[];

interface Encoded {
  stream: Uint8Array;
  info: StreamInfo;
  /** Finite values stored exactly because zfp could not restore them (outside the bound, or overflowed). */
  exact: number;
}

interface ArrayIn {
  data: Values;
  range: Range;
}

interface Range {
  min: number;
  max: number;
  finite: number;
}

/**
 * The arrays a layout turns a block into, with their finite ranges and their zfp shape. A
 * column's range is found as it is coded (arrayAt), while the column is still in cache for the
 * encoder's pass: a first pass over all columns would read a wide table from memory twice.
 */
function arraysOf(block: FeatureBlock, layout: Layout): { count: number; arrayAt: (k: number) => ArrayIn; shape: ZfpShape } {
  const nCols = block.columns.length;
  if (layout === 'columns') {
    return { count: nCols, arrayAt: (k) => ({ data: block.columns[k], range: rangeOf(block.columns[k]) }), shape: { dtype: block.dtype, nx: block.nRows, ny: 0 } };
  }
  let a: ArrayIn;
  let shape: ZfpShape;
  if (nCols === 0 || block.nRows === 0) {
    a = { data: toRowMajor(block), range: finiteRange([]) };
    shape = { dtype: block.dtype, nx: 0, ny: 0 };
  } else {
    const range = matrixRange(block.columns);
    a = { data: range.finite === nCols * block.nRows ? block.columns : toRowMajor(block), range };
    shape = { dtype: block.dtype, nx: nCols, ny: block.nRows };
  }
  return { count: 1, arrayAt: () => a, shape };
}

/**
 * finiteRange, faster where all values are finite (the common case): a new minimum is not a new
 * maximum, and a value that is neither nor equal to itself is NaN (V8 keeps this loop to about
 * one compare per value); an infinite value shows in min or max. Even and odd positions keep
 * their own extremes, two chains of compares instead of one. Ties (0 and -0) keep the first
 * value of their chain: an all-zero column's min and max are its first value.
 */
function rangeOf(c: FloatColumn): Range {
  const n = c.length;
  if (n === 0) return finiteRange(c);
  let min = c[0];
  let max = min;
  let min2 = n > 1 ? c[1] : min;
  let max2 = min2;
  let nan = false;
  let i = 2;
  for (; i + 1 < n; i += 2) {
    const v = c[i];
    const w = c[i + 1];
    if (v < min) min = v;
    else if (v > max) max = v;
    else if (v !== v) nan = true;
    if (w < min2) min2 = w;
    else if (w > max2) max2 = w;
    else if (w !== w) nan = true;
  }
  if (i < n) {
    const v = c[i];
    if (v < min) min = v;
    else if (v > max) max = v;
    else if (v !== v) nan = true;
  }
  if (min2 < min) min = min2;
  if (max2 > max) max = max2;
  if (nan || min2 !== min2 || min - min !== 0 || max - max !== 0) return finiteRange(c);
  return { min, max, finite: n };
}

function matrixRange(columns: FloatColumn[]): Range {
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  for (const c of columns) {
    const r = rangeOf(c);
    if (r.finite === 0) continue;
    finite += r.finite;
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
  }
  return finite === 0 ? { min: 0, max: 0, finite } : { min, max, finite };
}

function sizeOf(v: Values): number {
  return Array.isArray(v) ? v.length * (v.length > 0 ? v[0].length : 0) : v.length;
}

/** Value i in row-major order (matrix columns: i = row x nCols + column). */
function valueAt(v: Values, i: number): number {
  if (!Array.isArray(v)) return v[i];
  const n = v.length;
  return v[i % n][Math.floor(i / n)];
}

function rowMajorBytes(v: Values, dtype: DType, arena: StreamArena): Uint8Array {
  if (!Array.isArray(v)) return arena.copy(bytesOf(v));
  return bytesOf(toRowMajor({ dtype, nRows: v.length > 0 ? v[0].length : 0, columns: v }));
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

/**
 * Positions and exact values of what the stream cannot restore: the non-finite inputs (when
 * `finite` says there are some) and the given positions restored outside the bound (increasing).
 */
function exceptionsOf(original: Values, finite: number, outside: Uint32Array = NO_POSITIONS): { positions: Uint32Array; values: Float64Array } {
  let positions = outside;
  // Matrix columns are read in place only when all values are finite.
  if (finite < original.length && !Array.isArray(original)) {
    const pos: number[] = [];
    let k = 0;
    for (let i = 0; i < original.length; i++) {
      const x = original[i];
      const out = k < outside.length && outside[k] === i;
      if (out) k++;
      if (out || x - x !== 0) pos.push(i);
    }
    positions = Uint32Array.from(pos);
  }
  if (positions.length === 0) return NO_EXCEPTIONS;
  const values = new Float64Array(positions.length);
  for (let k = 0; k < positions.length; k++) values[k] = valueAt(original, positions[k]);
  return { positions, values };
}

/** A value of the dtype within tol of every finite value in [min, max], if there is one (near-constant arrays). */
function constantWithin(min: number, max: number, dtype: DType, tol: number): number | undefined {
  const mid = dtype === 'float32' ? Math.fround(min / 2 + max / 2) : min / 2 + max / 2;
  return max - mid <= tol && mid - min <= tol ? mid : undefined;
}

const NO_POSITIONS = new Uint32Array(0);
const EMPTY = new Uint8Array(0);
const NO_EXCEPTIONS = { positions: NO_POSITIONS, values: new Float64Array(0) };

/**
 * zfp-rel's tolerance, bound x (max - min), computed without overflow where max - min exceeds
 * the largest double (an infinite tolerance would let every value go), and at most that double.
 */
export function relTolerance(bound: number, min: number, max: number): number {
  const span = max - min;
  return Math.min(Number.isFinite(span) ? bound * span : bound * max - bound * min, Number.MAX_VALUE);
}

/** zfp-accuracy and zfp-rel: tolerance `bound`, or relTolerance of the finite values. */
function encodeBounded({ data, range }: ArrayIn, shape: ZfpShape, bound: number, rel: boolean, arena: StreamArena): Encoded {
  const { min, max, finite } = range;
  const n = sizeOf(data);
  const tol = rel ? relTolerance(bound, min, max) : bound;
  const constant = constantWithin(min, max, shape.dtype, tol);
  if (constant !== undefined) {
    const ex = exceptionsOf(data, finite);
    return { stream: EMPTY, info: { kind: KIND.constant, minexp: 0, value: constant, ...ex }, exact: 0 };
  }
  const params = accuracyParams(tol);
  // libzfp's tolerance is not a guarantee (the 30 or 62 bits of a block run out when its values
  // span many decades): every value is checked (most blocks by their exponent alone) and the
  // ones outside are kept exactly.
  const { stream, outside } = zfpCompressWithin(finiteInput(data, finite), shape, params, tol, arena);
  const ex = exceptionsOf(data, finite, outside);
  const bpv = bytesPerValue(shape.dtype);
  if (stream.length + ex.positions.length * (bpv + 2) >= n * bpv) {
    return { stream: rowMajorBytes(data, shape.dtype, arena), info: { kind: KIND.raw, minexp: 0, value: 0, ...NO_EXCEPTIONS }, exact: 0 };
  }
  const kind = rel ? KIND.accuracy : KIND.config;
  return { stream, info: { kind, minexp: rel ? params.minexp : 0, value: 0, ...ex }, exact: outside.length };
}

/**
 * Magnitudes below which zfp-precision and zfp-rate cannot overflow: a block's restored values
 * stay within a few powers of two of its largest one (the transform's growth), and 2^8 below
 * the top of the exponent range leaves room for it. Columns reaching this far are decoded once
 * to find the values restored as Infinity or NaN.
 */
const OVERFLOW_FREE = { float64: 2 ** 1015, float32: 2 ** 119 };

/** Positions (row-major, increasing) of finite values that `stream` restores as non-finite. */
function overflowed(stream: Uint8Array, a: ArrayIn, shape: ZfpShape, params: ZfpParams): Uint32Array {
  const { min, max } = a.range;
  if (Math.max(-min, max) < OVERFLOW_FREE[shape.dtype]) return NO_POSITIONS;
  const what = 'zfp overflow check';
  const back: Values = Array.isArray(a.data) ? zfpDecompressColumns(stream, shape, params, what) : zfpDecompress(stream, shape, params, what);
  const pos: number[] = [];
  const n = sizeOf(a.data);
  for (let i = 0; i < n; i++) {
    const x = valueAt(a.data, i);
    const y = valueAt(back, i);
    if (x - x === 0 && y - y !== 0) pos.push(i);
  }
  return Uint32Array.from(pos);
}

/** What zfp reads: the values, or with non-finite ones (never matrix columns) a finite copy. */
function finiteInput(data: Values, finite: number): Values {
  return Array.isArray(data) || finite === data.length ? data : finiteCopy(data);
}

function encodeArray(a: ArrayIn, shape: ZfpShape, mode: Mode, config: NormalizedConfig, arena: StreamArena): Encoded {
  if (mode === 'accuracy' || mode === 'rel') return encodeBounded(a, shape, Number(config.bound), mode === 'rel', arena);
  const params = configParams(mode, config, shape);
  const stream = zfpCompressFinite(finiteInput(a.data, a.range.finite), shape, params, arena);
  const over = overflowed(stream, a, shape, params);
  return { stream, info: { kind: KIND.config, minexp: 0, value: 0, ...exceptionsOf(a.data, a.range.finite, over) }, exact: over.length };
}

/** The zfp parameters of a stored zfp stream (the accuracy kind carries its own minexp). */
function streamParams(s: StreamInfo, shape: ZfpShape, mode: Mode, config: NormalizedConfig, what: string): ZfpParams {
  if (s.kind !== KIND.accuracy) return configParams(mode, config, shape);
  if (mode !== 'rel' && mode !== 'accuracy') throw new FormatError(`${what}: an accuracy stream in a zfp-${mode} block`);
  return { ...accuracyParams(0), minexp: s.minexp };
}

/** A zfp stream is whole 64-bit words: a stream cut inside its padding would otherwise decode. */
function checkWords(stream: Uint8Array, what: string): void {
  if (stream.length % 8 !== 0) throw new FormatError(`${what}: ${stream.length} bytes is not a whole number of 64-bit words (truncated or padded)`);
}

function checkConstant(stream: Uint8Array, what: string): void {
  if (stream.length !== 0) throw new FormatError(`${what}: a constant stream holds ${stream.length} bytes, expected none`);
}

/** One array's values, written into `into` when given (of the array's length and dtype). */
function decodeArray(stream: Uint8Array, s: StreamInfo, shape: ZfpShape, mode: Mode, config: NormalizedConfig, what: string, into?: FloatColumn): FloatColumn {
  const n = lengthOf(shape);
  let out: FloatColumn;
  if (s.kind === KIND.raw) {
    const raw = floatsFrom(stream, shape.dtype, n, what);
    if (!into) return raw;
    bytesOf(into).set(bytesOf(raw));
    return into;
  }
  if (s.kind === KIND.constant) {
    checkConstant(stream, what);
    out = (into ?? allocColumn(shape.dtype, n)).fill(s.value);
  } else {
    checkWords(stream, what);
    out = zfpDecompress(stream, shape, streamParams(s, shape, mode, config, what), what, into);
  }
  for (let k = 0; k < s.positions.length; k++) out[s.positions[k]] = s.values[k];
  return out;
}

/** decodeArray for a non-empty matrix (nx = columns, ny = rows), straight into its columns (`into`'s when given). */
function decodeMatrix(stream: Uint8Array, s: StreamInfo, shape: ZfpShape, mode: Mode, config: NormalizedConfig, what: string, into?: FloatColumn[]): FloatColumn[] {
  const nx = shape.nx;
  let out: FloatColumn[];
  if (s.kind === KIND.raw) return fromRowMajor(floatsFrom(stream, shape.dtype, nx * shape.ny, what), shape.ny, nx, into).columns;
  if (s.kind === KIND.constant) {
    checkConstant(stream, what);
    out = into ? into.map((c) => c.fill(s.value)) : Array.from({ length: nx }, () => allocColumn(shape.dtype, shape.ny).fill(s.value));
  } else {
    checkWords(stream, what);
    out = zfpDecompressColumns(stream, shape, streamParams(s, shape, mode, config, what), what, into);
  }
  for (let k = 0; k < s.positions.length; k++) {
    const i = s.positions[k];
    out[i % nx][Math.floor(i / nx)] = s.values[k];
  }
  return out;
}

function makeCodec(def: ModeDef): Codec {
  const { mode } = def;
  return {
    kind: 'codec',
    info: def.info,
    async encode(block, config): Promise<EncodedBlock> {
      const layout = config.layout;
      const { count, arrayAt, shape } = arraysOf(block, layout);
      const streams: Uint8Array[] = [];
      const infos: StreamInfo[] = [];
      const arena = new StreamArena();
      let exact = 0;
      for (let k = 0; k < count; k++) {
        const e = encodeArray(arrayAt(k), shape, mode, config, arena);
        streams.push(e.stream);
        infos.push(e.info);
        exact += e.exact;
      }
      streams.push(writeSide(infos, block.dtype));
      return { streams, meta: { ...summary(infos), storedExactly: exact } };
    },
    async decode(encoded, shape, config, into): Promise<FeatureBlock> {
      const layout = config.layout;
      const out = checkInto(encoded, shape, into, def.info.id);
      const { count, zfp } = shapeOf(shape, layout);
      if (encoded.streams.length !== count + 1) {
        throw new FormatError(`${def.info.id}/${layout}: ${encoded.streams.length} streams, expected ${count + 1} (${count} zfp and the side stream)`);
      }
      const infos = readSide(encoded.streams[count], shape.dtype, count, lengthOf(zfp));
      if (layout === 'columns') {
        const columns = out ?? allocColumns(shape.dtype, shape.nRows, count);
        infos.forEach((s, j) => decodeArray(encoded.streams[j], s, zfp, mode, config, `${def.info.id} column ${j}`, columns[j]));
        return { dtype: shape.dtype, nRows: shape.nRows, columns };
      }
      if (zfp.nx === 0) {
        decodeArray(encoded.streams[0], infos[0], zfp, mode, config, `${def.info.id} matrix`);
        return { dtype: shape.dtype, nRows: shape.nRows, columns: out ?? Array.from({ length: shape.nCols }, () => allocColumn(shape.dtype, shape.nRows)) };
      }
      return { dtype: shape.dtype, nRows: shape.nRows, columns: decodeMatrix(encoded.streams[0], infos[0], zfp, mode, config, `${def.info.id} matrix`, out) };
    },
  };
}

/**
 * What the container's metadata says about the streams: counts of each storage kind and of
 * exceptions (non-finite values, and the finite ones of `storedExactly`, added by encode).
 */
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
