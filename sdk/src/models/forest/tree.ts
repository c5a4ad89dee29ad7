// One decision tree of the forest, grown depth-first over binned features: bootstrap rows
// (kept as per-row weights, as scikit-learn does), a random subset of features at each split,
// variance reduction (regression) or Gini (classification) found from per-bin histograms.
// Runs the same in the calling thread and in a worker, from the tree's own seed.

import { Rng } from '../../data/dataset';
import { MAX_EDGES, type BinnedFeatures } from './binning';

export interface TrainData extends BinnedFeatures {
  /** Regression values, or class codes 0..nClasses-1. */
  y: Float64Array;
  /** 0 for regression. */
  nClasses: number;
}

export interface TreeParams {
  /** Features to try at each split (scikit-learn's max_features, as a count). */
  mtry: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  maxDepth: number;
  bootstrap: boolean;
  /** Rows drawn per tree (with replacement when bootstrapping). */
  nDraws: number;
}

/** A grown tree as flat arrays; node 0 is the root, feature -1 marks a leaf. */
export interface TreeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Per node: the mean (regression, width 1) or class probabilities (width nClasses). */
  value: Float64Array;
}

export function buildTree(data: TrainData, params: TreeParams, seed: number): TreeArrays {
  return new TreeBuilder(data, params, seed).build();
}

const BINS = MAX_EDGES + 1;

interface Split {
  feature: number;
  bin: number;
}

class TreeBuilder {
  private readonly rng: Rng;
  private readonly n: number;
  private readonly width: number;
  private readonly weight: Float64Array;
  private readonly rows: Uint32Array;
  private readonly featureOrder: Int32Array;
  // Per-bin histograms, reused by every node: weight, weighted target sum, row count.
  private readonly hw = new Float64Array(BINS);
  private readonly hs = new Float64Array(BINS);
  private readonly hc = new Int32Array(BINS);
  // Classification: per-bin class weights, and running sums over a node.
  private readonly hk: Float64Array;
  private readonly nodeK: Float64Array;
  private readonly leftK: Float64Array;
  private nodeW = 0;
  private nodeS = 0;
  private nodes = 0;
  private readonly out: TreeArrays;

  constructor(
    private readonly d: TrainData,
    private readonly p: TreeParams,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.n = d.nRows;
    this.width = d.nClasses > 0 ? d.nClasses : 1;
    this.weight = new Float64Array(this.n);
    this.rows = this.drawRows();
    this.featureOrder = new Int32Array(d.nFeatures);
    for (let f = 0; f < d.nFeatures; f++) this.featureOrder[f] = f;
    const k = Math.max(1, d.nClasses);
    this.hk = new Float64Array(d.nClasses > 0 ? BINS * k : 0);
    this.nodeK = new Float64Array(k);
    this.leftK = new Float64Array(k);
    // Every leaf holds at least one distinct row, so a binary tree has at most 2m - 1 nodes.
    const cap = Math.max(1, 2 * this.rows.length - 1);
    this.out = {
      feature: new Int32Array(cap),
      threshold: new Float64Array(cap),
      left: new Int32Array(cap),
      right: new Int32Array(cap),
      value: new Float64Array(cap * this.width),
    };
  }

  /** The distinct in-bag rows; how often each was drawn goes to `weight`. */
  private drawRows(): Uint32Array {
    const { n, weight, rng } = this;
    if (!this.p.bootstrap) {
      const all = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        all[i] = i;
        weight[i] = 1;
      }
      return all;
    }
    let distinct = 0;
    for (let k = 0; k < this.p.nDraws; k++) {
      const i = rng.int(n);
      if (weight[i] === 0) distinct++;
      weight[i]++;
    }
    const rows = new Uint32Array(distinct);
    let m = 0;
    for (let i = 0; i < n; i++) if (weight[i] > 0) rows[m++] = i;
    return rows;
  }

  build(): TreeArrays {
    // Explicit stack of (node, start, end, depth): deep trees must not overflow the call stack.
    const stack: number[] = [this.newNode(), 0, this.rows.length, 0];
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const node = stack.pop()!;
      const pure = this.nodeStats(node, start, end);
      const count = end - start;
      const split =
        pure || depth >= this.p.maxDepth || count < this.p.minSamplesSplit || count < 2 * this.p.minSamplesLeaf
          ? null
          : this.bestSplit(start, end);
      if (!split) continue;
      const mid = this.partition(start, end, split);
      const l = this.newNode();
      const r = this.newNode();
      const o = this.out;
      o.feature[node] = split.feature;
      o.threshold[node] = this.d.edges[split.feature * MAX_EDGES + split.bin];
      o.left[node] = l;
      o.right[node] = r;
      stack.push(r, mid, end, depth + 1, l, start, mid, depth + 1);
    }
    return this.trimmed();
  }

  private newNode(): number {
    this.out.feature[this.nodes] = -1;
    return this.nodes++;
  }

  private trimmed(): TreeArrays {
    const m = this.nodes;
    const o = this.out;
    return {
      feature: o.feature.slice(0, m),
      threshold: o.threshold.slice(0, m),
      left: o.left.slice(0, m),
      right: o.right.slice(0, m),
      value: o.value.slice(0, m * this.width),
    };
  }

  /** Sets the node's value and the running totals; returns whether the node is pure. */
  private nodeStats(node: number, start: number, end: number): boolean {
    const { rows, weight } = this;
    const y = this.d.y;
    let w = 0;
    if (this.d.nClasses > 0) {
      const nk = this.nodeK;
      nk.fill(0);
      for (let k = start; k < end; k++) {
        const r = rows[k];
        nk[y[r]] += weight[r];
        w += weight[r];
      }
      let present = 0;
      const base = node * this.width;
      for (let c = 0; c < this.width; c++) {
        this.out.value[base + c] = nk[c] / w;
        if (nk[c] > 0) present++;
      }
      this.nodeW = w;
      return present <= 1;
    }
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const v = y[r];
      w += weight[r];
      s += weight[r] * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.out.value[node] = s / w;
    this.nodeW = w;
    this.nodeS = s;
    return lo === hi;
  }

  /** Tries features in random order until mtry non-constant ones were scored (as scikit-learn). */
  private bestSplit(start: number, end: number): Split | null {
    const { featureOrder, rng } = this;
    const nf = featureOrder.length;
    let best: Split | null = null;
    let bestScore = -Infinity;
    let scored = 0;
    for (let k = 0; k < nf && scored < this.p.mtry; k++) {
      const j = k + rng.int(nf - k);
      const f = featureOrder[j];
      featureOrder[j] = featureOrder[k];
      featureOrder[k] = f;
      const found = this.d.nClasses > 0 ? this.scoreClassification(f, start, end) : this.scoreRegression(f, start, end);
      if (found === CONSTANT) continue;
      scored++;
      if (found !== NO_SPLIT && this.candidateScore > bestScore) {
        bestScore = this.candidateScore;
        best = { feature: f, bin: found };
      }
    }
    return best;
  }

  private candidateScore = -Infinity;

  /** Best bin of feature f by variance reduction: maximizes SL^2/WL + SR^2/WR. */
  private scoreRegression(f: number, start: number, end: number): number {
    const { rows, weight, hw, hs, hc } = this;
    const y = this.d.y;
    const codes = this.d.binned;
    const base = f * this.n;
    let lo = BINS;
    let hi = -1;
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const b = codes[base + r];
      const w = weight[r];
      hw[b] += w;
      hs[b] += w * y[r];
      hc[b]++;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    if (lo === hi) {
      hw[lo] = 0;
      hs[lo] = 0;
      hc[lo] = 0;
      return CONSTANT;
    }
    const minLeaf = this.p.minSamplesLeaf;
    const count = end - start;
    const W = this.nodeW;
    const S = this.nodeS;
    let wl = 0;
    let sl = 0;
    let cl = 0;
    let bestBin = NO_SPLIT;
    let bestScore = -Infinity;
    for (let b = lo; b < hi; b++) {
      if (hc[b] === 0) continue;
      wl += hw[b];
      sl += hs[b];
      cl += hc[b];
      if (cl < minLeaf || count - cl < minLeaf) continue;
      const sr = S - sl;
      const score = (sl * sl) / wl + (sr * sr) / (W - wl);
      if (score > bestScore) {
        bestScore = score;
        bestBin = b;
      }
    }
    if (bestBin >= 0) bestBin = middleOfGap(hc, bestBin);
    for (let b = lo; b <= hi; b++) {
      hw[b] = 0;
      hs[b] = 0;
      hc[b] = 0;
    }
    this.candidateScore = bestScore;
    return bestBin;
  }

  /** Best bin of feature f by Gini: maximizes sum_c (L_c^2 / WL + R_c^2 / WR). */
  private scoreClassification(f: number, start: number, end: number): number {
    const { rows, weight, hk, hc, hw, nodeK, leftK } = this;
    const K = this.width;
    const y = this.d.y;
    const codes = this.d.binned;
    const base = f * this.n;
    let lo = BINS;
    let hi = -1;
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const b = codes[base + r];
      hk[b * K + y[r]] += weight[r];
      hw[b] += weight[r];
      hc[b]++;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    let bestBin = lo === hi ? CONSTANT : NO_SPLIT;
    let bestScore = -Infinity;
    if (lo !== hi) {
      const minLeaf = this.p.minSamplesLeaf;
      const count = end - start;
      const W = this.nodeW;
      leftK.fill(0);
      let wl = 0;
      let cl = 0;
      for (let b = lo; b < hi; b++) {
        if (hc[b] === 0) continue;
        for (let c = 0; c < K; c++) leftK[c] += hk[b * K + c];
        wl += hw[b];
        cl += hc[b];
        if (cl < minLeaf || count - cl < minLeaf) continue;
        let sumL = 0;
        let sumR = 0;
        for (let c = 0; c < K; c++) {
          const l = leftK[c];
          const r = nodeK[c] - l;
          sumL += l * l;
          sumR += r * r;
        }
        const score = sumL / wl + sumR / (W - wl);
        if (score > bestScore) {
          bestScore = score;
          bestBin = b;
        }
      }
    }
    if (bestBin >= 0) bestBin = middleOfGap(hc, bestBin);
    for (let b = lo; b <= hi; b++) {
      hw[b] = 0;
      hc[b] = 0;
      for (let c = 0; c < K; c++) hk[b * K + c] = 0;
    }
    this.candidateScore = bestScore;
    return bestBin;
  }

  /** Moves the rows going left (bin <= split bin) before the others; returns the boundary. */
  private partition(start: number, end: number, s: Split): number {
    const rows = this.rows;
    const codes = this.d.binned;
    const base = s.feature * this.n;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (codes[base + rows[i]] <= s.bin) i++;
      else {
        const t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
        j--;
      }
    }
    return i;
  }
}

/**
 * The node's rows leave the bins between `b` and the next non-empty bin empty: any cut in
 * that gap splits them alike. Cutting in its middle (as scikit-learn cuts midway between two
 * values) places unseen values on the nearer side instead of always on the right.
 */
function middleOfGap(counts: Int32Array, b: number): number {
  let next = b + 1;
  while (counts[next] === 0) next++;
  return (b + next - 1) >> 1;
}

const CONSTANT = -2;
const NO_SPLIT = -1;

/** Adds `scale` x the tree's prediction for each row of `columns` into `out` (width values per row). */
export function accumulateTree(t: TreeArrays, columns: ArrayLike<number>[], nRows: number, width: number, scale: number, out: Float64Array): void {
  const { feature, threshold, left, right, value } = t;
  for (let i = 0; i < nRows; i++) {
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      node = columns[f][i] <= threshold[node] ? left[node] : right[node];
      f = feature[node];
    }
    const base = node * width;
    const o = i * width;
    for (let c = 0; c < width; c++) out[o + c] += scale * value[base + c];
  }
}
