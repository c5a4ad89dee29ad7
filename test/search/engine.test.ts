import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SweepEvent } from '@lossyml/sdk/display/payload';
import { runSweep, type SearchOptions } from '@lossyml/sdk/search/engine';
import { dominates } from '@lossyml/sdk/search/pareto';
import { readRecords, RECORDS_FILE } from '@lossyml/sdk/search/records-file';
import { LOSSLESS_QUALITY, syntheticEvaluator } from './synthetic';

const base: SearchOptions = {
  methods: ['none', 'zstd', 'truncate32', 'sz-rel', 'zfp-precision'],
  points: 4,
  spacing: 'linear',
  tau: { kind: 'fraction', value: 0.9 },
  seeds: 2,
  floorSeeds: 3,
  scan: 3,
  budgetPerBound: 3,
  maxSeeds: 2,
  concurrency: 2,
  maxLoss: 0.01,
};

async function collect(events: AsyncIterable<SweepEvent>): Promise<SweepEvent[]> {
  const out: SweepEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-sweep-'));

describe('sweep engine on a synthetic evaluator', () => {
  test('events: started first, done last with the fronts, one record event per evaluation, each record on disk', async () => {
    const dir = tmp();
    const ev = syntheticEvaluator({ noise: 0.001 });
    const events = await collect(runSweep({ ...base, evaluator: ev, outDir: dir }));
    expect(events[0].type).toBe('started');
    const done = events[events.length - 1];
    if (done.type !== 'done') throw new Error('last event is not done');
    expect(done.front.status).toBe('done');
    const records = events.filter((e) => e.type === 'record');
    expect(records.length).toBe(ev.calls.length);
    expect(new Set(ev.calls).size).toBe(ev.calls.length); // no key computed twice within a run
    const onDisk = readRecords(path.join(dir, RECORDS_FILE));
    expect(onDisk.warnings).toEqual([]);
    expect(onDisk.lines.map((l) => l.key).sort()).toEqual([...ev.calls].sort());
    // The noise floor: 3 lossless runs, mean near 0.9, and every search record says what it was judged against.
    expect(done.front.noiseFloor!.seeds).toBe(3);
    expect(Math.abs(done.front.noiseFloor!.mean - LOSSLESS_QUALITY)).toBeLessThanOrEqual(0.001);
    for (const l of onDisk.lines) if (l.search?.role !== 'floor') expect(l.search?.noiseFloor).toEqual(done.front.noiseFloor);
    // Parameterless methods once per seed; searched methods have candidates with 2 seeds each.
    expect(done.front.records.filter((r) => r.method === 'truncate32').map((r) => r.seed).sort()).toEqual([0, 1]);
    // No front point is dominated by any record.
    const pts = done.front.records.map((r) => ({ key: r.key, x: r.compressionRatio, quality: r.quality }));
    for (const k of done.front.frontByRatio) {
      const p = pts.find((x) => x.key === k)!;
      expect(pts.some((o) => dominates(o, p, true))).toBe(false);
    }
    expect(done.table.paretoKeys).toEqual(done.front.frontByRatio);
    // Fronts compare methods on the main split; the floor's runs on splits 1 and 2 are in the table only.
    const split = new Map(onDisk.lines.map((l) => [l.key, l.seeds.data]));
    expect(done.front.frontByRatio.map((k) => split.get(k))).toEqual(done.front.frontByRatio.map(() => 0));
    expect(done.table.rows.filter((r) => split.get(r.key) !== 0).length).toBe(2);
    expect(done.recommendation?.record).toBeDefined();
  });

  test('a re-run computes nothing that is recorded, and reports the same records as resumed', async () => {
    const dir = tmp();
    const first = syntheticEvaluator({ noise: 0.001 });
    const a = await collect(runSweep({ ...base, evaluator: first, outDir: dir }));
    const second = syntheticEvaluator({ noise: 0.001 });
    const b = await collect(runSweep({ ...base, evaluator: second, outDir: dir }));
    expect(second.calls).toEqual([]);
    const resumed = b.filter((e) => e.type === 'record');
    expect(resumed.every((e) => e.type === 'record' && e.resumed)).toBe(true);
    expect(resumed.length).toBe(first.calls.length);
    const doneA = a[a.length - 1];
    const doneB = b[b.length - 1];
    if (doneA.type !== 'done' || doneB.type !== 'done') throw new Error('no done');
    expect([...doneB.front.frontByRatio].sort()).toEqual([...doneA.front.frontByRatio].sort());
  });

  test('an abort ends with done "interrupted"; the next run completes computing only what is missing', async () => {
    const dir = tmp();
    const controller = new AbortController();
    let n = 0;
    const first = syntheticEvaluator({ noise: 0.001, delayMs: 5, onEvaluate: () => ++n === 12 && controller.abort() });
    const a = await collect(runSweep({ ...base, evaluator: first, outDir: dir, signal: controller.signal }));
    const doneA = a[a.length - 1];
    expect(doneA.type === 'done' && doneA.front.status).toBe('interrupted');
    const recorded = new Set(readRecords(path.join(dir, RECORDS_FILE)).lines.map((l) => l.key));
    // Everything that started finished and was recorded (running evaluations are not abandoned).
    expect([...recorded].sort()).toEqual([...first.calls].sort());
    const second = syntheticEvaluator({ noise: 0.001 });
    await collect(runSweep({ ...base, evaluator: second, outDir: dir }));
    expect(second.calls.filter((k) => recorded.has(k))).toEqual([]);
    // The union is exactly what one uninterrupted run computes.
    const reference = syntheticEvaluator({ noise: 0.001 });
    await collect(runSweep({ ...base, evaluator: reference }));
    expect([...first.calls, ...second.calls].sort()).toEqual([...reference.calls].sort());
  });

  test('a torn last line is dropped with a warning and cut, and its evaluation runs again', async () => {
    const dir = tmp();
    const first = syntheticEvaluator({ noise: 0.001 });
    await collect(runSweep({ ...base, evaluator: first, outDir: dir }));
    const file = path.join(dir, RECORDS_FILE);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    const lastKey = JSON.parse(lines[lines.length - 1]).key as string;
    // The process died in the middle of writing the last line.
    fs.writeFileSync(file, lines.slice(0, -1).join('\n') + '\n' + lines[lines.length - 1].slice(0, 40));
    const second = syntheticEvaluator({ noise: 0.001 });
    const events = await collect(runSweep({ ...base, evaluator: second, outDir: dir }));
    const warnings = events.filter((e) => e.type === 'warning').map((e) => (e.type === 'warning' ? e.message : ''));
    expect(warnings.some((w) => /cut short/.test(w))).toBe(true);
    expect(second.calls).toEqual([lastKey]);
    const after = readRecords(file);
    expect(after.warnings).toEqual([]);
    expect(after.lines.length).toBe(lines.length);
  });

  test('a method whose curve never meets tau is warned about and contributes no candidates', async () => {
    const ev = syntheticEvaluator({ curves: { 'sz-rel': () => 0.3 } });
    const events = await collect(runSweep({ ...base, methods: ['sz-rel'], evaluator: ev }));
    expect(events.some((e) => e.type === 'warning' && /sz-rel: no bound .* meets tau/.test(e.message))).toBe(true);
  });

  test('a threshold curve is flagged, a dipping one as non-monotonic', async () => {
    const ev = syntheticEvaluator({
      curves: {
        'zfp-precision': (t) => (t < 0.7 ? 0.9 : 0.2),
        'sz-rel': (t) => (t < 0.3 ? 0.9 : t < 0.55 ? 0.7 : t <= 0.8 ? 0.9 : 0.3),
      },
    });
    const events = await collect(runSweep({ ...base, methods: ['zfp-precision', 'sz-rel'], scan: 5, budgetPerBound: 4, evaluator: ev }));
    const done = events[events.length - 1];
    if (done.type !== 'done') throw new Error('no done');
    expect(done.front.flags.find((f) => f.method === 'zfp-precision')?.kind).toBe('threshold');
    expect(done.front.flags.some((f) => f.method === 'sz-rel' && f.kind === 'non-monotonic')).toBe(true);
    expect(done.front.flags.some((f) => f.method === 'zfp-precision' && f.kind === 'non-monotonic')).toBe(false);
  });
});
