// The record of one evaluation, as stored (records.jsonl) and as displays read it (RecordRow).

import type { RecordRow } from '../display/payload';
import type { MetricTask } from '../metrics/metric';
import { getReducer } from '../reducers/registry';
import type { NormalizedConfig } from '../reducers/types';

export interface EvaluationRecord {
  /** evaluationKey() of what determined it. */
  key: string;
  app: string;
  model: string;
  task: MetricTask;
  source: string;
  dataFingerprint: string;
  config: NormalizedConfig;
  /** The model's seed. */
  seed: number;
  /** The split's seed (and a sampler's draw, unless its config names one). */
  dataSeed: number;
  quick: boolean;
  metric: string;
  higherIsBetter: boolean;
  /** G-mean: the class whose precision and recall were scored. */
  positiveClass?: string | number;
  quality: number;
  /** Original feature bytes / stored bytes, over every set the reducer stored (train, and validation for codecs). */
  compressionRatio: number;
  /** Original bytes (features and target as a plain column) over the whole containers. */
  fileRatio: number;
  /** Values the method could not represent (an infinity, a missed bound), stored exactly instead. */
  storedExactly: number;
  /** Original feature bytes over restore seconds, in MB/s (absent when the restore took no measurable time). */
  decompressMBps?: number;
  bytes: { original: number; stored: number };
  rows: { train: number; trainStored: number; validation: number };
  /**
   * Seconds of each stage, and their sum as total. Records made from one loadApp() share its
   * load seconds, and records made from one reduceLoaded() share its reduce and restore seconds.
   */
  seconds: { load: number; reduce: number; restore: number; fit: number; predict: number; total: number };
  versions: { lossyml: string; node: string };
}

/** The row a display draws from a record (see display/payload.ts). */
export function toRecordRow(r: EvaluationRecord): RecordRow {
  const spec = getReducer(r.config.id).info.param;
  const value = spec ? r.config[spec.name] : undefined;
  return {
    key: r.key,
    app: r.app,
    method: r.config.id,
    config: { ...r.config },
    ...(spec && typeof value === 'number' ? { param: { name: spec.name, value } } : {}),
    seed: r.seed,
    quality: r.quality,
    metric: r.metric,
    higherIsBetter: r.higherIsBetter,
    compressionRatio: r.compressionRatio,
    fileRatio: r.fileRatio,
    ...(r.decompressMBps !== undefined ? { decompressMBps: r.decompressMBps } : {}),
    seconds: { ...r.seconds },
  };
}
