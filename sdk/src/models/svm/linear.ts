// The linear SVM solver of LIBLINEAR (Hsieh et al. 2008): dual coordinate descent for the
// L2-regularized squared-hinge loss with shrinking, as scikit-learn's LinearSVC (whose
// defaults it follows: the intercept is a regularized constant feature of value 1).
// One pass costs O(n d), so it suits sets far too large for a kernel SVM.

import { Rng } from '../../data/dataset';

// Module constants, not the global Math, in the per-row path (global lookups are slow under jest's vm context).
const { abs, max } = Math;

export interface LinearParams {
  C: number;
  tol: number;
  maxIter: number;
  seed: number;
}

export interface LinearResult {
  /** Weights of the d features; the decision is w.x + bias. */
  w: Float64Array;
  bias: number;
  iterations: number;
  converged: boolean;
}

export function solveLinear(x: Float64Array, n: number, d: number, y: Int8Array, p: LinearParams): LinearResult {
  const w = new Float64Array(d);
  let bias = 0;
  const alpha = new Float64Array(n);
  // The squared hinge adds 1/(2C) to the diagonal and leaves the multipliers unbounded above.
  const diag = 0.5 / p.C;
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1; // the intercept's constant feature
    for (let f = 0; f < d; f++) s += x[i * d + f] * x[i * d + f];
    qd[i] = s + diag;
  }
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const rng = new Rng(p.seed);
  let active = n;
  let pgMaxOld = Infinity;
  let iter = 0;
  let converged = false;
  while (iter < p.maxIter) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const t = s + rng.int(active - s);
      const tmp = index[s];
      index[s] = index[t];
      index[t] = tmp;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const o = i * d;
      const yi = y[i];
      let dot = bias;
      for (let f = 0; f < d; f++) dot += w[f] * x[o + f];
      const G = yi * dot - 1 + alpha[i] * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (G > pgMaxOld) {
          // Shrink: this multiplier sits at its bound and is expected to stay there.
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (G < 0) pg = G;
      } else {
        pg = G;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = max(old - G / qd[i], 0);
        const step = (alpha[i] - old) * yi;
        for (let f = 0; f < d; f++) w[f] += step * x[o + f];
        bias += step;
      }
    }
    iter++;
    if (pgMax - pgMin <= p.tol) {
      if (active === n) {
        converged = true;
        break;
      }
      // Converged on the shrunk set: check every multiplier once more.
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return { w, bias, iterations: iter, converged };
}
