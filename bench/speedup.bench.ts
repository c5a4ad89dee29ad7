// Parallel decompression on this machine (what the paper's Tables V and VI only modelled):
// superconductor's training features reduced with sz-rel by column, decoded on one thread
// (CPU time and wall clock) and, as a chunked container, read whole by a pool of 1, 2, ...
// worker threads (SPEEDUP_BENCH_WORKERS), wall clock, best of 3 after a warm-up; the scaling
// over one worker, and the speedup each throughput gives on the paper's links.
// The load average is printed beside the figures: on a shared machine it bounds the scaling.

import * as os from 'node:os';
import { PAPER_LINKS_GBPS, coresNeeded, getApp, loadApp, measureDecompression, speedupAt } from '@lossyml/sdk';
import { dataDir, printTable } from './common';

const WORKERS = (process.env.SPEEDUP_BENCH_WORKERS ?? '1,2').split(',').map(Number);
const BOUNDS = [1e-5, 1e-3];

async function main(): Promise<void> {
  dataDir();
  const train = (await loadApp(getApp('superconductor'))).data.train;
  console.log(`superconductor training features: ${train.nRows} x ${train.nCols} float64, ${(train.featureBytes / 1e6).toFixed(2)} MB; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} before`);
  const rows: (string | number)[][] = [];
  for (const bound of BOUNDS) {
    const m = await measureDecompression(train, { id: 'sz-rel', bound, layout: 'columns' }, { workers: WORKERS, repeats: 3 });
    const cores = PAPER_LINKS_GBPS.map((n) => coresNeeded({ ratio: m.compressionRatio, decompressGBps: m.singleThreadCpuGBps, networkGBps: n }).coresNeeded ?? 'never');
    rows.push([bound, m.compressionRatio, 'thread, CPU time', m.singleThreadCpuGBps * 1000, '-', ...PAPER_LINKS_GBPS.map((n) => speedupAt(m.compressionRatio, m.singleThreadCpuGBps, n)), cores.join('/')]);
    rows.push([bound, m.compressionRatio, 'thread', m.singleThreadGBps * 1000, '-', ...PAPER_LINKS_GBPS.map((n) => speedupAt(m.compressionRatio, m.singleThreadGBps, n)), '']);
    for (const p of m.parallel) {
      rows.push([bound, m.chunked.ratio, `${p.workers} on ${m.chunked.chunks} chunks`, p.gbps * 1000, p.gbps / m.parallel[0].gbps, ...PAPER_LINKS_GBPS.map((n) => speedupAt(m.chunked.ratio, p.gbps, n)), '']);
    }
  }
  printTable(
    'sz-rel by column, decompression (MB/s of original data) and the modelled transfer speedup',
    ['bound', 'C', 'workers', 'MB/s', 'scaling', ...PAPER_LINKS_GBPS.map((n) => `speedup@${n}GB/s`), 'cores needed'],
    rows,
  );
  console.log(`load average ${os.loadavg()[0].toFixed(1)} after`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
