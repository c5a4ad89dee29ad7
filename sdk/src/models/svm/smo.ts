// The dual C-SVC solver of LIBSVM (Fan, Chen and Lin 2005): sequential minimal optimization
// with second-order working-set selection (WSS2), without shrinking. Minimizes
// 1/2 a'Qa - e'a subject to 0 <= a_i <= C and y'a = 0; returns the multipliers and the bias.

import type { QCache } from './kernel';

const TAU = 1e-12;

export interface SmoResult {
  alpha: Float64Array;
  /** The decision is sum_i alpha_i y_i K(x_i, x) - rho. */
  rho: number;
  iterations: number;
  /** False when maxIter stopped it before the gap fell under tol. */
  converged: boolean;
}

export interface SmoParams {
  C: number;
  tol: number;
  maxIter: number;
}

export function solveSmo(q: QCache, y: Int8Array, qd: Float64Array, p: SmoParams): SmoResult {
  const n = y.length;
  const { C } = p;
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1);
  const ws = new Int32Array(2);
  let iter = 0;
  let converged = false;
  while (iter < p.maxIter) {
    if (!selectWorkingSet(q, y, qd, alpha, G, C, p.tol, ws)) {
      converged = true;
      break;
    }
    iter++;
    const i = ws[0];
    const j = ws[1];
    const Qi = q.row(i);
    const Qj = q.row(j);
    const oldI = alpha[i];
    const oldJ = alpha[j];
    updatePair(alpha, G, y, qd, Qi, i, j, C);
    const di = alpha[i] - oldI;
    const dj = alpha[j] - oldJ;
    for (let k = 0; k < n; k++) G[k] += Qi[k] * di + Qj[k] * dj;
  }
  return { alpha, rho: computeRho(alpha, G, y, C), iterations: iter, converged };
}

/** The analytic two-variable step, clipped to the box (LIBSVM's Solver::Solve, Cp = Cn = C). */
function updatePair(alpha: Float64Array, G: Float64Array, y: Int8Array, qd: Float64Array, Qi: Float64Array, i: number, j: number, C: number): void {
  if (y[i] !== y[j]) {
    let quad = qd[i] + qd[j] + 2 * Qi[j];
    if (quad <= 0) quad = TAU;
    const delta = (-G[i] - G[j]) / quad;
    const diff = alpha[i] - alpha[j];
    alpha[i] += delta;
    alpha[j] += delta;
    if (diff > 0) {
      if (alpha[j] < 0) {
        alpha[j] = 0;
        alpha[i] = diff;
      }
    } else if (alpha[i] < 0) {
      alpha[i] = 0;
      alpha[j] = -diff;
    }
    if (diff > 0) {
      if (alpha[i] > C) {
        alpha[i] = C;
        alpha[j] = C - diff;
      }
    } else if (alpha[j] > C) {
      alpha[j] = C;
      alpha[i] = C + diff;
    }
  } else {
    let quad = qd[i] + qd[j] - 2 * Qi[j];
    if (quad <= 0) quad = TAU;
    const delta = (G[i] - G[j]) / quad;
    const sum = alpha[i] + alpha[j];
    alpha[i] -= delta;
    alpha[j] += delta;
    if (sum > C) {
      if (alpha[i] > C) {
        alpha[i] = C;
        alpha[j] = sum - C;
      }
    } else if (alpha[j] < 0) {
      alpha[j] = 0;
      alpha[i] = sum;
    }
    if (sum > C) {
      if (alpha[j] > C) {
        alpha[j] = C;
        alpha[i] = sum - C;
      }
    } else if (alpha[i] < 0) {
      alpha[i] = 0;
      alpha[j] = sum;
    }
  }
}

/** WSS2: i maximizes the violation, j the second-order gain. False once the gap is under tol. */
function selectWorkingSet(q: QCache, y: Int8Array, qd: Float64Array, alpha: Float64Array, G: Float64Array, C: number, tol: number, out: Int32Array): boolean {
  const n = y.length;
  let gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < n; t++) {
    if (y[t] === 1) {
      if (alpha[t] < C && -G[t] >= gmax) {
        gmax = -G[t];
        i = t;
      }
    } else if (alpha[t] > 0 && G[t] >= gmax) {
      gmax = G[t];
      i = t;
    }
  }
  if (i < 0) return false;
  const Qi = q.row(i);
  const yi = y[i];
  let gmax2 = -Infinity;
  let best = Infinity;
  let j = -1;
  for (let t = 0; t < n; t++) {
    let grad: number;
    let quad: number;
    if (y[t] === 1) {
      if (!(alpha[t] > 0)) continue;
      if (G[t] >= gmax2) gmax2 = G[t];
      grad = gmax + G[t];
      quad = qd[i] + qd[t] - 2 * yi * Qi[t];
    } else {
      if (!(alpha[t] < C)) continue;
      if (-G[t] >= gmax2) gmax2 = -G[t];
      grad = gmax - G[t];
      quad = qd[i] + qd[t] + 2 * yi * Qi[t];
    }
    if (grad > 0) {
      const obj = -(grad * grad) / (quad > 0 ? quad : TAU);
      if (obj <= best) {
        best = obj;
        j = t;
      }
    }
  }
  if (gmax + gmax2 < tol || j < 0) return false;
  out[0] = i;
  out[1] = j;
  return true;
}

/** The bias: mean of y_i G_i over free multipliers, else the middle of the feasible interval. */
function computeRho(alpha: Float64Array, G: Float64Array, y: Int8Array, C: number): number {
  let ub = Infinity;
  let lb = -Infinity;
  let nFree = 0;
  let sumFree = 0;
  for (let i = 0; i < y.length; i++) {
    const yG = y[i] * G[i];
    if (alpha[i] >= C) {
      if (y[i] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (alpha[i] <= 0) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
}
