// The SVM's options, validated once; defaults follow scikit-learn's SVC (RBF, C = 1,
// gamma 'scale', tol 1e-3) and LinearSVC (C = 1, tol 1e-4, 1000 passes).

import { check } from '../../util/errors';

export type SvmKernel = 'rbf' | 'linear';

export interface SvmOptions {
  /** 'rbf' (default): kernel SVM by SMO. 'linear': dual coordinate descent, for large sets such as buzz. */
  kernel?: SvmKernel;
  /** Penalty of margin violations, > 0; default 1. */
  C?: number;
  /** RBF width: 'scale' (default, 1 / (features x variance of the scaled inputs)), 'auto' (1 / features) or a number > 0. */
  gamma?: 'scale' | 'auto' | number;
  /** Stopping tolerance; default 1e-3 (rbf) or 1e-4 (linear). */
  tol?: number;
  /** Iteration cap: SMO steps (default 10,000,000) or passes over the data (linear, default 1000). */
  maxIter?: number;
  /** The positive class (+1 side of the decision); default the training set's minority class. */
  positive?: string | number;
  /** Kernel row cache, MB; default 200 (as scikit-learn). */
  cacheMB?: number;
  /** Scale each feature to zero mean and unit variance (fitted on the training rows); default true. */
  standardize?: boolean;
}

export interface ResolvedSvmOptions {
  kernel: SvmKernel;
  C: number;
  gamma: 'scale' | 'auto' | number;
  tol: number;
  maxIter: number;
  positive: string | number | undefined;
  cacheMB: number;
  standardize: boolean;
}

const positiveNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function resolveSvmOptions(o: SvmOptions = {}): ResolvedSvmOptions {
  check(o.kernel === undefined || o.kernel === 'rbf' || o.kernel === 'linear', 'svm kernel', o.kernel, "'rbf' or 'linear'");
  check(o.C === undefined || positiveNumber(o.C), 'svm C', o.C, 'a finite number > 0');
  check(o.gamma === undefined || o.gamma === 'scale' || o.gamma === 'auto' || positiveNumber(o.gamma), 'svm gamma', o.gamma, "'scale', 'auto' or a finite number > 0");
  check(o.tol === undefined || positiveNumber(o.tol), 'svm tol', o.tol, 'a finite number > 0');
  check(o.maxIter === undefined || (Number.isInteger(o.maxIter) && o.maxIter >= 1), 'svm maxIter', o.maxIter, 'an integer >= 1');
  check(o.positive === undefined || typeof o.positive === 'string' || typeof o.positive === 'number', 'svm positive', o.positive, 'a class label (string or number)');
  check(o.cacheMB === undefined || positiveNumber(o.cacheMB), 'svm cacheMB', o.cacheMB, 'a number of megabytes > 0');
  check(o.standardize === undefined || typeof o.standardize === 'boolean', 'svm standardize', o.standardize, 'true or false');
  const kernel = o.kernel ?? 'rbf';
  return {
    kernel,
    C: o.C ?? 1,
    gamma: o.gamma ?? 'scale',
    tol: o.tol ?? (kernel === 'rbf' ? 1e-3 : 1e-4),
    maxIter: o.maxIter ?? (kernel === 'rbf' ? 10_000_000 : 1000),
    positive: o.positive,
    cacheMB: o.cacheMB ?? 200,
    standardize: o.standardize ?? true,
  };
}
