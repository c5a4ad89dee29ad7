// Each SZ predictor's formula, written once: the planner's cost estimate, the encoder and the
// decoder all predict through `predict`, so they cannot drift apart. A predictor reads the
// column's own value one row up and, by kind, the left column, the block planes or the
// regressor columns of the same row.

import { MAX_REGRESSORS, PRED_LINEAR, PRED_LORENZO2, PRED_NONE, PRED_PLANE, PRED_ROWS, type CodedSpec, type LinearSpec } from './spec';

/**
 * A coded column's predictor with the arrays it reads resolved, in the one shape the hot
 * loops see (every field set, unused ones to harmless stand-ins, so the JIT keeps one map).
 * Its numbers live in a Float64Array, so that the hot loops read them as doubles: as object
 * fields (some columns' zeros small integers, others' doubles) or a 0 literal beside a double,
 * the JIT (Node 20) boxed every prediction, a heap allocation per value.
 */
export interface PredictorInputs {
  kind: CodedSpec['kind'];
  /** [origin, intercept, coefficient of r0, of r1, of r2 (0 where absent), the value above row 0]. */
  coef: Float64Array;
  /** PRED_LORENZO2 / PRED_PLANE: the left column (zeros for the first column, so 2-D Lorenzo becomes 1-D). */
  left: Float64Array;
  /** PRED_PLANE: the column's plane predictions, NaN in row blocks that use 2-D Lorenzo. */
  plane: Float64Array;
  /** PRED_LINEAR: the regressor columns and their coefficients (0 x the column itself where absent). */
  r0: Float64Array;
  r1: Float64Array;
  r2: Float64Array;
}

/**
 * The predictor of a coded column. `columns[c]` are the values the predictor reads for column c
 * (decoded ones in the codec, originals in the planner's estimates); `self` stands in for
 * absent inputs; `zeros` is a zero column of the column's length; `plane` the column's plane
 * predictions (PRED_PLANE only). Written into `into` when given (the encoder's and planner's
 * scratch, reused per column: two allocations per call were a tenth of the encoder's garbage).
 */
export function inputsOf(
  j: number,
  spec: CodedSpec,
  columns: readonly Float64Array[],
  self: Float64Array,
  zeros: Float64Array,
  plane: Float64Array | null,
  into: PredictorInputs = scratchInputs(),
): PredictorInputs {
  const lorenzo = spec.kind === PRED_LORENZO2 || spec.kind === PRED_PLANE;
  const linear = spec.kind === PRED_LINEAR ? spec : null;
  const nr = linear ? linear.regs.length : 0;
  const coef = into.coef;
  coef[0] = spec.origin;
  coef[5] = spec.kind === PRED_ROWS ? spec.origin : 0;
  for (let k = 0; k < MAX_REGRESSORS; k++) coef[2 + k] = k < nr ? (linear as LinearSpec).coefs[k] : 0;
  coef[1] = linear ? linear.intercept : 0;
  into.kind = spec.kind;
  into.left = lorenzo ? (j > 0 ? columns[j - 1] : zeros) : self;
  into.plane = spec.kind === PRED_PLANE && plane ? plane : self;
  into.r0 = linear && nr > 0 ? columns[linear.regs[0]] : self;
  into.r1 = linear && nr > 1 ? columns[linear.regs[1]] : self;
  into.r2 = linear && nr > 2 ? columns[linear.regs[2]] : self;
  return into;
}

/** A scratch for inputsOf's `into` (its arrays stand-ins until it is written). */
export function scratchInputs(): PredictorInputs {
  const none = new Float64Array(0);
  return { kind: PRED_NONE, coef: new Float64Array(6), left: none, plane: none, r0: none, r1: none, r2: none };
}

/** The value `up` stands for above the first row. */
export function upOfFirstRow(p: PredictorInputs): number {
  return p.coef[5];
}

/** The prediction of row i, given the column's value one row up (upOfFirstRow at row 0). */
export function predict(p: PredictorInputs, i: number, up: number): number {
  const kind = p.kind;
  // Literal indices: with named module constants V8 (Node 20) boxed the loaded doubles again.
  const c = p.coef;
  if (kind === PRED_NONE) return c[0];
  // `up * 1` is `up` (for every double, -0 included); returned bare, it left the JIT boxing the
  // predictions of the loops that inline this function, once all kinds had run in the process.
  if (kind === PRED_ROWS) return up * 1;
  if (kind === PRED_LINEAR) return c[1] + c[2] * p.r0[i] + c[3] * p.r1[i] + c[4] * p.r2[i];
  if (kind === PRED_PLANE) {
    const pp = p.plane[i];
    if (pp === pp) return pp;
  }
  const left = p.left;
  return left[i] + up - (i > 0 ? left[i - 1] : 0);
}
