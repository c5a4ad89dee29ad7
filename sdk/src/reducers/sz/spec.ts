// What the encoder decides per column and the decoder must know: the predictor, the absolute
// error bound in the working domain, and the predictor's stored parameters (one record type
// per kind, so a field exists only where it means something).

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
 * `matrix` layout: the least-squares plane of the value's block (planes.ts), or 2-D Lorenzo in
 * the blocks where the plane predicts worse.
 */
export const PRED_PLANE = 5;
export const MAX_REGRESSORS = 3;

/** A column that is not coded: every value is `value`. */
export interface ConstSpec {
  kind: typeof KIND_CONST;
  value: number;
}

/** What every coded column stores. */
interface CodedFields {
  /** Absolute bound in the working domain (the value, or log2|value| for sz-pwrel). */
  eb: number;
  /** PRED_NONE: the bin origin; every predictor: the stand-in for values that are not coded. */
  origin: number;
  /** The largest token of the column (sizes the entropy coder's model); set once coded. */
  maxToken: number;
  /** Stream version 3: the token group the column is coded in (groups.ts); set once coded. */
  group: number;
}

/** A coded column whose predictor has no stored parameters. */
export interface PlainSpec extends CodedFields {
  kind: typeof PRED_NONE | typeof PRED_ROWS | typeof PRED_LORENZO2 | typeof PRED_PLANE;
}

/** The cross-column linear model: intercept + sum of coefs[k] x decoded column regs[k]. */
export interface LinearFit {
  regs: number[];
  coefs: number[];
  intercept: number;
}

export interface LinearSpec extends CodedFields, LinearFit {
  kind: typeof PRED_LINEAR;
}

export type CodedSpec = PlainSpec | LinearSpec;
export type ColumnSpec = ConstSpec | CodedSpec;

export function constSpec(value: number): ConstSpec {
  return { kind: KIND_CONST, value };
}

export function plainSpec(kind: PlainSpec['kind'], eb: number, origin: number): PlainSpec {
  return { kind, eb, origin, maxToken: 0, group: 0 };
}

export function linearSpec(eb: number, origin: number, fit: LinearFit): LinearSpec {
  return { kind: PRED_LINEAR, eb, origin, maxToken: 0, group: 0, regs: fit.regs, coefs: fit.coefs, intercept: fit.intercept };
}

export const PREDICTOR_NAMES: Record<number, string> = {
  [KIND_CONST]: 'constant',
  [PRED_NONE]: 'none',
  [PRED_ROWS]: 'rows',
  [PRED_LORENZO2]: 'lorenzo2d',
  [PRED_LINEAR]: 'linear',
  [PRED_PLANE]: 'plane',
};
