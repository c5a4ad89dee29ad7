// The RBF kernel over standardized rows, and the row cache the SMO solver reads Q from
// (Q_ij = y_i y_j K(x_i, x_j)): least recently used rows are dropped past a byte budget.
//
// Distances do not change when every row is shifted by the same vector, so rows are stored
// minus a per-column base value (the column's median): on tables of mostly-zero indicator
// columns, such as ads, the shifted rows are sparse and a kernel row costs the number of
// non-zeros instead of n x d. Dense tables keep a plain row-major layout.

export interface RbfKernel {
  n: number;
  d: number;
  gamma: number;
  /** Subtracted from each column before storing (any vector: distances are shift-invariant). */
  shift: Float64Array;
  /** Squared norm of each shifted row. */
  sq: Float64Array;
  /** Shifted rows, row-major n x d, when dense; null when sparse. */
  dense: Float64Array | null;
  /** Sparse rows (CSR): row j holds values[p] at column indices[p] for p in [indptr[j], indptr[j+1]). */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Below this fraction of non-zeros the sparse layout is used. */
const SPARSE_BELOW = 0.3;

export function rbfKernel(rows: Float64Array, n: number, d: number, gamma: number, shift: Float64Array): RbfKernel {
  let nnz = 0;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) if (rows[i * d + f] !== shift[f]) nnz++;
  const sq = new Float64Array(n);
  const indptr = new Int32Array(n + 1);
  if (nnz >= SPARSE_BELOW * n * d) {
    const dense = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const v = rows[i * d + f] - shift[f];
        dense[i * d + f] = v;
        s += v * v;
      }
      sq[i] = s;
    }
    return { n, d, gamma, shift, sq, dense, indptr, indices: new Int32Array(0), values: new Float64Array(0) };
  }
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const v = rows[i * d + f] - shift[f];
      if (v === 0) continue;
      indices[p] = f;
      values[p++] = v;
      s += v * v;
    }
    sq[i] = s;
    indptr[i + 1] = p;
  }
  return { n, d, gamma, shift, sq, dense: null, indptr, indices, values };
}

/** Writes row i of k, shifted, into `out` (length d) and returns its squared norm. */
export function storedRow(k: RbfKernel, i: number, out: Float64Array): number {
  if (k.dense) out.set(k.dense.subarray(i * k.d, (i + 1) * k.d));
  else {
    out.fill(0);
    for (let p = k.indptr[i]; p < k.indptr[i + 1]; p++) out[k.indices[p]] = k.values[p];
  }
  return k.sq[i];
}

/** Shifts a standardized row (offset o in rows) like the kernel's rows; returns its squared norm. */
export function shiftedRow(k: RbfKernel, rows: Float64Array, o: number, out: Float64Array): number {
  let s = 0;
  for (let f = 0; f < k.d; f++) {
    const v = rows[o + f] - k.shift[f];
    out[f] = v;
    s += v * v;
  }
  return s;
}

/** K(a, every row of k) for a shifted dense row `a` of squared norm sqa. */
export function kernelRow(k: RbfKernel, a: Float64Array, sqa: number, out: Float64Array): void {
  const { n, d, gamma, sq, dense } = k;
  if (dense) {
    const d4 = d - (d % 4);
    for (let j = 0; j < n; j++) {
      const o = j * d;
      // Four partial sums: independent chains let the CPU overlap the multiply-adds.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      for (; f < d4; f += 4) {
        s0 += a[f] * dense[o + f];
        s1 += a[f + 1] * dense[o + f + 1];
        s2 += a[f + 2] * dense[o + f + 2];
        s3 += a[f + 3] * dense[o + f + 3];
      }
      for (; f < d; f++) s0 += a[f] * dense[o + f];
      out[j] = rbf(gamma, sqa + sq[j] - 2 * (s0 + s1 + (s2 + s3)));
    }
    return;
  }
  const { indptr, indices, values } = k;
  for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let p = indptr[j]; p < indptr[j + 1]; p++) dot += a[indices[p]] * values[p];
    out[j] = rbf(gamma, sqa + sq[j] - 2 * dot);
  }
}

// A module constant, not the global Math, in the per-element path (global lookups are slow under jest's vm context).
const exp = Math.exp;

function rbf(gamma: number, dist: number): number {
  return exp(-gamma * (dist > 0 ? dist : 0));
}

/** Rows of Q for the SMO solver, computed on demand and kept while they fit the budget. */
export class QCache {
  private readonly rows = new Map<number, Float64Array>();
  private readonly maxRows: number;
  private readonly scratch: Float64Array;

  constructor(
    private readonly k: RbfKernel,
    private readonly y: Int8Array,
    budgetBytes: number,
  ) {
    // Two rows at least: the solver holds rows i and j at once.
    this.maxRows = Math.max(2, Math.floor(budgetBytes / (8 * k.n)));
    this.scratch = new Float64Array(k.d);
  }

  row(i: number): Float64Array {
    const hit = this.rows.get(i);
    if (hit) {
      // Map keeps insertion order: re-inserting marks the row as most recently used.
      this.rows.delete(i);
      this.rows.set(i, hit);
      return hit;
    }
    let out: Float64Array;
    if (this.rows.size >= this.maxRows) {
      const oldest = this.rows.keys().next().value as number;
      out = this.rows.get(oldest)!;
      this.rows.delete(oldest);
    } else {
      out = new Float64Array(this.k.n);
    }
    const sqi = storedRow(this.k, i, this.scratch);
    kernelRow(this.k, this.scratch, sqi, out);
    const y = this.y;
    const yi = y[i];
    for (let j = 0; j < out.length; j++) out[j] *= yi * y[j];
    this.rows.set(i, out);
    return out;
  }
}

/** A kernel over a subset of k's rows (the support vectors), same layout and shift. */
export function subsetKernel(k: RbfKernel, keep: number[]): RbfKernel {
  const m = keep.length;
  const sq = Float64Array.from(keep, (i) => k.sq[i]);
  const indptr = new Int32Array(m + 1);
  if (k.dense) {
    const dense = new Float64Array(m * k.d);
    keep.forEach((i, r) => dense.set(k.dense!.subarray(i * k.d, (i + 1) * k.d), r * k.d));
    return { ...k, n: m, sq, dense, indptr };
  }
  let nnz = 0;
  for (const i of keep) nnz += k.indptr[i + 1] - k.indptr[i];
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  keep.forEach((i, r) => {
    for (let q = k.indptr[i]; q < k.indptr[i + 1]; q++, p++) {
      indices[p] = k.indices[q];
      values[p] = k.values[q];
    }
    indptr[r + 1] = p;
  });
  return { ...k, n: m, sq, dense: null, indptr, indices, values };
}
