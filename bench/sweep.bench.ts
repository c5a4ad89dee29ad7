// The quick sweep of Superconductor over the paper's 17 methods (what CI and the README's
// figure run): evaluations per minute and wall time (target: under 10 minutes on 2 cores),
// for each number of concurrent evaluations in LOSSYML_BENCH_WORKERS (default "1"; e.g.
// "1,2" to compare parallelism across evaluations with the forest's own worker threads).
// Ends with the recommendation at 1% loss of R^2 beside the best lossless ratio.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sweep, type SweepEvent } from '@lossyml/sdk';
import { dataDir, fmt, printTable } from './common';

async function main(): Promise<void> {
  dataDir();
  const workerCounts = (process.env.LOSSYML_BENCH_WORKERS ?? '1').split(',').map(Number);
  const rows: (string | number)[][] = [];
  let last: Extract<SweepEvent, { type: 'done' }> | undefined;
  for (const workers of workerCounts) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-bench-sweep-'));
    const t0 = performance.now();
    let evaluations = 0;
    for await (const e of sweep({ app: 'superconductor', quick: true, methods: 'paper', workers, outDir: out })) {
      if (e.type === 'record') evaluations++;
      if (e.type === 'warning') console.log(`warning: ${e.message}`);
      if (e.type === 'done') last = e;
    }
    const seconds = (performance.now() - t0) / 1000;
    rows.push([workers, evaluations, fmt(seconds / 60), fmt(evaluations / (seconds / 60))]);
    fs.rmSync(out, { recursive: true, force: true });
  }
  printTable(`quick sweep of superconductor, 17 methods, ${os.availableParallelism()} cores`, ['workers', 'evaluations', 'minutes', 'evaluations/min'], rows);
  if (!last) return;
  const f = last.front;
  console.log(`\nnoise floor: R^2 ${fmt(f.noiseFloor!.mean, 4)} +- ${fmt(f.noiseFloor!.spread, 2)} over ${f.noiseFloor!.seeds} lossless runs`);
  const byKey = new Map(f.records.map((r) => [r.key, r]));
  printTable('global front (ratio)', ['method', 'ratio', 'R^2'], f.frontByRatio.map((k) => byKey.get(k)!).map((r) => [r.method, fmt(r.compressionRatio), fmt(r.quality, 4)]));
  const rec = last.recommendation!;
  console.log(`\nat <= 1% loss: ${rec.message}`);
  if (rec.record && rec.bestLossless) console.log(`best lossy / best lossless ratio: ${fmt(rec.record.compressionRatio / rec.bestLossless.compressionRatio)}x (the paper: 50-100x)`);
  for (const flag of f.flags) console.log(`${flag.kind}: ${flag.method}: ${flag.detail}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
