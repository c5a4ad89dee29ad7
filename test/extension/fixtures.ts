// Payloads for the renderer tests, built from a seeded generator (no captured outputs).

import { PAYLOAD_VERSION, type FrontPayload, type RecordRow, type TablePayload } from '@lossyml/sdk/display';

const METHODS = ['sz-rel', 'zfp-accuracy', 'sample-wor', 'gzip'];

/** A deterministic LCG, so the rows are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function records(n: number, seed = 7): RecordRow[] {
  const rand = lcg(seed);
  const rows: RecordRow[] = [];
  for (let i = 0; i < n; i++) {
    const method = METHODS[i % METHODS.length];
    const bound = 10 ** (-1 - 5 * rand());
    rows.push({
      key: `k${i}`,
      app: 'superconductor',
      method,
      config: method === 'gzip' ? { id: method, level: 6, layout: 'columns' } : { id: method, bound, layout: 'columns' },
      ...(method === 'gzip' ? {} : { param: { name: 'bound', value: bound } }),
      seed: i % 3,
      quality: 0.9 - 0.2 * rand(),
      metric: 'r2',
      higherIsBetter: true,
      compressionRatio: 1 + 50 * rand(),
      decompressMBps: 10 + 500 * rand(),
      seconds: { fit: 0.1 },
    });
  }
  return rows;
}

/** The records that no other record beats in both ratio and quality (higher is better). */
export function paretoKeys(rows: RecordRow[]): string[] {
  return rows
    .filter((r) => !rows.some((o) => o !== r && o.compressionRatio >= r.compressionRatio && o.quality >= r.quality && (o.compressionRatio > r.compressionRatio || o.quality > r.quality)))
    .map((r) => r.key);
}

export function tablePayload(rows: RecordRow[], status: TablePayload['status'] = 'running'): TablePayload {
  return { version: PAYLOAD_VERSION, app: 'superconductor', metric: 'r2', higherIsBetter: true, status, progress: { done: rows.length, total: 5000 }, rows, paretoKeys: paretoKeys(rows) };
}

export function frontPayload(rows: RecordRow[], extra: Partial<FrontPayload> = {}): FrontPayload {
  const keys = paretoKeys(rows);
  return { version: PAYLOAD_VERSION, app: 'superconductor', metric: 'r2', higherIsBetter: true, status: 'running', records: rows, frontByRatio: keys, frontByThroughput: [], flags: [], ...extra };
}

/** The part of IMimeModel a renderer reads. */
export function model(mime: string, data: unknown) {
  return { trusted: true, data: { [mime]: data }, metadata: {}, setData: () => undefined } as never;
}
