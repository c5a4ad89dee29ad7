// Synthetic front payloads for the display tests: records of several methods with a swept
// parameter, seeded, with the fronts computed here by brute force (every pair compared).

import { PAYLOAD_VERSION, type FrontPayload, type RecordRow, type TablePayload } from '@lossyml/sdk/display';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS: { id: string; param?: string; lo: number; hi: number }[] = [
  { id: 'sz-rel', param: 'bound', lo: 1e-5, hi: 1e-1 },
  { id: 'zfp-precision', param: 'precision', lo: 2, hi: 20 },
  { id: 'sample-wor', param: 'fraction', lo: 0.01, hi: 0.3 },
  { id: 'zstd', lo: 0, hi: 0 },
  { id: 'gzip', lo: 0, hi: 0 },
];

export function record(over: Partial<RecordRow> & { key: string }): RecordRow {
  return {
    app: 'superconductor',
    method: 'sz-rel',
    config: { id: over.method ?? 'sz-rel', layout: 'columns' },
    seed: 0,
    quality: 0.9,
    metric: 'r2',
    higherIsBetter: true,
    compressionRatio: 2,
    decompressMBps: 100,
    seconds: { reduce: 0.1, fit: 1 },
    ...over,
  };
}

export function syntheticRecords(n: number, seed = 7): RecordRow[] {
  const u = rng(seed);
  const rows: RecordRow[] = [];
  for (let i = 0; i < n; i++) {
    const m = METHODS[i % METHODS.length];
    const t = u();
    const value = m.param ? (m.id === 'sz-rel' ? m.lo * Math.pow(m.hi / m.lo, t) : m.lo + (m.hi - m.lo) * t) : undefined;
    const lossy = m.param ? t : 0;
    rows.push(
      record({
        key: `k${i}`,
        method: m.id,
        config: value === undefined ? { id: m.id } : { id: m.id, [m.param as string]: value, layout: 'columns' },
        param: value === undefined ? undefined : { name: m.param as string, value },
        seed: i % 3,
        quality: 0.92 - 0.5 * lossy * lossy + 0.01 * (u() - 0.5),
        compressionRatio: m.param ? 1.5 + 300 * lossy * lossy : m.id === 'zstd' ? 1.3 : 1.2,
        decompressMBps: 20 + 400 * u(),
      }),
    );
  }
  return rows;
}

/** Keys of the records no other record dominates (higher is better on both axes). */
export function bruteFront(rows: RecordRow[], x: (r: RecordRow) => number | undefined): string[] {
  const ok = rows.filter((r) => x(r) !== undefined);
  return ok
    .filter((a) => !ok.some((b) => b !== a && (x(b) as number) >= (x(a) as number) && b.quality >= a.quality && ((x(b) as number) > (x(a) as number) || b.quality > a.quality)))
    .map((r) => r.key);
}

export function frontPayload(rows: RecordRow[], extra: Partial<FrontPayload> = {}): FrontPayload {
  return {
    version: PAYLOAD_VERSION,
    app: 'superconductor',
    metric: 'r2',
    higherIsBetter: true,
    status: 'done',
    noiseFloor: { mean: 0.92, spread: 0.006, kind: 'range', seeds: 3 },
    threshold: 0.7,
    records: rows,
    frontByRatio: bruteFront(rows, (r) => r.compressionRatio),
    frontByThroughput: bruteFront(rows, (r) => r.decompressMBps),
    flags: [{ method: 'zfp-precision', kind: 'threshold', detail: 'R2 holds at 0.91 down to precision 6 and falls to 0.4 at precision 5' }],
    ...extra,
  };
}

export function tablePayload(front: FrontPayload): TablePayload {
  return {
    version: PAYLOAD_VERSION,
    app: front.app,
    metric: front.metric,
    higherIsBetter: front.higherIsBetter,
    status: front.status,
    rows: front.records,
    paretoKeys: front.frontByRatio,
  };
}
