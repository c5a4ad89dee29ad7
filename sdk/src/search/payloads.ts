// The front and table payloads a sweep's displays draw, built from records alone, so the live
// sweep, `lossyml report DIR` and `lossyml recommend DIR` all compute the same fronts.

import { PAYLOAD_VERSION, type FrontPayload, type NoiseFloor, type RecordRow, type SweepStatus, type TablePayload } from '../display/payload';
import { allFlags } from './flags';
import { frontByRatio, frontByThroughput } from './pareto';
import type { QualityJudge } from './quality';
import { MAIN_SPLIT_SEED, type StoredRecord } from './records-file';

export interface PayloadHeader {
  app: string;
  metric: string;
  higherIsBetter: boolean;
  status: SweepStatus;
  progress?: { done: number; total: number };
}

/** Only the RecordRow fields go to displays (records.jsonl lines carry more). */
export function toRow(r: RecordRow): RecordRow {
  const { key, app, method, config, param, seed, quality, metric, higherIsBetter, compressionRatio, fileRatio, decompressMBps, seconds } = r;
  return { key, app, method, config, ...(param ? { param } : {}), seed, quality, metric, higherIsBetter, compressionRatio, ...(fileRatio !== undefined ? { fileRatio } : {}), ...(decompressMBps !== undefined ? { decompressMBps } : {}), seconds };
}

/**
 * Every record goes to the table; the fronts compare methods on the main split only (the noise
 * floor's lossless runs on other splits measure variation, they are not points to choose).
 */
export function buildPayloads(header: PayloadHeader, records: readonly (RecordRow & Partial<Pick<StoredRecord, 'seeds'>>)[], judge?: QualityJudge): { front: FrontPayload; table: TablePayload } {
  const rows = records.map(toRow);
  const onMainSplit = rows.filter((_, i) => (records[i].seeds?.data ?? MAIN_SPLIT_SEED) === MAIN_SPLIT_SEED);
  const byRatio = frontByRatio(onMainSplit, header.higherIsBetter);
  const floor: NoiseFloor | undefined = judge?.floor;
  const front: FrontPayload = {
    version: PAYLOAD_VERSION,
    ...header,
    ...(floor ? { noiseFloor: floor, threshold: judge!.threshold } : {}),
    records: rows,
    frontByRatio: byRatio,
    frontByThroughput: frontByThroughput(onMainSplit, header.higherIsBetter),
    flags: judge ? allFlags(rows, judge) : [],
  };
  const table: TablePayload = { version: PAYLOAD_VERSION, ...header, rows, paretoKeys: byRatio };
  return { front, table };
}
