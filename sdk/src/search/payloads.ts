// The front and table payloads a sweep's displays draw, built from records alone, so the live
// sweep, `lossyml report DIR` and `lossyml recommend DIR` all compute the same fronts.

import { PAYLOAD_VERSION, type FrontPayload, type NoiseFloor, type RecordRow, type SweepStatus, type TablePayload } from '../display/payload';
import { allFlags } from './flags';
import { frontByRatio, frontByThroughput } from './pareto';
import type { QualityJudge } from './quality';

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

export function buildPayloads(header: PayloadHeader, records: readonly RecordRow[], judge?: QualityJudge): { front: FrontPayload; table: TablePayload } {
  const rows = records.map(toRow);
  const byRatio = frontByRatio(rows, header.higherIsBetter);
  const floor: NoiseFloor | undefined = judge?.floor;
  const front: FrontPayload = {
    version: PAYLOAD_VERSION,
    ...header,
    ...(floor ? { noiseFloor: floor, threshold: judge!.threshold } : {}),
    records: rows,
    frontByRatio: byRatio,
    frontByThroughput: frontByThroughput(rows, header.higherIsBetter),
    flags: judge ? allFlags(rows, judge) : [],
  };
  const table: TablePayload = { version: PAYLOAD_VERSION, ...header, rows, paretoKeys: byRatio };
  return { front, table };
}
