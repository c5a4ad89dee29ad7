// What the encoder decides per column and the decoder must know: the predictor, the absolute
// error bound in the working domain, and the predictor's stored parameters.

/** Every value of the column is the same (bitwise as a number): nothing is coded. */
export const KIND_CONST = 0;
/** No prediction: linear-scaling quantization around the column's minimum. */
export const PRED_NONE = 1;
/** 1-D Lorenzo along the rows: the previous decoded value of the column. */
export const PRED_ROWS = 2;
/** 2-D Lorenzo: left + up - up-left, the previous column being the left neighbour. */
export const PRED_LORENZO2 = 3;
/** Cross-column linear model: intercept + sum of coefficients x decoded earlier columns. */
export const PRED_LINEAR = 4;
/**
 * `matrix` layout: the least-squares plane of the value's block (plane.ts), or 2-D Lorenzo in
 * the blocks where the plane predicts worse.
 */
export const PRED_PLANE = 5;
export const MAX_REGRESSORS = 3;

export interface ColumnSpec {
  kind: number;
  /** Absolute bound in the working domain (the value, or log2|value| for sz-pwrel). */
  eb: number;
  /** PRED_NONE: the bin origin; every predictor: the stand-in for values that are not coded. */
  origin: number;
  /** PRED_LINEAR only: indices of earlier columns, their coefficients and the intercept. */
  regs: number[];
  coefs: number[];
  intercept: number;
  /** KIND_CONST only. */
  value: number;
  /** The largest token of the column (sizes the entropy coder's model). */
  maxToken: number;
}

export function constSpec(value: number): ColumnSpec {
  return { kind: KIND_CONST, eb: 0, origin: 0, regs: [], coefs: [], intercept: 0, value, maxToken: 0 };
}

export function predSpec(kind: number, eb: number, origin: number): ColumnSpec {
  return { kind, eb, origin, regs: [], coefs: [], intercept: 0, value: 0, maxToken: 0 };
}

export const PREDICTOR_NAMES: Record<number, string> = {
  [KIND_CONST]: 'constant',
  [PRED_NONE]: 'none',
  [PRED_ROWS]: 'rows',
  [PRED_LORENZO2]: 'lorenzo2d',
  [PRED_LINEAR]: 'linear',
  [PRED_PLANE]: 'plane',
};
