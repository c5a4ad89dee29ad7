// Quantizes each feature column once per fit into at most 256 bins, cut at the training data's
// quantiles (every distinct value gets its own bin when there are few), so trees search splits
// over byte-sized bin codes. A split "bin <= t" is kept as the raw threshold "x <= edges[t]".

import type { FeatureBlock } from '../../data/dataset';

/** The most edges a feature can have: 255 edges give 256 bins (codes fit in a byte). */
export const MAX_EDGES = 255;

export interface BinnedFeatures {
  nRows: number;
  nFeatures: number;
  /** Bin codes, feature-major: binned[f * nRows + i]. */
  binned: Uint8Array;
  /** Ascending cut values, MAX_EDGES per feature: row i has bin b of feature f when x <= edges[f * MAX_EDGES + b] and b is the least such. */
  edges: Float64Array;
  /** Edges used per feature (bins = edges + 1). */
  nEdges: Int32Array;
}

/**
 * Bins every column of `x` (NaN-free: the forest imputes missing values first). Buffers are SharedArrayBuffers when `shared`, so that
 * worker threads read them without a copy.
 */
export function binFeatures(x: FeatureBlock, maxBins: number, shared: boolean): BinnedFeatures {
  const n = x.nRows;
  const nFeatures = x.columns.length;
  const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const binned = new Uint8Array(alloc(n * nFeatures));
  const edges = new Float64Array(alloc(nFeatures * MAX_EDGES * 8));
  const nEdges = new Int32Array(alloc(nFeatures * 4));
  const sorted = new Float64Array(n);
  for (let f = 0; f < nFeatures; f++) {
    const col = x.columns[f];
    sorted.set(col);
    sorted.sort();
    const cut = edges.subarray(f * MAX_EDGES, (f + 1) * MAX_EDGES);
    const m = quantileEdges(sorted, maxBins - 1, cut);
    nEdges[f] = m;
    codeColumn(col, cut, m, binned.subarray(f * n, (f + 1) * n));
  }
  return { nRows: n, nFeatures, binned, edges, nEdges };
}

/**
 * Writes at most `maxEdges` cut values into `out` and returns how many. Walks the distinct
 * values in order and cuts after one once the count so far passes the next quantile, so a
 * value repeated many times is never split across bins. A cut is the midpoint of the two
 * distinct values on either side.
 */
function quantileEdges(sorted: Float64Array, maxEdges: number, out: Float64Array): number {
  const n = sorted.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  // With few distinct values each gets its own bin; otherwise cut at the quantiles.
  const everyValue = distinct <= maxEdges + 1;
  const step = n / (maxEdges + 1);
  let nextQuantile = step;
  let m = 0;
  let i = 0;
  while (i < n && m < maxEdges) {
    const v = sorted[i];
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    if (j >= n) break;
    if (everyValue || j >= nextQuantile) {
      const mid = v + (sorted[j] - v) / 2;
      // Beside an infinity the midpoint is not finite: cut right at v, which still separates.
      const cut = Number.isFinite(mid) ? mid : v;
      if (m === 0 || cut > out[m - 1]) out[m++] = cut;
      while (nextQuantile <= j) nextQuantile += step;
    }
    i = j;
  }
  return m;
}

function codeColumn(col: ArrayLike<number>, cut: Float64Array, m: number, out: Uint8Array): void {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    let lo = 0;
    let hi = m;
    // Least b with v <= cut[b]; m when v is above every cut.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= cut[mid]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
}
