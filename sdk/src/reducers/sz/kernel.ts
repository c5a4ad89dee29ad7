// The hot loops: quantize one column against its predictor (encoder) and rebuild it
// (decoder). Both predict from DECODED values with the same operations in the same order,
// so the decoder reproduces every prediction bit for bit. A value that cannot be restored
// within its bound (checked on the value exactly as the decoder will return it, rounded to
// float32 where the data is float32) is stored exactly: token 0, an "outlier".

import type { FloatColumn } from '../../data/dataset';
import { BitModels, RangeDecoder, RangeEncoder } from '../entropy/rangecoder';
import type { TokenCoder } from '../entropy/symbols';
import { FormatError } from '../../util/errors';
import { PRED_LINEAR, PRED_NONE, PRED_PLANE, type CodedSpec } from './spec';
import type { SzEncodeKernel } from './wasm';
import { predict, upOfFirstRow, type PredictorInputs } from './predictors';

/** Largest quantization code; beyond it a value is an outlier (zigzag keeps tokens under 2^31). */
export const QMAX = 1 << 29;
/**
 * The check compares against a bound shrunk by 2^-50: |fl(x - x')| <= eb(1 - 2^-50) implies the
 * exact |x - x'| < eb, so the guarantee holds in exact arithmetic, not only as evaluated.
 */
const SHRINK = 1 - 2 ** -50;

/**
 * Math.round(y) for the quantizer's loops, at a fraction of its cost on Node 20: floor(y + 0.5),
 * less one where y + 0.5 rounded up past y's nearest integer (y = 0.5 - 2^-54, and odd
 * integers from 2^52 on, where k - 0.5 then rounds to k). It may return +0 where Math.round
 * returns -0, which no token and no bound check can tell apart.
 */
export function roundHalfUp(y: number): number {
  const k = Math.floor(y + 0.5);
  return k - 0.5 > y ? k - 1 : k;
}

/**
 * Bins are a hair narrower than 2 eb, so that a value midway between two bin centres is
 * still within eb of one of them after the rounding of pred + q x width.
 */
export function binWidth(eb: number): number {
  return 2 * eb * (1 - 2 ** -40);
}

export interface KernelEnv {
  f32: boolean;
  /** sz-pwrel: the working domain is log2|x|, zeros and signs are coded apart. */
  log: boolean;
  /** sz-pwrel's relative bound. */
  relBound: number;
  /** Decoded working values of the columns before this one. */
  dec: Float64Array[];
  /** Errors are scaled by this before squaring (sz-psnr's 1 / allowed RMS error): no overflow. */
  errScale: number;
  /** A zero column of the block's length (the first column's missing left neighbour). */
  zeros: Float64Array;
}

/** Exact values stored aside, in coding order. */
export class OutlierList {
  values = new Float64Array(64);
  count = 0;
  push(v: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = v;
  }
}

/**
 * Quantizes a column into tokens (0 outlier, 1 zero for sz-pwrel, then the code), fills the
 * decoded working values, and returns the sum of squared (scaled) errors of the restored values.
 * `p` is the column's predictor, made by the caller with inputsOf(j, spec, env.dec, env.zeros,
 * env.zeros, plane) (decWork need not be zeroed then: absent inputs read env.zeros): made in
 * here, from specs of several shapes, it left the JIT (Node 20) boxing the loop's doubles, a
 * heap allocation per value.
 *
 * Outside the log domain, every predictor but the block planes runs in the WebAssembly kernel
 * (sdk/assembly/sz.ts's quantize), which takes a value's first bin when it holds the bound and
 * hands every other value back to quantizeOne (the general procedure, which tries that same
 * bin first): the tokens are quantizeGeneral's, at a fraction of its time (issue 11).
 */
export function quantizeColumn(
  p: PredictorInputs,
  x: FloatColumn,
  spec: CodedSpec,
  env: KernelEnv,
  tokens: Int32Array,
  signs: Uint8Array,
  outliers: OutlierList,
  decWork: Float64Array,
  kernel: SzEncodeKernel,
): number {
  if (env.log || p.kind === PRED_PLANE) return quantizeGeneral(p, x, spec, env, tokens, signs, outliers, decWork);
  const q = new QuantizeStep(spec, env);
  const origin = p.coef[0];
  return kernel.quantize(p.kind, p.coef, q.twoEb, q.inv, q.ebCheck, q.errScale, q.f32, x, p.r0, p.r1, p.r2, p.left, tokens, decWork, (i, work) =>
    quantizeRest(q, x[i], predict(p, i, i > 0 ? work[i - 1] : upOfFirstRow(p)), origin, i, tokens, outliers, work),
  );
}

/**
 * quantizeColumn's general procedure, every value through quantizeOne: what runs for sz-pwrel
 * and the block planes, and the reference the kernel's tokens are tested against.
 */
export function quantizeGeneral(
  p: PredictorInputs,
  x: FloatColumn,
  spec: CodedSpec,
  env: KernelEnv,
  tokens: Int32Array,
  signs: Uint8Array,
  outliers: OutlierList,
  decWork: Float64Array,
): number {
  const q = new QuantizeStep(spec, env);
  const origin = p.coef[0];
  const n = x.length;
  const log = env.log;
  let prev = upOfFirstRow(p);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const pred = predict(p, i, prev);
    let token = 0;
    let work = origin;
    if (v - v === 0 && (!log || v !== 0)) {
      token = quantizeOne(q, v, pred);
      work = q.work;
      if (token !== 0) sse += q.sq;
    } else if (log && v === 0) token = 1;
    if (token === 0) outliers.push(v);
    else if (log) signs[i] = v < 0 || 1 / v < 0 ? 1 : 0;
    tokens[i] = token;
    decWork[i] = work;
    prev = work;
  }
  return sse;
}

/** A column's quantization constants, and quantizeOne's results for the value it last took. */
class QuantizeStep {
  readonly twoEb: number;
  readonly inv: number;
  readonly eb: number;
  readonly ebCheck: number;
  readonly relCheck: number;
  readonly errScale: number;
  readonly f32: boolean;
  readonly log: boolean;
  readonly signed: boolean;
  readonly base: number;
  /**
   * The working value the last value restores to (an outlier: the value itself), and for a
   * coded one its squared scaled error.
   */
  work = 0;
  sq = 0;
  constructor(spec: CodedSpec, env: KernelEnv) {
    this.eb = spec.eb;
    this.twoEb = binWidth(spec.eb);
    this.inv = spec.eb > 0 ? 1 / this.twoEb : 0;
    this.ebCheck = spec.eb * SHRINK;
    this.relCheck = env.relBound * SHRINK;
    this.errScale = env.errScale;
    this.f32 = env.f32;
    this.log = env.log;
    this.signed = spec.kind !== PRED_NONE;
    this.base = env.log ? 2 : 1;
  }
}

/**
 * The token of finite value v (nonzero for sz-pwrel) predicted as `pred`, 0 when no bin holds
 * it within the bound (an outlier); sets q.work, and for a coded value q.sq.
 */
function quantizeOne(q: QuantizeStep, v: number, pred: number): number {
  const log = q.log;
  const twoEb = q.twoEb;
  const w = log ? Math.log2(Math.abs(v)) : v;
  q.work = w;
  let k = Math.round((w - pred) * q.inv);
  // A value near a bin edge can land just outside its bound through rounding (in the
  // scaling, in 2^x, or to float32): the neighbouring bin on the value's side then holds it.
  for (let attempt = 0; attempt < 2 && Math.abs(k) <= QMAX && (q.signed || k >= 0); attempt++) {
    const recon = pred + k * twoEb;
    let fin = recon;
    if (log) fin = v < 0 ? -Math.pow(2, recon) : Math.pow(2, recon);
    if (q.f32) fin = Math.fround(fin);
    const err = Math.abs(v - fin);
    if (log ? err <= q.relCheck * Math.abs(v) : err <= q.ebCheck || (err <= q.eb && exactlyWithin(v, fin, q.eb))) {
      q.work = log ? recon : fin;
      q.sq = err > 0 ? (err * q.errScale) * (err * q.errScale) : 0;
      return (q.signed ? (k >= 0 ? 2 * k : -2 * k - 1) : k) + q.base;
    }
    k += (log ? Math.abs(fin) > Math.abs(v) : fin > v) ? -1 : 1;
  }
  return 0;
}

/** Row i, which the kernel's first bin did not settle: quantizeOne, or an outlier. */
function quantizeRest(q: QuantizeStep, v: number, pred: number, origin: number, i: number, tokens: Int32Array, outliers: OutlierList, decWork: Float64Array): number {
  const finite = v - v === 0;
  const token = finite ? quantizeOne(q, v, pred) : 0;
  tokens[i] = token;
  decWork[i] = finite ? q.work : origin;
  if (token !== 0) return q.sq;
  outliers.push(v);
  return 0;
}

/**
 * True when the exact |v - fin| is at most eb, for an |fl(v - fin)| within rounding of eb:
 * TwoSum recovers the subtraction's rounding error, which must not push the error outward.
 * Values that land exactly on a bin edge (integer data, round bounds) stay coded.
 */
function exactlyWithin(v: number, fin: number, eb: number): boolean {
  const s = v - fin;
  const bb = s - v;
  const e = v - (s - bb) + (-fin - bb);
  if (e === 0) return Math.abs(s) <= eb;
  return Math.abs(s) < eb && (s > 0 ? e < 0 : e > 0);
}

/** The largest of tokens[0..n). */
export function maxTokenOf(tokens: Int32Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) if (tokens[i] > max) max = tokens[i];
  return max;
}

/**
 * Entropy-codes one column's tokens (and sz-pwrel's signs, with fresh statistics) through
 * `model`, made ready for this column by the caller.
 */
export function codeTokens(enc: RangeEncoder, model: TokenCoder, signModel: BitModels, tokens: Int32Array, signs: Uint8Array, n: number, log: boolean): void {
  signModel.reset(1);
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    model.encode(enc, t);
    if (log && t !== 0) enc.encodeBit(signModel, 0, signs[i]);
  }
}

/** Outliers as the decoder reads them back. */
export class OutlierReader {
  private at = 0;
  constructor(private readonly values: FloatColumn) {}
  next(): number {
    if (this.at >= this.values.length) throw new FormatError(`more outliers referenced than the ${this.values.length} stored (corrupt stream)`);
    return this.values[this.at++];
  }
  get remaining(): number {
    return this.values.length - this.at;
  }
}

/** Inverse of codeTokens: column j's tokens (and sz-pwrel's signs) from the stream. */
export function decodeTokens(dec: RangeDecoder, model: TokenCoder, signModel: BitModels, tokens: Int32Array, signs: Uint8Array, n: number, log: boolean): void {
  signModel.reset(1);
  for (let i = 0; i < n; i++) {
    const t = model.decode(dec);
    tokens[i] = t;
    if (log && t !== 0) signs[i] = dec.decodeBit(signModel, 0);
  }
}

/**
 * Rebuilds a column from its decoded tokens and signs into `out` (restored values) and
 * `decWork` (working values for later predictions), `p` made by the caller as for
 * quantizeColumn. The loops are apart from the range decoder's, and sz-pwrel's apart from the
 * others: as one loop they were too large for the JIT to keep their doubles unboxed.
 */
export function reconstructColumn(
  p: PredictorInputs,
  spec: CodedSpec,
  env: KernelEnv,
  tokens: Int32Array,
  signs: Uint8Array,
  outliers: OutlierReader,
  out: FloatColumn,
  decWork: Float64Array,
): void {
  // The loops see no spec (specs come in several shapes): only numbers and typed arrays.
  const twoEb = binWidth(spec.eb);
  const signed = spec.kind !== PRED_NONE;
  if (env.log) reconstructLog(p, twoEb, signed, tokens, signs, outliers, out, decWork);
  else if (p.kind === PRED_NONE) reconstructNone(p.coef[0], twoEb, env.f32, tokens, outliers, out, decWork);
  else if (p.kind === PRED_LINEAR) reconstructLinear(p.coef, p.r0, p.r1, p.r2, twoEb, env.f32, tokens, outliers, out, decWork);
  else reconstructValues(p, twoEb, signed, env.f32, tokens, outliers, out, decWork);
}

// reconstructValues for the two predictors of most columns of a wide table, each in a loop of
// its own (as quantizeNone and quantizeLinear): the same operations in the same order, without
// predict()'s dispatch. A signed code is unzigzagged in integer operations, which give the
// same integers as reconstructValues' halving.

function reconstructNone(origin: number, twoEb: number, f32: boolean, tokens: Int32Array, outliers: OutlierReader, out: FloatColumn, decWork: Float64Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (t === 0) {
      const v = outliers.next();
      out[i] = v;
      decWork[i] = v - v === 0 ? v : origin;
    } else {
      const recon = origin + (t - 1) * twoEb;
      out[i] = recon;
      decWork[i] = f32 ? Math.fround(recon) : recon;
    }
  }
}

function reconstructLinear(c: Float64Array, r0: Float64Array, r1: Float64Array, r2: Float64Array, twoEb: number, f32: boolean, tokens: Int32Array, outliers: OutlierReader, out: FloatColumn, decWork: Float64Array): void {
  const n = out.length;
  const origin = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  for (let i = 0; i < n; i++) {
    const pred = c1 + c2 * r0[i] + c3 * r1[i] + c4 * r2[i];
    const t = tokens[i];
    if (t === 0) {
      const v = outliers.next();
      out[i] = v;
      decWork[i] = v - v === 0 ? v : origin;
    } else {
      const s = t - 1;
      const recon = pred + ((s >>> 1) ^ -(s & 1)) * twoEb;
      out[i] = recon;
      decWork[i] = f32 ? Math.fround(recon) : recon;
    }
  }
}

function reconstructValues(p: PredictorInputs, twoEb: number, signed: boolean, f32: boolean, tokens: Int32Array, outliers: OutlierReader, out: FloatColumn, decWork: Float64Array): void {
  const origin = p.coef[0];
  const n = out.length;
  let prev = upOfFirstRow(p);
  for (let i = 0; i < n; i++) {
    const pred = predict(p, i, prev);
    const t = tokens[i];
    // Each branch stores its working value, and `prev` is read back from the Float64Array: a
    // variable joining the outlier (a call's result) and the reconstruction was boxed per value.
    if (t === 0) {
      const v = outliers.next();
      out[i] = v;
      decWork[i] = v - v === 0 ? v : origin;
    } else {
      const s = t - 1;
      const q = signed ? (s & 1 ? -(s + 1) / 2 : s / 2) : s;
      const recon = pred + q * twoEb;
      out[i] = recon;
      decWork[i] = f32 ? Math.fround(recon) : recon;
    }
    prev = decWork[i];
  }
}

/**
 * sz-pwrel: tokens 1 are signed zeros, the others code log2|x| with the sign apart. Shaped like
 * reconstructValues but kept apart on purpose: merged, the loop's doubles were boxed (see reconstructColumn).
 */
function reconstructLog(p: PredictorInputs, twoEb: number, signed: boolean, tokens: Int32Array, signs: Uint8Array, outliers: OutlierReader, out: FloatColumn, decWork: Float64Array): void {
  const origin = p.coef[0];
  const n = out.length;
  let prev = upOfFirstRow(p);
  for (let i = 0; i < n; i++) {
    const pred = predict(p, i, prev);
    const t = tokens[i];
    if (t === 0) {
      const v = outliers.next();
      out[i] = v;
      decWork[i] = v - v === 0 && v !== 0 ? Math.log2(Math.abs(v)) : origin;
    } else if (t === 1) {
      out[i] = signs[i] ? -0 : 0;
      decWork[i] = origin;
    } else {
      const s = t - 2;
      const q = signed ? (s & 1 ? -(s + 1) / 2 : s / 2) : s;
      const recon = pred + q * twoEb;
      const mag = Math.pow(2, recon);
      out[i] = signs[i] ? -mag : mag;
      decWork[i] = recon;
    }
    prev = decWork[i];
  }
}
