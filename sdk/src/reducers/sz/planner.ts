// Chooses each column's predictor by its estimated coded size: no prediction (plain
// quantization), 1-D Lorenzo along rows, 2-D Lorenzo, a linear model on up to three
// earlier columns of the same row (fitted here, stored in the header), or in the `matrix`
// layout SZ2's block planes (planes.ts). Rows of a training
// table are rarely ordered, so "no prediction" often wins; related columns are where
// prediction pays. Costs are the order-0 entropy of the quantization codes on a row sample,
// plus a charge per distinct code (what an adaptive coder pays to learn it) and per outlier.

import { QMAX, roundHalfUp } from './kernel';
import type { SzEncodeKernel, WidePlannerAreas } from './wasm';
import { dot4 } from './dots';
import { ByteWriter } from '../entropy/bytes';
import { PLANE_COLS, fitPlanes, planePredictions, writePlanes, type PlaneBlock } from './planes';
import { inputsOf, predict, scratchInputs, upOfFirstRow } from './predictors';
import type { WorkingValues } from './working';
import { MAX_REGRESSORS, PRED_LINEAR, PRED_LORENZO2, PRED_NONE, PRED_PLANE, PRED_ROWS, linearSpec, plainSpec, type CodedSpec, type LinearFit } from './spec';

/** Which predictors the planner may choose ('none' is always allowed). */
export type PredictorSet = 'auto' | 'none' | 'rows' | 'cross';
export const PREDICTOR_SETS: readonly PredictorSet[] = ['auto', 'none', 'rows', 'cross'];

const COST_ROWS = 2048;
const FIT_ROWS = 512;
/**
 * With columns sharing statistics (stream version 3, more than WIDE columns by column) the
 * estimates and fits read fewer rows: the planner's cost is paid once per column of a few thousand
 * values, and on NT3's shape it was half of the encode (issue 11).
 */
const COST_ROWS_WIDE = 256;
const FIT_ROWS_WIDE = 256;
/** Regressors are looked for among this many preceding columns. */
export const WINDOW = 64;
/**
 * On a matrix of more than WIDE columns, SCREEN regressor candidates are scored exactly per
 * column, the rest of the window screened out on a sketch of SKETCH_ROWS rows. Narrower tables
 * keep the exhaustive search: on superconductor (81 columns) screening cost 0.4-0.9% of ratio.
 */
export const WIDE = 256;
const SCREEN = 16;
const SKETCH_ROWS = 64;
/**
 * pairDot's ring: the columns whose pairs are remembered (a power of two above the WINDOW + 1
 * columns in use at once), and the slots per column (distances 0..WINDOW).
 */
const PAIR_RING = 128;
const PAIR_SPAN = WINDOW + 1;
/** With shared statistics, a Lorenzo predictor that has not won lately is still tried on every PROBE-th column. */
const PROBE = 16;
/** A predictor must beat plain quantization by this factor: estimates are from a sample. */
const MARGIN = 0.98;

function strided(n: number, max: number): Int32Array {
  const m = Math.min(n, max);
  const rows = new Int32Array(m);
  for (let k = 0; k < m; k++) rows[k] = Math.floor((k * n) / m);
  return rows;
}

/** A column's chosen predictor, and for PRED_PLANE its block's planes and its predictions from them. */
export interface ColumnPlan {
  spec: CodedSpec;
  planes: { block: PlaneBlock; predictions: Float64Array } | null;
}

/** The rows the size estimates sample. */
function costRowsOf(nRows: number, shared: boolean): Int32Array {
  return strided(nRows, shared ? COST_ROWS_WIDE : COST_ROWS);
}

/** A centred column's length on a wide table: its fit rows, then the sketch's copy of every sketchStep-th. */
function sketchShape(fitRows: number): { step: number; length: number } {
  const step = Math.max(1, Math.floor(fitRows / SKETCH_ROWS));
  return { step, length: Math.ceil(fitRows / step) };
}

/** What the wide planner lays out in the encoder's WebAssembly kernel, for a table of nRows rows. */
export function widePlannerAreas(nRows: number): WidePlannerAreas {
  const fit = Math.min(nRows, FIT_ROWS_WIDE);
  // The centred columns of the window and the current one, and spares.
  return { costRows: costRowsOf(nRows, true), centredLength: fit + sketchShape(fit).length, centredCount: WINDOW + 16, window: WINDOW };
}

export class Planner {
  private readonly shared: boolean;
  private readonly costRows: Int32Array;
  private readonly fitRows: Int32Array;
  private readonly centred: (Float64Array | null)[];
  private readonly means: Float64Array;
  private readonly norms: Float64Array;
  private readonly zeros: Float64Array;
  /** Released centred columns, reused (a fresh one per column would outpace the garbage collector). */
  private readonly spareCentred: Float64Array[] = [];
  /** Scratch of candidates(): usable columns, their sketch scores, the scores sorted. */
  private readonly usable = new Int32Array(WINDOW);
  private readonly sketchScores = new Float64Array(WINDOW);
  private readonly sortedScores = new Float64Array(WINDOW);
  private codes: Int32Array;
  /** Per predictor kind, the last column that chose it. */
  private readonly lastWin = new Float64Array(PRED_PLANE + 1).fill(-Infinity);
  /**
   * Wide tables (stream version 4): each centred column carries, after its fit rows, a
   * contiguous copy of its sketch rows (every sketchStep-th fit row), whose square sum is kept
   * in sketchNorms: a candidate's sketch costs one short contiguous dot product per column.
   */
  private readonly sketchStep: number;
  private readonly sketchLength: number;
  private readonly sketchNorms: Float64Array;
  /** fitByGram's scratch: candidates' dot products with y, and the chosen ones' with every candidate. */
  private readonly dy = new Float64Array(WINDOW);
  private readonly gram = new Float64Array(MAX_REGRESSORS * WINDOW);
  /** fitByGram's scratch: the chosen candidates, their coefficients, the normal equations. */
  private readonly chosen = new Int32Array(MAX_REGRESSORS);
  private readonly coefs = new Float64Array(MAX_REGRESSORS);
  private readonly normal = new Float64Array(MAX_REGRESSORS * (MAX_REGRESSORS + 1));
  /** pairDot's remembered products and the later column of each slot's pair (-1: empty). */
  private readonly pairs = new Float64Array(PAIR_RING * PAIR_SPAN);
  private readonly pairTags = new Int32Array(PAIR_RING * PAIR_SPAN).fill(-1);
  /** candidates()' scratch for the kernel's screen: the candidates' offsets and sketch norms. */
  private readonly screenAt = new Int32Array(WINDOW);
  private readonly screenNorms = new Float64Array(WINDOW);
  /**
   * Per column, the byte offset of its centred values in that memory, -1 where they are not
   * there: asked once per column, since a typed array's `buffer` is a call, not a field read.
   */
  private readonly wasmAt: Int32Array;
  /** cost()'s predictor inputs (inputsOf's scratch). */
  private readonly inputs = scratchInputs();
  /** fitLinear's residuals on the fit rows. */
  private readonly resid: Float64Array;
  /** plan()'s best predictor so far for the column being planned, its estimate and planes. */
  private bestCost = 0;
  private bestSpec: CodedSpec = plainSpec(PRED_NONE, 0, 0);
  private bestPlanes: ColumnPlan['planes'] = null;
  /** The range of codes[0..m), from scanCodes. */
  private codesLo = 0;
  private codesHi = 0;
  private hist = new Int32Array(1024);
  /** `matrix` layout: the planes of the current column block. */
  private planes: PlaneBlock | null = null;
  /**
   * Whether the current column block stores planes: decided once per block (planes.ts's header
   * cost against what the planes save over each column's best other predictor, estimated on
   * the original values), so the coefficients are paid for once and shared by the block.
   */
  private planeMode: { col: number; eb: number; on: boolean } | null = null;

  /**
   * @param work working values per column, NaN where a value is not predicted (non-finite, or zero
   *   for sz-pwrel); only columns without NaN ("regular") serve as or get regressors
   * @param dec decoded working values, filled by the encoder column by column (what the estimates predict from)
   */
  constructor(
    private readonly work: WorkingValues,
    private readonly dec: Float64Array[],
    private readonly nRows: number,
    private readonly predictors: PredictorSet,
    private readonly outlierBits: number,
    private readonly matrix = false,
    /**
     * Columns share token statistics (stream versions 3 and 4): costs are estimated on a row
     * sample for that coder (costRowsOf), through the WebAssembly kernel's estimator, and the
     * planning is bounded (fewer rows, Lorenzo tried where it pays).
     */
    private readonly kernel: SzEncodeKernel | null = null,
  ) {
    const shared = kernel !== null;
    this.shared = shared;
    this.zeros = new Float64Array(nRows);
    this.costRows = costRowsOf(nRows, shared);
    this.fitRows = strided(nRows, shared ? FIT_ROWS_WIDE : FIT_ROWS);
    this.resid = new Float64Array(this.fitRows.length);
    const sketch = sketchShape(this.fitRows.length);
    this.sketchStep = sketch.step;
    this.sketchLength = shared ? sketch.length : 0;
    this.sketchNorms = new Float64Array(shared ? work.length : 0);
    this.wasmAt = new Int32Array(kernel ? work.length : 0);
    this.codes = kernel ? kernel.codes : new Int32Array(this.costRows.length);
    this.centred = new Array<Float64Array | null>(work.length).fill(null);
    this.means = new Float64Array(work.length);
    this.norms = new Float64Array(work.length).fill(-1);
  }

  /** The predictor for column j (not constant) at working-domain bound eb. */
  plan(j: number, eb: number): ColumnPlan {
    const origin = this.work.minOf(j);
    const none = plainSpec(PRED_NONE, eb, origin);
    if (!(eb > 0) || this.predictors === 'none') return { spec: none, planes: null };
    this.bestCost = this.cost(j, none, this.dec, null) * MARGIN;
    this.bestSpec = none;
    this.bestPlanes = null;
    if (this.predictors === 'auto' || this.predictors === 'rows') {
      if (this.nRows > 1 && this.worthTrying(PRED_ROWS, j)) this.consider(j, plainSpec(PRED_ROWS, eb, origin), null);
      if (j > 0 && this.nRows > 1 && this.worthTrying(PRED_LORENZO2, j)) this.consider(j, plainSpec(PRED_LORENZO2, eb, origin), null);
      if (this.matrix && this.nRows > 1 && this.blockUsesPlanes(j, eb)) {
        const block = this.planesFor(j, eb);
        this.consider(j, plainSpec(PRED_PLANE, eb, origin), { block, predictions: planePredictions(block, j, this.nRows, new Float64Array(this.nRows)) });
      }
    }
    if (this.predictors === 'auto' || this.predictors === 'cross') {
      const fit = this.fitLinear(j);
      if (fit) this.consider(j, linearSpec(eb, origin, fit), null);
    }
    this.lastWin[this.bestSpec.kind] = j;
    return { spec: this.bestSpec, planes: this.bestPlanes };
  }

  /** plan()'s step: column j's predictor becomes `spec` when its estimate beats the best so far. */
  private consider(j: number, spec: CodedSpec, planes: ColumnPlan['planes']): void {
    const c = this.cost(j, spec, this.dec, planes ? planes.predictions : null);
    if (c < this.bestCost) {
      this.bestCost = c;
      this.bestSpec = spec;
      this.bestPlanes = planes;
    }
  }

  /**
   * Whether to estimate a Lorenzo predictor for column j. On a wide matrix (whose rows are
   * rarely ordered) one is tried only where it won within the last WINDOW columns, or on every
   * PROBE-th column to notice when it starts to pay: its estimate was a quarter of the planning.
   */
  private worthTrying(kind: typeof PRED_ROWS | typeof PRED_LORENZO2, j: number): boolean {
    return !this.shared || j - this.lastWin[kind] <= WINDOW || j % PROBE === 0;
  }

  /**
   * Forgets what was kept for column c (its centred fit rows): columns more than WINDOW
   * behind the current one are never looked at again, so memory stays bounded on wide matrices.
   */
  release(c: number): void {
    const kept = this.centred[c];
    if (kept) this.spareCentred.push(kept);
    this.centred[c] = null;
    this.norms[c] = 0;
  }

  /** The planes of column j's block, fitted at bound eb (refitted when the bound changed). */
  private planesFor(j: number, eb: number): PlaneBlock {
    const col = Math.floor(j / PLANE_COLS);
    const p = this.planes;
    if (p && p.col === col && p.stepC === eb) return p;
    const fit = fitPlanes(this.work.hold(col * PLANE_COLS - 1, (col + 1) * PLANE_COLS), col, this.nRows, eb);
    this.planes = fit;
    return fit;
  }

  /** Whether column j's block stores planes (decided at its first column, for bound eb). */
  private blockUsesPlanes(j: number, eb: number): boolean {
    const col = Math.floor(j / PLANE_COLS);
    const m = this.planeMode;
    if (m && m.col === col && m.eb === eb) return m.on;
    const planes = this.planesFor(j, eb);
    let on = false;
    if (planes.flags.some((f) => f === 1)) {
      const w = new ByteWriter();
      writePlanes(w, [planes]);
      let gain = -8 * w.length;
      // Estimated on the original values: the later columns of the block are not decoded yet.
      const end = Math.min(this.work.length, (col + 1) * PLANE_COLS);
      const src = this.work.hold(j - 1, end);
      const predictions = new Float64Array(this.nRows);
      for (let c = j; c < end; c++) {
        if (src[c].length !== this.nRows) continue;
        const origin = minOf(src[c]);
        let alt = this.cost(c, plainSpec(PRED_NONE, eb, origin), src, null) * MARGIN;
        alt = Math.min(alt, this.cost(c, plainSpec(PRED_ROWS, eb, origin), src, null));
        if (c > 0) alt = Math.min(alt, this.cost(c, plainSpec(PRED_LORENZO2, eb, origin), src, null));
        const fit = this.predictors === 'auto' ? this.fitLinear(c) : null;
        if (fit) alt = Math.min(alt, this.cost(c, linearSpec(eb, origin, fit), src, null));
        planePredictions(planes, c, this.nRows, predictions);
        gain += Math.max(0, alt - this.cost(c, plainSpec(PRED_PLANE, eb, origin), src, predictions));
      }
      on = gain > 0;
    }
    this.planeMode = { col, eb, on };
    return on;
  }

  /**
   * Estimated coded bits of column j under `spec`, scaled from the row sample to the column,
   * predicting from `source` (decoded columns, or the originals while deciding a block's planes).
   */
  private cost(j: number, spec: CodedSpec, source: readonly Float64Array[], plane: Float64Array | null): number {
    if (this.shared && (spec.kind === PRED_NONE || spec.kind === PRED_LINEAR)) return this.costShared(j, spec, source);
    const w = this.work.of(j);
    const rows = this.costRows;
    const inv = 1 / (2 * spec.eb);
    const origin = spec.origin;
    const p = inputsOf(j, spec, source, w, this.zeros, plane, this.inputs);
    const first = upOfFirstRow(p);
    const codes = this.codes;
    let m = 0;
    let outliers = 0;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      const v = w[i];
      if (v !== v) continue;
      // The estimate predicts from the original value above (NaN where it is not coded).
      let pred = predict(p, i, i > 0 ? w[i - 1] : first);
      if (pred !== pred) pred = origin;
      const q = roundHalfUp((v - pred) * inv);
      if (Math.abs(q) <= QMAX) codes[m++] = q;
      else outliers++;
    }
    const nr = spec.kind === PRED_LINEAR ? spec.regs.length : 0;
    if (this.shared) return (((this.kernel as SzEncodeKernel).sharedBits(m, 2) + outliers * this.outlierBits) * this.nRows) / rows.length + 72 * nr;
    let bits = this.codeBits(m) + outliers * this.outlierBits + 72 * nr;
    bits = (bits * this.nRows) / rows.length;
    return bits;
  }

  /**
   * cost() for wide tables' two usual predictors (none, linear), paid on every column (stream
   * version 4): the sample loop and sharedCodeBits (the codes merged 2^s at a time until the
   * sample fills its bins, each merge adding back s bits per code: a sample of a few hundred
   * rows cannot measure the order-0 entropy of a wide alphabet) run in the WebAssembly kernel
   * (sdk/assembly/sz.ts's estimate).
   */
  private costShared(j: number, spec: CodedSpec, source: readonly Float64Array[]): number {
    const w = this.work.of(j);
    const p = inputsOf(j, spec, source, w, this.zeros, null, this.inputs);
    const nr = spec.kind === PRED_LINEAR ? spec.regs.length : 0;
    const kernel = this.kernel as SzEncodeKernel;
    const bits = kernel.estimate(spec.kind, w, 1 / (2 * spec.eb), spec.origin, p.coef, p.r0, p.r1, p.r2, nr > 0 ? 1 : 0);
    return ((bits + kernel.estimateOutliers * this.outlierBits) * this.nRows) / this.costRows.length + 72 * nr;
  }

  /** Sets codesLo and codesHi to the least and greatest of codes[0..m) (m >= 1). */
  private scanCodes(m: number): void {
    const codes = this.codes;
    let lo = codes[0];
    let hi = codes[0];
    for (let k = 1; k < m; k++) {
      const c = codes[k];
      if (c < lo) lo = c;
      else if (c > hi) hi = c;
    }
    this.codesLo = lo;
    this.codesHi = hi;
  }

  /** Order-0 entropy of codes[0..m) in bits, plus the price of learning each distinct code. */
  private codeBits(m: number): number {
    if (m === 0) return 0;
    const codes = this.codes;
    this.scanCodes(m);
    const lo = this.codesLo;
    const hi = this.codesHi;
    const span = hi - lo + 1;
    let bits = 0;
    let distinct = 0;
    if (span <= 1 << 16) {
      if (this.hist.length < span) this.hist = new Int32Array(span);
      const h = this.hist;
      for (let k = 0; k < m; k++) h[codes[k] - lo]++;
      for (let s = 0; s < span; s++) {
        const c = h[s];
        if (c > 0) {
          bits += c * Math.log2(m / c);
          distinct++;
          h[s] = 0;
        }
      }
    } else {
      const sorted = codes.subarray(0, m).sort();
      for (let k = 0; k < m; ) {
        let e = k + 1;
        while (e < m && sorted[e] === sorted[k]) e++;
        bits += (e - k) * Math.log2(m / (e - k));
        distinct++;
        k = e;
      }
    }
    return bits + distinct * (1 + 0.5 * Math.log2(m + 1));
  }

  /** Column j's working values at the fit rows, centred; null when not usable. */
  private centredOf(j: number): Float64Array | null {
    if (this.norms[j] >= 0) return this.centred[j];
    const rows = this.fitRows;
    let c: Float64Array | null = null;
    let norm = 0;
    if (this.work.regular(j) && rows.length > 1) {
      const w = this.work.of(j);
      c = this.spareCentred.pop() ?? this.kernel?.takeCentred() ?? new Float64Array(rows.length + this.sketchLength);
      let mean = 0;
      for (let r = 0; r < rows.length; r++) mean += w[rows[r]];
      mean /= rows.length;
      for (let r = 0; r < rows.length; r++) {
        const d = w[rows[r]] - mean;
        c[r] = d;
        norm += d * d;
      }
      this.means[j] = mean;
      if (this.sketchLength > 0) {
        const m = rows.length;
        for (let t = 0; t < this.sketchLength; t++) c[m + t] = c[t * this.sketchStep];
        this.sketchNorms[j] = dot4(c, c, m, m + this.sketchLength);
      }
      if (!(norm > 0) || !Number.isFinite(norm)) {
        this.spareCentred.push(c);
        c = null;
      }
    }
    this.norms[j] = c ? norm : 0;
    if (this.kernel) this.wasmAt[j] = c && this.kernel.holds(c) ? c.byteOffset : -1;
    this.centred[j] = c;
    return c;
  }

  /** Forward selection of up to three earlier columns by least squares on the fit rows. */
  private fitLinear(j: number): LinearFit | null {
    const y = this.centredOf(j);
    if (!y) return null;
    if (this.shared) return this.fitByGram(j, this.candidates(j, y));
    const m = y.length;
    const resid = this.resid;
    resid.set(y);
    let residSS = this.norms[j];
    const chosen: number[] = [];
    let coefs: number[] = [];
    const nc = this.candidates(j, y);
    const candidates = this.usable;
    for (let step = 0; step < MAX_REGRESSORS; step++) {
      let best = -1;
      let bestScore = 0;
      for (let k = 0; k < nc; k++) {
        const c = candidates[k];
        if (chosen.includes(c)) continue;
        const x = this.centred[c] as Float64Array;
        let dot = 0;
        for (let r = 0; r < m; r++) dot += resid[r] * x[r];
        const score = (dot * dot) / this.norms[c];
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      // Stop when the best candidate explains under 1% of what is left.
      if (best < 0 || bestScore < 0.01 * residSS) break;
      const trial = [...chosen, best];
      const sol = this.leastSquares(y, trial);
      if (!sol) break;
      chosen.push(best);
      coefs = sol;
      residSS = 0;
      for (let r = 0; r < m; r++) {
        let e = y[r];
        for (let k = 0; k < chosen.length; k++) e -= coefs[k] * (this.centred[chosen[k]] as Float64Array)[r];
        resid[r] = e;
        residSS += e * e;
      }
      if (residSS <= 1e-12 * this.norms[j]) break;
    }
    if (chosen.length === 0) return null;
    let intercept = this.means[j];
    for (let k = 0; k < chosen.length; k++) intercept -= coefs[k] * this.means[chosen[k]];
    if (!Number.isFinite(intercept) || !coefs.every(Number.isFinite)) return null;
    return { regs: chosen, coefs, intercept };
  }

  /**
   * fitLinear's forward selection for wide tables (stream version 4), on dot products computed
   * once: y with each candidate, and each chosen regressor with each candidate. The residual's
   * dot product with a candidate is y.x - sum b_k x_k.x, the normal equations are read from the
   * same products, and the residual's square sum is y.y - b.(X'y): 34 dot products of the fit
   * rows per column where the residual form took 71, with the same choices in exact arithmetic.
   * The products come from pairDot, which remembers them: two thirds of a chosen regressor's
   * products with the candidates were computed for an earlier column (neighbouring columns share
   * candidates and regressors). The candidates are usable[0..n) (candidates()'s); scratch arrays
   * are the planner's: no allocation per step.
   */
  private fitByGram(j: number, n: number): LinearFit | null {
    const candidates = this.usable;
    const dy = this.dy;
    const gram = this.gram;
    const norms = this.norms;
    for (let k = 0; k < n; k++) dy[k] = this.pairDot(j, candidates[k]);
    const yy = norms[j];
    let residSS = yy;
    // chosen[0..q): the chosen candidates' positions in `candidates`; coefs[0..q) their solution.
    const chosen = this.chosen;
    const coefs = this.coefs;
    const a = this.normal;
    let q = 0;
    for (let step = 0; step < MAX_REGRESSORS; step++) {
      let best = -1;
      let bestScore = 0;
      for (let k = 0; k < n; k++) {
        let taken = false;
        for (let p = 0; p < q; p++) if (chosen[p] === k) taken = true;
        if (taken) continue;
        let d = dy[k];
        for (let p = 0; p < q; p++) d -= coefs[p] * gram[p * WINDOW + k];
        const score = (d * d) / norms[candidates[k]];
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      if (best < 0 || bestScore < 0.01 * residSS) break;
      const cb = candidates[best];
      const row = q * WINDOW;
      chosen[q++] = best;
      // Its products with every candidate score the next step; after the last step only those
      // with the chosen ones (the normal equations) are read.
      if (q < MAX_REGRESSORS) for (let k = 0; k < n; k++) gram[row + k] = this.pairDot(cb, candidates[k]);
      else for (let p = 0; p < q; p++) gram[row + chosen[p]] = this.pairDot(cb, candidates[chosen[p]]);
      // The normal equations of the chosen columns, [X'X | X'y], solved with partial pivoting.
      for (let p = 0; p < q; p++) {
        for (let r = 0; r < q; r++) a[p * (q + 1) + r] = gram[p * WINDOW + chosen[r]];
        a[p * (q + 1) + q] = dy[chosen[p]];
      }
      // On failure coefs keeps the previous step's solution (solveSmall writes none).
      if (!solveSmall(a, q, norms, candidates, chosen, coefs)) {
        q--;
        break;
      }
      residSS = yy;
      for (let p = 0; p < q; p++) residSS -= coefs[p] * dy[chosen[p]];
      if (residSS <= 1e-12 * yy) break;
    }
    if (q === 0) return null;
    // Regressors in the order chosen, as fitLinear stores them, in arrays of their length: they
    // live in the column's spec until the header is written, and a pushed-to array reserves 16.
    const regs = new Array<number>(q);
    const fitted = new Array<number>(q);
    let intercept = this.means[j];
    let finite = true;
    for (let p = 0; p < q; p++) {
      const c = candidates[chosen[p]];
      regs[p] = c;
      fitted[p] = coefs[p];
      intercept -= coefs[p] * this.means[c];
      if (!Number.isFinite(coefs[p])) finite = false;
    }
    if (!Number.isFinite(intercept) || !finite) return null;
    return { regs, coefs: fitted, intercept };
  }

  /**
   * dot4 of centred columns a and b over the fit rows, remembered: both lie within WINDOW
   * columns of the column being planned, whose own products are stored as it is planned, so a
   * pair is kept in the slot of its later column (in a ring of PAIR_RING columns) at their
   * distance, tagged with that column. dot4 is symmetric, and a column's centred values do not
   * change while it is held, so a remembered product is the one that would be computed.
   */
  private pairDot(a: number, b: number): number {
    const hi = a > b ? a : b;
    const slot = (hi & (PAIR_RING - 1)) * PAIR_SPAN + (a > b ? a - b : b - a);
    if (this.pairTags[slot] === hi) return this.pairs[slot];
    const kernel = this.kernel;
    // The same sum in the same order either way (dots.ts, sdk/assembly/sz.ts's dot).
    const v =
      kernel && this.wasmAt[a] >= 0 && this.wasmAt[b] >= 0
        ? kernel.dot(this.wasmAt[a], this.wasmAt[b], this.fitRows.length)
        : dot4(this.centred[a] as Float64Array, this.centred[b] as Float64Array, 0, this.fitRows.length);
    this.pairs[slot] = v;
    this.pairTags[slot] = hi;
    return v;
  }

  /**
   * The earlier columns column j's regressors are chosen among, ascending: every usable one
   * in the window, or on a wide matrix the SCREEN best correlated with y on a sketch of
   * SKETCH_ROWS of the fit rows. The search then costs SCREEN full dot products per step
   * instead of WINDOW, which is most of what planning cost on a wide matrix (issue 11). They are
   * left in usable[0..n), n returned (a view of them per column was an allocation).
   */
  private candidates(j: number, y: Float64Array): number {
    const all = this.usable;
    let n = 0;
    for (let c = Math.max(0, j - WINDOW); c < j; c++) if (this.centredOf(c)) all[n++] = c;
    if (n <= SCREEN || this.work.length <= WIDE) return n;
    const score = this.sketchScores;
    if (this.sketchLength > 0) {
      const m = this.fitRows.length;
      const end = m + this.sketchLength;
      // In the kernel when y and every candidate lie there (the same sums as below).
      const at = this.screenAt;
      let inKernel = this.kernel !== null && this.wasmAt[j] >= 0;
      for (let k = 0; k < n && inKernel; k++) {
        at[k] = this.wasmAt[all[k]];
        this.screenNorms[k] = this.sketchNorms[all[k]];
        if (at[k] < 0) inKernel = false;
      }
      if (inKernel) {
        (this.kernel as SzEncodeKernel).screen(this.wasmAt[j], at, this.screenNorms, n, m, this.sketchLength, score);
        return this.screened(n, score);
      }
      for (let k = 0; k < n; k++) {
        const c = all[k];
        const dot = dot4(y, this.centred[c] as Float64Array, m, end);
        const xx = this.sketchNorms[c];
        score[k] = xx > 0 ? (dot * dot) / xx : 0;
      }
      return this.screened(n, score);
    }
    const m = y.length;
    const step = Math.max(1, Math.floor(m / SKETCH_ROWS));
    for (let k = 0; k < n; k++) {
      const c = all[k];
      const x = this.centred[c] as Float64Array;
      let dot = 0;
      let xx = 0;
      for (let r = 0; r < m; r += step) {
        dot += y[r] * x[r];
        xx += x[r] * x[r];
      }
      score[k] = xx > 0 ? (dot * dot) / xx : 0;
    }
    return this.screened(n, score);
  }

  /**
   * The SCREEN best scored of usable[0..n) (n > SCREEN), in their order, moved to its front
   * (their count returned). The cut is the
   * SCREEN-th largest score, as an ascending sort would place it (NaN above every number),
   * found by insertion into a short descending list: sorting a view of the scores per column
   * was an allocation and a sort call for 16 values of 64.
   */
  private screened(n: number, score: Float64Array): number {
    const all = this.usable;
    const top = this.sortedScores;
    let t = 0;
    for (let k = 0; k < n; k++) {
      const v = score[k];
      // Does v rank above the least of a full list? (NaN ranks above numbers, ties do not.)
      if (t === SCREEN && !(v > top[t - 1] || (v !== v && top[t - 1] === top[t - 1]))) continue;
      let at = t < SCREEN ? t++ : t - 1;
      while (at > 0 && (v > top[at - 1] || (v !== v && top[at - 1] === top[at - 1]))) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = v;
    }
    const cut = top[SCREEN - 1];
    let kept = 0;
    for (let k = 0; k < n && kept < SCREEN; k++) if (score[k] >= cut) all[kept++] = all[k];
    return kept;
  }

  /** Solves the normal equations for y on the given centred columns (solveSmall, on products summed in one running sum). */
  private leastSquares(y: Float64Array, cols: number[]): number[] | null {
    const k = cols.length;
    const a = new Float64Array(k * (k + 1));
    for (let p = 0; p < k; p++) {
      const xp = this.centred[cols[p]] as Float64Array;
      for (let q = 0; q < k; q++) a[p * (k + 1) + q] = dotOf(xp, this.centred[cols[q]] as Float64Array);
      a[p * (k + 1) + k] = dotOf(xp, y);
    }
    const x = new Float64Array(k);
    return solveSmall(a, k, this.norms, Int32Array.from(cols), Int32Array.from(cols, (_, p) => p), x) ? Array.from(x) : null;
  }
}

function dotOf(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let r = 0; r < a.length; r++) s += a[r] * b[r];
  return s;
}

/**
 * Solves the q x q system in a (rows of q + 1: the matrix, then the right-hand side) by
 * Gaussian elimination with partial pivoting, in place, into x[0..q); false (x untouched) when
 * a pivot is negligible against the norm of its unknown's column (norms[cols[chosen[p]]]). The
 * one elimination of both searches (leastSquares and fitByGram).
 */
function solveSmall(a: Float64Array, q: number, norms: Float64Array, cols: Int32Array, chosen: Int32Array, x: Float64Array): boolean {
  const w = q + 1;
  for (let p = 0; p < q; p++) {
    let piv = p;
    for (let r = p + 1; r < q; r++) if (Math.abs(a[r * w + p]) > Math.abs(a[piv * w + p])) piv = r;
    if (piv !== p) {
      for (let c = 0; c < w; c++) {
        const t = a[p * w + c];
        a[p * w + c] = a[piv * w + c];
        a[piv * w + c] = t;
      }
    }
    if (!(Math.abs(a[p * w + p]) > 1e-12 * norms[cols[chosen[p]]])) return false;
    for (let r = p + 1; r < q; r++) {
      const f = a[r * w + p] / a[p * w + p];
      for (let c = p; c < w; c++) a[r * w + c] -= f * a[p * w + c];
    }
  }
  for (let p = q - 1; p >= 0; p--) {
    let s = a[p * w + q];
    for (let c = p + 1; c < q; c++) s -= a[p * w + c] * x[c];
    x[p] = s / a[p * w + p];
  }
  return true;
}

/** Minimum over the non-NaN values (0 when there are none). */
export function minOf(w: Float64Array): number {
  let lo = Infinity;
  for (let i = 0; i < w.length; i++) if (w[i] < lo) lo = w[i];
  return lo === Infinity ? 0 : lo;
}
