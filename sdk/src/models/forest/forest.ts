// The `forest` reference model: a random forest (bagged histogram trees with feature
// subsampling) for regression and classification, the paper's Superconductor model. Trees grow
// on worker threads; each tree's seed comes from the model seed and its index, so the same
// seed gives the same forest whatever the number of workers.

import { Rng, type FeatureBlock } from '../../data/dataset';
import { DataError, UsageError } from '../../util/errors';
import { compiledWorkerPath, runOnWorkers } from '../../util/workers';
import type { FitOptions, Model } from '../types';
import { checkNoInfinity, columnMedians, imputeMissing } from '../inputs';
import { binFeatures } from './binning';
import type { ForestWorkerData } from './forestWorker';
import { featuresPerSplit, resolveForestOptions, type ForestOptions, type ForestTask, type ResolvedForestOptions } from './options';
import { accumulateTree, buildTree, type TrainData, type TreeArrays, type TreeParams } from './tree';

export type ForestTarget = Float64Array | string[];

interface Fitted {
  task: ForestTask;
  nFeatures: number;
  /** Training medians: a missing (NaN) feature value is read as its column's median. */
  medians: Float64Array;
  trees: TreeArrays[];
  /** Classification: the class of each code, as strings or as numbers like the training target. */
  classes: (string | number)[];
  labelKind: 'string' | 'number';
}

export class Forest implements Model<ForestTarget> {
  readonly name = 'forest';
  private readonly options: ResolvedForestOptions;
  private fitted: Fitted | null = null;

  constructor(options: ForestOptions = {}) {
    this.options = resolveForestOptions(options);
  }

  async fit(x0: FeatureBlock, y: ForestTarget, options: FitOptions = {}): Promise<void> {
    const o = this.options;
    const seed = options.seed ?? 0;
    if (!(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`forest seed: got ${seed}, expected a non-negative integer`);
    checkShapes('forest fit', x0, y.length);
    checkNoInfinity('forest fit', x0);
    const medians = columnMedians(x0);
    const x = imputeMissing(x0, medians);
    const task = o.task ?? (Array.isArray(y) ? 'classification' : 'regression');
    if (task === 'regression' && Array.isArray(y)) throw new UsageError("forest task: got 'regression', but the target holds string labels");
    const { codes, classes } = task === 'regression' ? regressionTarget(y as Float64Array) : encodeClasses(y);
    const shared = o.workers > 0;
    const binned = binFeatures(x, o.maxBins, shared);
    const yShared = shared ? new Float64Array(new SharedArrayBuffer(codes.length * 8)) : codes;
    if (shared) yShared.set(codes);
    const data: TrainData = { ...binned, y: yShared, nClasses: task === 'regression' ? 0 : classes.length };
    const params: TreeParams = {
      mtry: featuresPerSplit(o.maxFeatures, task, x.columns.length),
      minSamplesLeaf: o.minSamplesLeaf,
      minSamplesSplit: o.minSamplesSplit,
      maxDepth: o.maxDepth,
      bootstrap: o.bootstrap,
      nDraws: Math.max(1, Math.round(o.maxSamples * x.nRows)),
    };
    const seeds = treeSeeds(seed, o.nTrees);
    const progress = (done: number) => options.onProgress?.(done / o.nTrees, `${done} of ${o.nTrees} trees`);
    const trees = o.workers > 0 ? await growOnWorkers(data, params, seeds, o.workers, progress) : growHere(data, params, seeds, progress);
    this.fitted = { task, nFeatures: x.columns.length, medians, trees, classes, labelKind: Array.isArray(y) ? 'string' : 'number' };
  }

  async predict(x0: FeatureBlock): Promise<ForestTarget> {
    const f = this.requireFitted(x0);
    const x = imputeMissing(x0, f.medians);
    if (f.task === 'regression') return this.sumTrees(x, 1);
    const prob = this.sumTrees(x, f.classes.length);
    return f.labelKind === 'string' ? argmaxLabels(prob, f.classes) : argmaxCodes(prob, f.classes);
  }

  /** Class probabilities (mean of the trees' leaf frequencies), row-major n x classes().length. */
  async predictProbabilities(x: FeatureBlock): Promise<Float64Array> {
    const f = this.requireFitted(x);
    if (f.task !== 'classification') throw new UsageError('forest predictProbabilities: the forest was fitted for regression');
    return this.sumTrees(imputeMissing(x, f.medians), f.classes.length);
  }

  /** The classes in code order (the columns of predictProbabilities). */
  classes(): (string | number)[] {
    return this.fitted ? this.fitted.classes.slice() : [];
  }

  /** Nodes per tree, for reports and tests. */
  treeSizes(): number[] {
    return this.fitted ? this.fitted.trees.map((t) => t.feature.length) : [];
  }

  dispose(): void {
    this.fitted = null;
  }

  private requireFitted(x: FeatureBlock): Fitted {
    const f = this.fitted;
    if (!f) throw new UsageError('forest predict: the model is not fitted (call fit first)');
    if (x.columns.length !== f.nFeatures) throw new DataError(`forest predict: got ${x.columns.length} feature columns, the model was fitted on ${f.nFeatures}`);
    checkShapes('forest predict', x, x.nRows);
    checkNoInfinity('forest predict', x);
    return f;
  }

  private sumTrees(x: FeatureBlock, width: number): Float64Array {
    const trees = this.fitted!.trees;
    const out = new Float64Array(x.nRows * width);
    const scale = 1 / trees.length;
    for (const t of trees) accumulateTree(t, x.columns, x.nRows, width, scale, out);
    return out;
  }
}

export function createForest(options: ForestOptions = {}): Forest {
  return new Forest(options);
}

function checkShapes(what: string, x: FeatureBlock, nTarget: number): void {
  if (x.columns.length === 0) throw new DataError(`${what}: no feature columns`);
  if (x.nRows === 0) throw new DataError(`${what}: no rows`);
  if (nTarget !== x.nRows) throw new DataError(`${what}: ${x.nRows} feature rows but ${nTarget} target values`);
  x.columns.forEach((c, j) => {
    if (c.length !== x.nRows) throw new DataError(`${what}: feature column ${j} has ${c.length} rows, expected ${x.nRows}`);
  });
}

function regressionTarget(y: Float64Array): { codes: Float64Array; classes: (string | number)[] } {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new DataError(`forest fit: target[${i}] is ${y[i]}, expected a finite number`);
  }
  return { codes: y, classes: [] };
}

/** Codes labels 0..K-1 in sorted order (numbers numerically, strings as text). */
function encodeClasses(y: ForestTarget): { codes: Float64Array; classes: (string | number)[] } {
  const distinct = new Set<string | number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isFinite(v)) throw new DataError(`forest fit: target[${i}] is ${v}, expected a class label`);
    distinct.add(v);
  }
  const classes = [...distinct].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1));
  if (classes.length > 65536) throw new DataError(`forest fit: ${classes.length} distinct classes; is the target numeric (task 'regression')?`);
  const index = new Map(classes.map((c, k) => [c, k]));
  const codes = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) codes[i] = index.get(y[i])!;
  return { codes, classes };
}

/** One seed per tree, drawn in tree order from the model seed. */
function treeSeeds(seed: number, nTrees: number): number[] {
  const rng = new Rng(seed);
  const seeds: number[] = [];
  for (let t = 0; t < nTrees; t++) seeds.push(rng.nextU32());
  return seeds;
}

function growHere(data: TrainData, params: TreeParams, seeds: number[], progress: (done: number) => void): TreeArrays[] {
  return seeds.map((s, t) => {
    const tree = buildTree(data, params, s);
    progress(t + 1);
    return tree;
  });
}

async function growOnWorkers(data: TrainData, params: TreeParams, seeds: number[], workers: number, progress: (done: number) => void): Promise<TreeArrays[]> {
  const script = compiledWorkerPath(__filename, 'forestWorker');
  const shared: ForestWorkerData = { data, params };
  return runOnWorkers<number, TreeArrays>(script, workers, shared, seeds, progress);
}

function argmax(prob: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (prob[i * k + c] > prob[i * k + best]) best = c;
  return best;
}

function argmaxLabels(prob: Float64Array, classes: (string | number)[]): string[] {
  const k = classes.length;
  const n = prob.length / k;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = String(classes[argmax(prob, i, k)]);
  return out;
}

function argmaxCodes(prob: Float64Array, classes: (string | number)[]): Float64Array {
  const k = classes.length;
  const n = prob.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = classes[argmax(prob, i, k)] as number;
  return out;
}
