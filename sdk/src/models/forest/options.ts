// The forest's options, validated once: every error names the option, the value and what is
// allowed. Defaults are chosen to match scikit-learn's RandomForest quality (see README).

import { check } from '../../util/errors';
import { checkWorkerCount } from '../../util/workers';

export type ForestTask = 'regression' | 'classification';

/** A fraction of the features in (0, 1], or 'sqrt' / 'log2' of their count, or 'all'. */
export type MaxFeatures = number | 'sqrt' | 'log2' | 'all';

export interface ForestOptions {
  /** Default: 'regression' for a Float64Array target, 'classification' for string labels. */
  task?: ForestTask;
  /** Trees, default 100. */
  nTrees?: number;
  /** Features tried per split; default 1/3 for regression (Breiman's p/3), 'sqrt' for classification. */
  maxFeatures?: MaxFeatures;
  /** Default: unlimited (grow until leaves are pure or too small). */
  maxDepth?: number;
  /** Default 1. */
  minSamplesLeaf?: number;
  /** Default 2. */
  minSamplesSplit?: number;
  /** Bootstrap rows per tree (default true); false: every tree sees every row. */
  bootstrap?: boolean;
  /** Rows drawn per tree as a fraction of the training rows, (0, 1], default 1. */
  maxSamples?: number;
  /** Bins per feature, an integer in [2, 256], default 256. */
  maxBins?: number;
  /** Worker threads; default one per core; 0 trains in the calling thread. Results do not depend on it. */
  workers?: number;
}

export interface ResolvedForestOptions {
  task: ForestTask | undefined;
  nTrees: number;
  maxFeatures: MaxFeatures | undefined;
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  bootstrap: boolean;
  maxSamples: number;
  maxBins: number;
  workers: number;
}

const isInt = (v: unknown, lo: number, hi: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export function resolveForestOptions(o: ForestOptions = {}): ResolvedForestOptions {
  check(o.task === undefined || o.task === 'regression' || o.task === 'classification', 'forest task', o.task, "'regression' or 'classification'");
  check(o.nTrees === undefined || isInt(o.nTrees, 1, 100000), 'forest nTrees', o.nTrees, 'an integer in [1, 100000]');
  const mf = o.maxFeatures;
  check(
    mf === undefined || mf === 'sqrt' || mf === 'log2' || mf === 'all' || (typeof mf === 'number' && mf > 0 && mf <= 1),
    'forest maxFeatures',
    mf,
    "a fraction in (0, 1], 'sqrt', 'log2' or 'all'",
  );
  check(o.maxDepth === undefined || o.maxDepth === Infinity || isInt(o.maxDepth, 1, 10000), 'forest maxDepth', o.maxDepth, 'an integer in [1, 10000] or Infinity');
  check(o.minSamplesLeaf === undefined || isInt(o.minSamplesLeaf, 1, 1e9), 'forest minSamplesLeaf', o.minSamplesLeaf, 'an integer >= 1');
  check(o.minSamplesSplit === undefined || isInt(o.minSamplesSplit, 2, 1e9), 'forest minSamplesSplit', o.minSamplesSplit, 'an integer >= 2');
  check(o.bootstrap === undefined || typeof o.bootstrap === 'boolean', 'forest bootstrap', o.bootstrap, 'true or false');
  check(o.maxSamples === undefined || (typeof o.maxSamples === 'number' && o.maxSamples > 0 && o.maxSamples <= 1), 'forest maxSamples', o.maxSamples, 'a fraction in (0, 1]');
  check(o.maxBins === undefined || isInt(o.maxBins, 2, 256), 'forest maxBins', o.maxBins, 'an integer in [2, 256]');
  return {
    task: o.task,
    nTrees: o.nTrees ?? 100,
    maxFeatures: mf,
    maxDepth: o.maxDepth ?? Infinity,
    minSamplesLeaf: o.minSamplesLeaf ?? 1,
    minSamplesSplit: o.minSamplesSplit ?? 2,
    bootstrap: o.bootstrap ?? true,
    maxSamples: o.maxSamples ?? 1,
    maxBins: o.maxBins ?? 256,
    workers: checkWorkerCount('forest workers', o.workers),
  };
}

/** Features tried per split, as a count in [1, nFeatures]. */
export function featuresPerSplit(mf: MaxFeatures | undefined, task: ForestTask, nFeatures: number): number {
  const m = mf ?? (task === 'regression' ? 1 / 3 : 'sqrt');
  const k = m === 'all' ? nFeatures : m === 'sqrt' ? Math.sqrt(nFeatures) : m === 'log2' ? Math.log2(nFeatures) : m * nFeatures;
  // scikit-learn truncates a fraction (int(max_features * n)) and keeps at least one.
  return Math.min(nFeatures, Math.max(1, Math.floor(k)));
}
