// Loading an application's data once: the split, the target checked against the metric (before
// any training), the G-mean's positive class fixed, and the data fingerprint that keys every
// evaluation on it. A sweep loads once and evaluates many configs and seeds on the result.

import { performance } from 'node:perf_hooks';
import type { Dataset } from '../data/dataset';
import { minorityLabel } from '../metrics/quality';
import { metricByName, type Metric } from '../metrics/metric';
import type { TargetValues } from '../models/types';
import { DataError, UsageError } from '../util/errors';
import { dataFingerprint } from './fingerprint';
import type { App, AppData, AppOptions } from './types';

export interface LoadedApp {
  app: App;
  data: AppData;
  quick: boolean;
  /** The seed of the split; also a sampler's draw when its config has no seed. */
  seed: number;
  /** The app's metric with its positive class resolved (G-mean: the named class or the minority class of all target rows). */
  metric: Metric;
  /** dataFingerprint(data). */
  fingerprint: string;
  loadSeconds: number;
}

/** Validates the options the way every evaluation entry point takes them. */
export function resolveAppOptions(options: AppOptions = {}): Required<AppOptions> {
  const quick = options.quick ?? false;
  const seed = options.seed ?? 0;
  if (typeof quick !== 'boolean') throw new UsageError(`quick: got ${String(quick)}, expected true or false`);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new UsageError(`seed: got ${seed}, expected an integer in [0, 4294967295]`);
  return { quick, seed };
}

/** Loads and splits an application's data, and refuses a target its metric cannot score. */
export async function loadApp(app: App, options: AppOptions = {}): Promise<LoadedApp> {
  const opts = resolveAppOptions(options);
  const t0 = performance.now();
  const data = await app.load(opts);
  const loadSeconds = (performance.now() - t0) / 1000;
  checkTarget(app, metricByName(app.metric.name), data);
  const metric = app.metric.name === 'gmean' ? metricByName('gmean', { positive: positiveOf(app.metric, data) }) : app.metric;
  checkTarget(app, metric, data);
  checkFeatures(app, data);
  return { app, data, quick: opts.quick, seed: opts.seed, metric, fingerprint: dataFingerprint(data), loadSeconds };
}

function checkTarget(app: App, metric: Metric, data: AppData): void {
  const column = data.targetName ? `target column ${JSON.stringify(data.targetName)}` : 'the target';
  for (const y of [data.yTrain, data.yValidation]) {
    const why = metric.fits(y);
    if (why) throw new UsageError(`${app.name}: metric ${metric.name} (${metric.task}) cannot score ${column}: ${why}`);
  }
}

/**
 * Every model takes NaN as a missing cell (imputed with the training median) and refuses
 * +-Infinity; refused here, before any training, with the row and column as the file has them.
 */
function checkFeatures(app: App, data: AppData): void {
  const parts: [Dataset, Uint32Array | undefined][] = [
    [data.train, data.rows?.train],
    [data.validation, data.rows?.validation],
  ];
  for (const [ds, rows] of parts) {
    for (let j = 0; j < ds.columns.length; j++) {
      const col = ds.columns[j];
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v === Infinity || v === -Infinity) {
          throw new DataError(`${app.name}: ${rowName(rows, i)}, column ${JSON.stringify(ds.names[j])} is ${v} in ${data.source}; the models take finite numbers (NaN as a missing cell)`);
        }
      }
    }
  }
}

/** "data row 17" (1-based, header not counted), or the position in the split when the app gives no row map. */
export function rowName(rows: Uint32Array | undefined, i: number): string {
  return rows ? `data row ${rows[i] + 1} (header not counted)` : `row ${i + 1} of the split`;
}

/** The named positive class (a numeric string such as --positive 1 matches a numeric label), or the minority class. */
function positiveOf(metric: Metric, data: AppData): string | number {
  const p = metric.positive;
  if (typeof p === 'string' && data.yTrain instanceof Float64Array && p.trim() !== '' && Number.isFinite(Number(p))) return Number(p);
  if (p !== undefined) return p;
  return minorityLabel(concatLabels(data.yTrain, data.yValidation));
}

function concatLabels(a: TargetValues, b: TargetValues): string[] | Float64Array {
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (a instanceof Float64Array && b instanceof Float64Array) {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  throw new DataError('gmean: the training and validation targets are not both class labels');
}
