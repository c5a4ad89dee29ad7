// The quick sweep of Superconductor over the paper's 17 methods (CI runs it; a few minutes on
// 2 cores), its front checked for sense against facts known without the searcher: lossless
// methods restore every bit, so their quality is the lossless quality and their ratio is what
// their container measures; sz-rel by column is on the front, as in the paper; nothing on the
// front is dominated by any record.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getApp, getReducer, loadApp, normalizeConfig, reduceAndRestore, sweep, dominates, readRecords, RECORDS_FILE, type SweepEvent } from '@lossyml/sdk';

test('quick sweep of superconductor, 17 methods: a front that makes sense', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-super-'));
  let done: Extract<SweepEvent, { type: 'done' }> | undefined;
  const started: SweepEvent[] = [];
  for await (const e of sweep({ app: 'superconductor', quick: true, methods: 'paper', outDir: out })) {
    if (e.type === 'started') started.push(e);
    if (e.type === 'done') done = e;
  }
  expect(started.length).toBe(1);
  if (!done) throw new Error('no done event');
  const f = done.front;
  expect(f.status).toBe('done');
  expect(new Set(f.records.map((r) => r.method)).size).toBe(17);
  const floor = f.noiseFloor!;
  expect(floor.seeds).toBe(3);

  // Lossless methods on the main split: quality within the floor of the lossless mean (the
  // floor's runs on other splits measure the spread, so they may sit at its edge), and the
  // ratio their own container measures.
  const disk = readRecords(path.join(out, RECORDS_FILE));
  const split = new Map(disk.lines.map((l) => [l.key, l.seeds.data]));
  const loaded = await loadApp(getApp('superconductor'), { quick: true, seed: 0 });
  const lossless = f.records.filter((x) => getReducer(x.method).info.lossless && split.get(x.key) === 0);
  expect(new Set(lossless.map((r) => r.method)).size).toBe(6);
  for (const r of lossless) {
    expect(Math.abs(r.quality - floor.mean)).toBeLessThanOrEqual(floor.spread + 1e-12);
    if (r.method === 'lz4' || r.method === 'blosclz') {
      const t = await reduceAndRestore(loaded.data.train, normalizeConfig(r.config));
      const v = await reduceAndRestore(loaded.data.validation, normalizeConfig(r.config));
      expect(r.compressionRatio).toBeCloseTo((t.originalBytes + v.originalBytes) / (t.storedBytes + v.storedBytes), 10);
    }
  }

  // sz-rel by column on the global front by ratio.
  const byKey = new Map(f.records.map((r) => [r.key, r]));
  const front = f.frontByRatio.map((k) => byKey.get(k)!);
  expect(front.some((r) => r.method === 'sz-rel' && r.config.layout === 'columns')).toBe(true);

  // No front point dominated by any record of the main split (the fronts compare methods there),
  // by ratio or by throughput.
  const main = f.records.filter((r) => split.get(r.key) === 0);
  const pts = main.map((r) => ({ key: r.key, x: r.compressionRatio, quality: r.quality }));
  for (const r of front) expect(pts.some((o) => dominates(o, { key: r.key, x: r.compressionRatio, quality: r.quality }, true))).toBe(false);
  const tpts = main.filter((r) => r.decompressMBps !== undefined).map((r) => ({ key: r.key, x: r.decompressMBps!, quality: r.quality }));
  for (const k of f.frontByThroughput) {
    const r = byKey.get(k)!;
    expect(tpts.some((o) => dominates(o, { key: r.key, x: r.decompressMBps!, quality: r.quality }, true))).toBe(false);
  }

  // Every record is on disk, and the recommendation beats the best lossless ratio within 1%.
  expect(disk.warnings).toEqual([]);
  expect(disk.lines.length).toBe(f.records.length);
  const rec = done.recommendation!;
  expect(rec.record).toBeDefined();
  expect(rec.loss!).toBeLessThanOrEqual(0.01);
  expect(rec.record!.compressionRatio).toBeGreaterThan(rec.bestLossless!.compressionRatio);
  console.log(`superconductor quick sweep: ${f.records.length} evaluations; ${rec.message}`);
}, 1_800_000);
