// The `svm` reference model: a binary support-vector classifier standing in for the paper's
// MLSVM. RBF kernel by SMO (LIBSVM's algorithm) for sets up to some thousands of rows, linear
// by dual coordinate descent (LIBLINEAR's) for large ones. Inputs are median-imputed and
// standardized with statistics of the training rows; labels may be strings or numbers.

import type { FeatureBlock } from '../../data/dataset';
import { DataError, UsageError, describe } from '../../util/errors';
import { minorityLabel } from '../../metrics/quality';
import type { FitOptions, Model } from '../types';
import { kernelRow, QCache, rbfKernel, shiftedRow, subsetKernel, type RbfKernel } from './kernel';
import { solveLinear } from './linear';
import { resolveSvmOptions, type ResolvedSvmOptions, type SvmOptions } from './options';
import { fitScaler, transformRows, type Scaler } from './preprocess';
import { solveSmo } from './smo';

export type SvmTarget = Float64Array | string[];

type RbfDecision = { kind: 'rbf'; sv: RbfKernel; coef: Float64Array; rho: number };
type Decision = RbfDecision | { kind: 'linear'; w: Float64Array; bias: number };

interface Fitted {
  scaler: Scaler;
  decision: Decision;
  positive: string | number;
  negative: string | number;
  labelKind: 'string' | 'number';
}

/** What the last fit did, for reports: solver steps and whether the tolerance was reached. */
export interface SvmFitInfo {
  iterations: number;
  converged: boolean;
  /** RBF: support vectors kept; linear: 0. */
  supportVectors: number;
  gamma?: number;
}

export class Svm implements Model<SvmTarget> {
  readonly name = 'svm';
  private readonly options: ResolvedSvmOptions;
  private fitted: Fitted | null = null;
  private info: SvmFitInfo | null = null;

  constructor(options: SvmOptions = {}) {
    this.options = resolveSvmOptions(options);
  }

  async fit(x: FeatureBlock, y: SvmTarget, options: FitOptions = {}): Promise<void> {
    const o = this.options;
    const seed = options.seed ?? 0;
    if (!(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`svm seed: got ${seed}, expected a non-negative integer`);
    if (x.columns.length === 0) throw new DataError('svm fit: no feature columns');
    if (y.length !== x.nRows) throw new DataError(`svm fit: ${x.nRows} feature rows but ${y.length} target values`);
    const { positive, negative, signs } = this.encode(y);
    const scaler = fitScaler(x, o.standardize);
    const rows = transformRows(scaler, x, 'svm fit');
    const n = x.nRows;
    const d = x.columns.length;
    let decision: Decision;
    if (o.kernel === 'rbf') {
      const gamma = o.gamma === 'scale' ? scaleGamma(rows, d) : o.gamma === 'auto' ? 1 / d : o.gamma;
      const k = rbfKernel(rows, n, d, gamma, medianShift(scaler));
      const r = solveSmo(new QCache(k, signs, o.cacheMB * 1e6), signs, new Float64Array(n).fill(1), { C: o.C, tol: o.tol, maxIter: o.maxIter });
      decision = supportVectors(k, r.alpha, signs, r.rho);
      this.info = { iterations: r.iterations, converged: r.converged, supportVectors: decision.coef.length, gamma };
    } else {
      const r = solveLinear(rows, n, d, signs, { C: o.C, tol: o.tol, maxIter: o.maxIter, seed });
      decision = { kind: 'linear', w: r.w, bias: r.bias };
      this.info = { iterations: r.iterations, converged: r.converged, supportVectors: 0 };
    }
    this.fitted = { scaler, decision, positive, negative, labelKind: Array.isArray(y) ? 'string' : 'number' };
    options.onProgress?.(1, 'svm fitted');
  }

  /** Signed distance to the boundary per row: > 0 means the positive class. */
  async decisionFunction(x: FeatureBlock): Promise<Float64Array> {
    const f = this.fitted;
    if (!f) throw new UsageError('svm predict: the model is not fitted (call fit first)');
    const rows = transformRows(f.scaler, x, 'svm predict');
    return decide(f.decision, rows, x.nRows, f.scaler.nFeatures);
  }

  async predict(x: FeatureBlock): Promise<SvmTarget> {
    const dec = await this.decisionFunction(x);
    const f = this.fitted!;
    if (f.labelKind === 'number') {
      const out = new Float64Array(dec.length);
      for (let i = 0; i < dec.length; i++) out[i] = (dec[i] > 0 ? f.positive : f.negative) as number;
      return out;
    }
    const out = new Array<string>(dec.length);
    for (let i = 0; i < dec.length; i++) out[i] = String(dec[i] > 0 ? f.positive : f.negative);
    return out;
  }

  /** The positive and the negative class, once fitted. */
  classes(): { positive: string | number; negative: string | number } | null {
    return this.fitted && { positive: this.fitted.positive, negative: this.fitted.negative };
  }

  fitInfo(): SvmFitInfo | null {
    return this.info && { ...this.info };
  }

  dispose(): void {
    this.fitted = null;
  }

  private encode(y: SvmTarget): { positive: string | number; negative: string | number; signs: Int8Array } {
    const distinct = new Set<string | number>();
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (typeof v === 'number' && !Number.isFinite(v)) throw new DataError(`svm fit: target[${i}] is ${v}, expected a class label`);
      distinct.add(v);
    }
    if (distinct.size !== 2) {
      throw new DataError(`svm fit: a binary classifier needs exactly 2 classes in the target, got ${distinct.size}: ${describe([...distinct].slice(0, 5))}`);
    }
    const pos = this.options.positive ?? minorityLabel(y);
    if (!distinct.has(pos)) throw new UsageError(`svm positive: got ${describe(pos)}, expected one of the target's classes ${describe([...distinct])}`);
    const negative = [...distinct].find((c) => c !== pos)!;
    const signs = new Int8Array(y.length);
    for (let i = 0; i < y.length; i++) signs[i] = y[i] === pos ? 1 : -1;
    return { positive: pos, negative, signs };
  }
}

export function createSvm(options: SvmOptions = {}): Svm {
  return new Svm(options);
}

/** scikit-learn's gamma='scale': 1 / (features x variance of all scaled input values). */
function scaleGamma(rows: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += rows[i];
  const mean = s / rows.length;
  let ss = 0;
  for (let i = 0; i < rows.length; i++) ss += (rows[i] - mean) * (rows[i] - mean);
  const v = ss / rows.length;
  return v > 0 ? 1 / (d * v) : 1;
}

/** The training medians after scaling: subtracting them makes indicator columns sparse. */
function medianShift(s: Scaler): Float64Array {
  return Float64Array.from(s.median, (m, f) => (m - s.mean[f]) * s.invStd[f]);
}

/** Keeps the rows with a non-zero multiplier and their coefficients alpha_i y_i. */
function supportVectors(k: RbfKernel, alpha: Float64Array, y: Int8Array, rho: number): RbfDecision {
  const keep: number[] = [];
  for (let i = 0; i < alpha.length; i++) if (alpha[i] > 0) keep.push(i);
  const coef = Float64Array.from(keep, (i) => alpha[i] * y[i]);
  return { kind: 'rbf', sv: subsetKernel(k, keep), coef, rho };
}

function decide(dec: Decision, rows: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  if (dec.kind === 'linear') {
    for (let i = 0; i < n; i++) {
      let s = dec.bias;
      for (let f = 0; f < d; f++) s += dec.w[f] * rows[i * d + f];
      out[i] = s;
    }
    return out;
  }
  const a = new Float64Array(d);
  const kr = new Float64Array(dec.sv.n);
  for (let i = 0; i < n; i++) {
    kernelRow(dec.sv, a, shiftedRow(dec.sv, rows, i * d, a), kr);
    let s = -dec.rho;
    for (let m = 0; m < kr.length; m++) s += dec.coef[m] * kr[m];
    out[i] = s;
  }
  return out;
}
