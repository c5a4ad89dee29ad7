// One experiment point: reduce the training and validation features with a reducer, restore
// them through a real container, train the application's model on the restored training set
// and score it on the restored validation set. Samplers reduce the training rows only (a
// sampled validation set would change the yardstick, not the model).

import { performance } from 'node:perf_hooks';
import { reduceAndRestore } from '../container/pipeline';
import type { Dataset } from '../data/dataset';
import type { TargetValues } from '../models/types';
import { getReducer, normalizeConfig } from '../reducers/registry';
import type { NormalizedConfig, ReducerConfig } from '../reducers/types';
import { LOSSYML_VERSION } from '../util/version';
import type { App, AppData, AppOptions } from './types';

export interface EvaluationRecord {
  app: string;
  model: string;
  source: string;
  config: NormalizedConfig;
  seed: number;
  quick: boolean;
  metric: string;
  higherIsBetter: boolean;
  quality: number;
  /** Original feature bytes / stored bytes, over every set the reducer stored (train, and validation for codecs). */
  compressionRatio: number;
  rows: { train: number; trainStored: number; validation: number };
  seconds: { load: number; reduce: number; restore: number; fit: number; predict: number; total: number };
  versions: { lossyml: string; node: string };
}

const now = () => performance.now() / 1000;

/** Rows of y at the given indices (for samplers, whose rows the container drops). */
export function selectTargetRows(y: TargetValues, rows: ArrayLike<number>): TargetValues {
  if (Array.isArray(y)) return Array.from(rows, (r) => y[r]);
  if (y instanceof Float64Array) return Float64Array.from(rows, (r) => y[r]);
  const out = new Float32Array(rows.length * y.width);
  for (let i = 0; i < rows.length; i++) out.set(y.values.subarray(rows[i] * y.width, (rows[i] + 1) * y.width), i * y.width);
  return { kind: 'multi', width: y.width, values: out };
}

interface Reduced {
  train: Dataset;
  yTrain: TargetValues;
  validation: Dataset;
  originalBytes: number;
  storedBytes: number;
  reduce: number;
  restore: number;
}

async function reduceBoth(data: AppData, cfg: NormalizedConfig): Promise<Reduced> {
  const t = await reduceAndRestore(data.train, cfg);
  if (t.rowsKept) {
    // A sampler: the targets follow the rows it kept; the validation set is not sampled.
    return {
      train: t.restored,
      yTrain: selectTargetRows(data.yTrain, t.rowsKept),
      validation: data.validation,
      originalBytes: t.originalBytes,
      storedBytes: t.storedBytes,
      reduce: t.encodeSeconds,
      restore: t.decodeSeconds,
    };
  }
  const v = await reduceAndRestore(data.validation, cfg);
  return {
    train: t.restored,
    yTrain: data.yTrain,
    validation: v.restored,
    originalBytes: t.originalBytes + v.originalBytes,
    storedBytes: t.storedBytes + v.storedBytes,
    reduce: t.encodeSeconds + v.encodeSeconds,
    restore: t.decodeSeconds + v.decodeSeconds,
  };
}

export async function evaluate(app: App, config: ReducerConfig, options: AppOptions = {}): Promise<EvaluationRecord> {
  const opts = { quick: options.quick ?? false, seed: options.seed ?? 0 };
  const cfg = normalizeConfig({ ...config, ...(hasSeedSetting(config.id) && config.seed === undefined ? { seed: opts.seed } : {}) });
  const t0 = now();
  const data = await app.load(opts);
  const t1 = now();
  const r = await reduceBoth(data, cfg);
  const model = app.createModel(opts);
  try {
    const t2 = now();
    await model.fit(r.train, r.yTrain, { seed: opts.seed });
    const t3 = now();
    const pred = await model.predict(r.validation);
    const t4 = now();
    return {
      app: app.name,
      model: app.model,
      source: data.source,
      config: cfg,
      seed: opts.seed,
      quick: opts.quick,
      metric: app.metric.name,
      higherIsBetter: app.metric.higherIsBetter,
      quality: app.metric.compute(data.yValidation, pred),
      compressionRatio: r.originalBytes / r.storedBytes,
      rows: { train: data.train.nRows, trainStored: r.train.nRows, validation: data.validation.nRows },
      seconds: { load: t1 - t0, reduce: r.reduce, restore: r.restore, fit: t3 - t2, predict: t4 - t3, total: now() - t0 },
      versions: { lossyml: LOSSYML_VERSION, node: process.version },
    };
  } finally {
    model.dispose();
  }
}

function hasSeedSetting(id: string): boolean {
  return (getReducer(id).info.settings ?? []).some((s) => s.name === 'seed');
}
