// SZ2's block linear regression for the `matrix` layout: the matrix is cut into blocks of
// PLANE_ROWS x PLANE_COLS values, each block gets a least-squares plane c + a di + b dj
// (coefficients quantized and stored), and each block keeps its plane only where the plane
// predicts the original values better than the 2-D Lorenzo predictor does (SZ2's per-block
// choice); elsewhere the column falls back to 2-D Lorenzo. A column uses the planes of its
// column block only when the planner finds that cheaper than its other predictors.

import { FormatError } from '../../util/errors';
import type { ByteReader, ByteWriter } from '../entropy/bytes';

export const PLANE_ROWS = 8;
export const PLANE_COLS = 8;
/** A stored coefficient's quantized magnitude stays below this. */
const MAX_COEF = 2 ** 40;

/** The planes of one column block: per row block, a flag (plane or Lorenzo) and three coefficients. */
export interface PlaneBlock {
  /** Column block index: columns [col * PLANE_COLS, ...). */
  col: number;
  /** Quantization steps of the intercept and of the slopes. */
  stepC: number;
  stepS: number;
  /** 1 where the row block uses its plane. */
  flags: Uint8Array;
  /** qc, qa (per row), qb (per column) for each row block (0 where the flag is 0). */
  coefs: Float64Array;
}

/** Solves the 3x3 system m x = r in place (Gaussian elimination with pivoting); null when singular. */
function solve3(m: number[], r: number[]): number[] | null {
  for (let p = 0; p < 3; p++) {
    let piv = p;
    for (let q = p + 1; q < 3; q++) if (Math.abs(m[q * 3 + p]) > Math.abs(m[piv * 3 + p])) piv = q;
    if (!(Math.abs(m[piv * 3 + p]) > 1e-12)) return null;
    if (piv !== p) {
      for (let k = 0; k < 3; k++) [m[p * 3 + k], m[piv * 3 + k]] = [m[piv * 3 + k], m[p * 3 + k]];
      [r[p], r[piv]] = [r[piv], r[p]];
    }
    for (let q = p + 1; q < 3; q++) {
      const f = m[q * 3 + p] / m[p * 3 + p];
      for (let k = p; k < 3; k++) m[q * 3 + k] -= f * m[p * 3 + k];
      r[q] -= f * r[p];
    }
  }
  const x = [0, 0, 0];
  for (let p = 2; p >= 0; p--) {
    let s = r[p];
    for (let k = p + 1; k < 3; k++) s -= m[p * 3 + k] * x[k];
    x[p] = s / m[p * 3 + p];
  }
  return x;
}

/** Original value with a missing (NaN) value read as `fallback`. */
function at(work: readonly Float64Array[], i: number, j: number, fallback: number): number {
  if (i < 0 || j < 0 || work[j].length === 0) return fallback;
  const v = work[j][i];
  return v === v ? v : fallback;
}

/**
 * Fits the planes of column block `col` on the working values (NaN where a value is not
 * predicted), with intercept step eb and slope step eb / PLANE_ROWS.
 */
export function fitPlanes(work: readonly Float64Array[], col: number, nRows: number, eb: number): PlaneBlock {
  const j0 = col * PLANE_COLS;
  const j1 = Math.min(work.length, j0 + PLANE_COLS);
  const nBlocks = Math.ceil(nRows / PLANE_ROWS);
  const stepC = eb;
  const stepS = eb / PLANE_ROWS;
  const flags = new Uint8Array(nBlocks);
  const coefs = new Float64Array(3 * nBlocks);
  for (let b = 0; b < nBlocks; b++) {
    const i0 = b * PLANE_ROWS;
    const i1 = Math.min(nRows, i0 + PLANE_ROWS);
    // Normal equations of v ~ c + a di + bb dj over the block's predicted values.
    let n = 0;
    let si = 0;
    let sj = 0;
    let sii = 0;
    let sjj = 0;
    let sij = 0;
    let sv = 0;
    let siv = 0;
    let sjv = 0;
    for (let j = j0; j < j1; j++) {
      const w = work[j];
      // A constant column has no working values (it is not coded).
      if (w.length === 0) continue;
      for (let i = i0; i < i1; i++) {
        const v = w[i];
        if (v !== v) continue;
        const di = i - i0;
        const dj = j - j0;
        n++;
        si += di;
        sj += dj;
        sii += di * di;
        sjj += dj * dj;
        sij += di * dj;
        sv += v;
        siv += di * v;
        sjv += dj * v;
      }
    }
    if (n < 4) continue;
    const x = solve3([n, si, sj, si, sii, sij, sj, sij, sjj], [sv, siv, sjv]);
    if (!x || !x.every(Number.isFinite)) continue;
    const qc = Math.round(x[0] / stepC);
    const qa = Math.round(x[1] / stepS);
    const qb = Math.round(x[2] / stepS);
    if (!(Math.abs(qc) < MAX_COEF && Math.abs(qa) < MAX_COEF && Math.abs(qb) < MAX_COEF)) continue;
    const c = qc * stepC;
    const a = qa * stepS;
    const bb = qb * stepS;
    // SZ2's choice: the plane against 2-D Lorenzo, both on the original values.
    let errPlane = 0;
    let errLorenzo = 0;
    for (let j = j0; j < j1; j++) {
      const w = work[j];
      if (w.length === 0) continue;
      for (let i = i0; i < i1; i++) {
        const v = w[i];
        if (v !== v) continue;
        errPlane += Math.abs(v - planeAt(c, a, bb, i - i0, j - j0));
        const left = at(work, i, j - 1, 0);
        errLorenzo += Math.abs(v - (left + at(work, i - 1, j, left) - at(work, i - 1, j - 1, 0)));
      }
    }
    if (errPlane < errLorenzo) {
      flags[b] = 1;
      coefs[3 * b] = qc;
      coefs[3 * b + 1] = qa;
      coefs[3 * b + 2] = qb;
    }
  }
  return { col, stepC, stepS, flags, coefs };
}

/** The plane's value; encoder and decoder evaluate it in this one order. */
function planeAt(c: number, a: number, b: number, di: number, dj: number): number {
  return c + a * di + b * dj;
}

/** Column j's predictions from the planes (NaN in row blocks that use 2-D Lorenzo). */
export function planePredictions(p: PlaneBlock, j: number, nRows: number, out: Float64Array): Float64Array {
  const dj = j - p.col * PLANE_COLS;
  for (let b = 0; b * PLANE_ROWS < nRows; b++) {
    const i0 = b * PLANE_ROWS;
    const i1 = Math.min(nRows, i0 + PLANE_ROWS);
    if (!p.flags[b]) {
      out.fill(NaN, i0, i1);
      continue;
    }
    const c = p.coefs[3 * b] * p.stepC;
    const a = p.coefs[3 * b + 1] * p.stepS;
    const bb = p.coefs[3 * b + 2] * p.stepS;
    for (let i = i0; i < i1; i++) out[i] = planeAt(c, a, bb, i - i0, dj);
  }
  return out;
}

const zigzag = (v: number) => (v >= 0 ? 2 * v : -2 * v - 1);
const unzigzag = (u: number) => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

/** Flags as bytes, coefficients as zigzag varints of their change from the previous plane's. */
export function writePlanes(w: ByteWriter, planes: PlaneBlock[]): void {
  w.varint(planes.length);
  for (const p of planes) {
    w.varint(p.col);
    w.f64(p.stepC);
    w.f64(p.stepS);
    const prev = [0, 0, 0];
    for (let b = 0; b < p.flags.length; b++) {
      w.u8(p.flags[b]);
      if (!p.flags[b]) continue;
      for (let k = 0; k < 3; k++) {
        w.varint(zigzag(p.coefs[3 * b + k] - prev[k]));
        prev[k] = p.coefs[3 * b + k];
      }
    }
  }
}

/** Reads what writePlanes wrote, for a matrix of nRows x nCols; checked against the shape. */
export function readPlanes(r: ByteReader, nRows: number, nCols: number): Map<number, PlaneBlock> {
  const count = r.varint();
  const nColBlocks = Math.ceil(nCols / PLANE_COLS);
  if (count > nColBlocks) throw new FormatError(`sz stream: ${count} plane blocks for ${nColBlocks} column blocks`);
  const nBlocks = Math.ceil(nRows / PLANE_ROWS);
  const out = new Map<number, PlaneBlock>();
  for (let k = 0; k < count; k++) {
    const col = r.varint();
    if (col >= nColBlocks || out.has(col)) throw new FormatError(`sz stream: plane block for column block ${col} (of ${nColBlocks}) is invalid or repeated`);
    const stepC = r.f64();
    const stepS = r.f64();
    if (!(stepC > 0 && stepC < Infinity && stepS > 0 && stepS < Infinity)) throw new FormatError(`sz stream: plane steps ${stepC}, ${stepS}`);
    const flags = new Uint8Array(nBlocks);
    const coefs = new Float64Array(3 * nBlocks);
    const prev = [0, 0, 0];
    for (let b = 0; b < nBlocks; b++) {
      const f = r.u8();
      if (f > 1) throw new FormatError(`sz stream: plane flag ${f}`);
      flags[b] = f;
      if (!f) continue;
      for (let q = 0; q < 3; q++) {
        const v = prev[q] + unzigzag(r.varint());
        if (!(Math.abs(v) < 2 * MAX_COEF)) throw new FormatError(`sz stream: plane coefficient ${v} out of range`);
        coefs[3 * b + q] = v;
        prev[q] = v;
      }
    }
    out.set(col, { col, stepC, stepS, flags, coefs });
  }
  return out;
}
