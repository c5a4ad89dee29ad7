// One experiment point, in two steps a sweep can reuse: reduceLoaded() reduces the training and
// validation features of loaded data with a reducer and restores them through a real container;
// fitAndScore() trains the application's model on the restored training set and scores it on
// the restored validation set, for any model seed. Samplers reduce the training rows only (a
// sampled validation set would change the yardstick, not the model). evaluate() does it all.

import { performance } from 'node:perf_hooks';
import { reduceAndRestore } from '../container/pipeline';
import type { Dataset } from '../data/dataset';
import { FeatureValueError } from '../models/inputs';
import type { TargetValues } from '../models/types';
import { getReducer, normalizeConfig } from '../reducers/registry';
import type { NormalizedConfig, ReducerConfig } from '../reducers/types';
import { DataError, UsageError } from '../util/errors';
import { LOSSYML_VERSION } from '../util/version';
import { evaluationKey } from './keys';
import { loadApp, rowName, type LoadedApp } from './load';
import type { EvaluationRecord } from './record';
import type { App, AppOptions } from './types';

export type { EvaluationRecord } from './record';

const now = () => performance.now() / 1000;

/** Rows of y at the given indices (for samplers, whose rows the container drops). */
export function selectTargetRows(y: TargetValues, rows: ArrayLike<number>): TargetValues {
  if (Array.isArray(y)) return Array.from(rows, (r) => y[r]);
  if (y instanceof Float64Array) return Float64Array.from(rows, (r) => y[r]);
  const out = new Float32Array(rows.length * y.width);
  for (let i = 0; i < rows.length; i++) out.set(y.values.subarray(rows[i] * y.width, (rows[i] + 1) * y.width), i * y.width);
  return { kind: 'multi', width: y.width, values: out };
}

/** A config's restored data, ready to train on with any number of model seeds. */
export interface ReducedData {
  loaded: LoadedApp;
  config: NormalizedConfig;
  train: Dataset;
  yTrain: TargetValues;
  validation: Dataset;
  /** Sampler: the rows of loaded.data.train it kept, in stored order. */
  trainRowsKept?: Uint32Array;
  /** Feature bytes before and after reduction, over every set stored. */
  originalBytes: number;
  storedBytes: number;
  /** Whole containers (target included), and the target as a plain column, over every set stored. */
  fileBytes: number;
  targetRawBytes: number;
  /** Values the method could not represent, stored exactly instead. */
  storedExactly: number;
  reduceSeconds: number;
  restoreSeconds: number;
}

/** The reducer config as evaluated: normalized, and a sampler seeded by the load's seed unless it names one. */
export function evaluationConfig(config: ReducerConfig, seed: number): NormalizedConfig {
  const seeded = hasSeedSetting(config.id) && config.seed === undefined ? { ...config, seed } : config;
  return normalizeConfig(seeded);
}

/** Reduces and restores the features of loaded data with one config (train, and validation for codecs). */
export async function reduceLoaded(loaded: LoadedApp, config: ReducerConfig): Promise<ReducedData> {
  const cfg = evaluationConfig(config, loaded.seed);
  const data = loaded.data;
  const t = await reduceAndRestore(data.train, cfg);
  if (t.rowsKept) {
    // A sampler: the targets follow the rows it kept; the validation set is not sampled.
    return {
      loaded,
      config: cfg,
      train: t.restored,
      yTrain: selectTargetRows(data.yTrain, t.rowsKept),
      validation: data.validation,
      trainRowsKept: t.rowsKept,
      originalBytes: t.originalBytes,
      storedBytes: t.storedBytes,
      fileBytes: t.fileBytes,
      targetRawBytes: t.targetRawBytes,
      storedExactly: t.storedExactly,
      reduceSeconds: t.encodeSeconds,
      restoreSeconds: t.decodeSeconds,
    };
  }
  const v = await reduceAndRestore(data.validation, cfg);
  return {
    loaded,
    config: cfg,
    train: t.restored,
    yTrain: data.yTrain,
    validation: v.restored,
    originalBytes: t.originalBytes + v.originalBytes,
    storedBytes: t.storedBytes + v.storedBytes,
    fileBytes: t.fileBytes + v.fileBytes,
    targetRawBytes: t.targetRawBytes + v.targetRawBytes,
    storedExactly: t.storedExactly + v.storedExactly,
    reduceSeconds: t.encodeSeconds + v.encodeSeconds,
    restoreSeconds: t.decodeSeconds + v.decodeSeconds,
  };
}

export interface ScoreOptions {
  /** The model's seed; default: the seed the data was loaded with. */
  modelSeed?: number;
}

/**
 * The key the record of (loaded data, config, model seed) will have, known before any work: a
 * sweep resumes by skipping the keys it has already stored.
 */
export function evaluationKeyFor(loaded: LoadedApp, config: ReducerConfig | NormalizedConfig, modelSeed: number = loaded.seed): string {
  return evaluationKey({
    app: loaded.app.name,
    dataFingerprint: loaded.fingerprint,
    config: evaluationConfig(config, loaded.seed),
    seeds: { data: loaded.seed, model: modelSeed },
    quick: loaded.quick,
    version: LOSSYML_VERSION,
  });
}

/** Trains the application's model on reduced data with one seed and scores it: one record. */
export async function fitAndScore(reduced: ReducedData, options: ScoreOptions = {}): Promise<EvaluationRecord> {
  const { loaded, config } = reduced;
  const { app, data, metric } = loaded;
  const seed = options.modelSeed ?? loaded.seed;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new UsageError(`modelSeed: got ${seed}, expected an integer in [0, 4294967295]`);
  const model = app.createModel({ quick: loaded.quick, positive: metric.positive });
  try {
    const t0 = now();
    await model.fit(reduced.train, reduced.yTrain, { seed }).catch((e) => rethrowNamed(e, reduced, 'train'));
    const t1 = now();
    const pred = await model.predict(reduced.validation).catch((e) => rethrowNamed(e, reduced, 'validation'));
    const t2 = now();
    const quality = metric.compute(data.yValidation, pred);
    const mbps = reduced.restoreSeconds > 0 ? reduced.originalBytes / 1e6 / reduced.restoreSeconds : undefined;
    return {
      key: evaluationKeyFor(loaded, config, seed),
      app: app.name,
      model: app.model,
      task: app.task,
      source: data.source,
      dataFingerprint: loaded.fingerprint,
      config,
      seed,
      dataSeed: loaded.seed,
      quick: loaded.quick,
      metric: metric.name,
      higherIsBetter: metric.higherIsBetter,
      ...(metric.positive !== undefined ? { positiveClass: metric.positive } : {}),
      quality,
      compressionRatio: reduced.originalBytes / reduced.storedBytes,
      fileRatio: (reduced.originalBytes + reduced.targetRawBytes) / reduced.fileBytes,
      storedExactly: reduced.storedExactly,
      ...(mbps !== undefined ? { decompressMBps: mbps } : {}),
      bytes: { original: reduced.originalBytes, stored: reduced.storedBytes },
      rows: { train: data.train.nRows, trainStored: reduced.train.nRows, validation: data.validation.nRows },
      seconds: {
        load: loaded.loadSeconds,
        reduce: reduced.reduceSeconds,
        restore: reduced.restoreSeconds,
        fit: t1 - t0,
        predict: t2 - t1,
        total: loaded.loadSeconds + reduced.reduceSeconds + reduced.restoreSeconds + (t2 - t0),
      },
      versions: { lossyml: LOSSYML_VERSION, node: process.version },
    };
  } finally {
    model.dispose();
  }
}

/** One config on loaded data with one model seed. */
export async function evaluateLoaded(loaded: LoadedApp, config: ReducerConfig, options: ScoreOptions = {}): Promise<EvaluationRecord> {
  return fitAndScore(await reduceLoaded(loaded, config), options);
}

/** The one-call convenience: load, reduce, restore, fit and score (seed: split, sampler and model). */
export async function evaluate(app: App, config: ReducerConfig, options: AppOptions = {}): Promise<EvaluationRecord> {
  evaluationConfig(config, options.seed ?? 0); // refuse a bad config before any data is loaded
  return evaluateLoaded(await loadApp(app, options), config);
}

function hasSeedSetting(id: string): boolean {
  return (getReducer(id).info.settings ?? []).some((s) => s.name === 'seed');
}

/**
 * A model's refusal of a feature value names a position in the restored split; say it as the
 * user's file has it (data row, column name), and whether the reducer made the value.
 */
function rethrowNamed(e: unknown, reduced: ReducedData, part: 'train' | 'validation'): never {
  if (!(e instanceof FeatureValueError)) throw e;
  const { loaded, config } = reduced;
  const original = part === 'train' ? loaded.data.train : loaded.data.validation;
  const split = part === 'train' ? loaded.data.rows?.train : loaded.data.rows?.validation;
  const i = part === 'train' && reduced.trainRowsKept ? reduced.trainRowsKept[e.row] : e.row;
  const before = original.columns[e.column]?.[i];
  const made = before !== undefined && before !== e.value && !(before !== before && e.value !== e.value);
  throw new DataError(
    `${loaded.app.name}: ${rowName(split, i)}, column ${JSON.stringify(original.names[e.column])} is ${e.value}` +
      `${made ? ` after ${config.id} restored it (it was ${before})` : ` in ${loaded.data.source}`}; ${e.policy}`,
  );
}
