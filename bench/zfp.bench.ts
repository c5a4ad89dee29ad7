// zfp (lossyml's own implementation, libzfp 1.0 streams) on real tables: compression ratio
// (feature bytes / all stored bytes, side stream included) and compress / decompress MB/s per
// mode, beside the libzfp figures of ../shared/anchors.md as ratios, and beside libzfp itself
// run in this session through test/zfp/native/zfphelper.c when cc and libzfp-dev are present.
// Compress times include lossyml's check of every value against the tolerance (accuracy, rel;
// blocks whose bound is certain from their exponent are checked by that alone, see params.ts).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getReducer, loadDataset, normalizeConfig, syntheticWide, type Codec, type FeatureBlock, type ReducerConfig } from '@lossyml/sdk';
import { bestSeconds, dataDir, mbPerSecond, printTable, ratio } from './common';

interface Measured {
  cr: number;
  cMBs: number;
  dMBs: number;
  maxErrOverTol: number;
}

function featureBytes(b: FeatureBlock): number {
  return b.nRows * b.columns.length * (b.dtype === 'float64' ? 8 : 4);
}

/** The largest |x - x'| / tolerance over the block (the bound check of the accuracy modes). */
function maxErrorRatio(a: FeatureBlock, b: FeatureBlock, config: ReducerConfig): number {
  if (config.id !== 'zfp-rel' && config.id !== 'zfp-accuracy') return NaN;
  const bound = Number(config.bound);
  let globalRange = 0;
  if (config.layout === 'matrix') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of a.columns) for (const v of c) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    globalRange = hi - lo;
  }
  let worst = 0;
  a.columns.forEach((c, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const tol = config.id === 'zfp-accuracy' ? bound : bound * (config.layout === 'matrix' ? globalRange : hi - lo);
    for (let i = 0; i < c.length; i++) {
      const e = Math.abs(c[i] - b.columns[j][i]);
      if (e > 0) worst = Math.max(worst, tol > 0 ? e / tol : Infinity);
    }
  });
  return worst;
}

async function measure(block: FeatureBlock, config: ReducerConfig, runs = 10): Promise<Measured> {
  const norm = normalizeConfig(config);
  const codec = getReducer(norm.id) as Codec;
  const shape = { nRows: block.nRows, nCols: block.columns.length, dtype: block.dtype };
  const enc = await codec.encode(block, norm);
  const back = await codec.decode(enc, shape, norm);
  const stored = enc.streams.reduce((s, x) => s + x.length, 0);
  const bytes = featureBytes(block);
  const c = await bestSeconds(() => codec.encode(block, norm), runs);
  const d = await bestSeconds(() => codec.decode(enc, shape, norm), runs);
  return { cr: bytes / stored, cMBs: mbPerSecond(bytes, c), dMBs: mbPerSecond(bytes, d), maxErrOverTol: maxErrorRatio(block, back, config) };
}

/** libzfp in this session: the helper compiled to a temporary folder, or undefined when it cannot be. */
function libzfpHelper(): string | undefined {
  const source = path.resolve(__dirname, '..', '..', 'test', 'zfp', 'native', 'zfphelper.c');
  const exe = path.join(os.tmpdir(), `lossyml-zfphelper-${process.pid}`);
  try {
    execFileSync('cc', ['-O3', '-o', exe, source, '-lzfp', '-lm'], { stdio: 'pipe' });
    return exe;
  } catch {
    console.log('(libzfp-dev or cc missing: no same-session libzfp column; install libzfp-dev for it)');
    return undefined;
  }
}

interface Native {
  cr: number;
  cMBs: number;
  dMBs: number;
}

/** libzfp on the same columns (or matrix), same mode and parameter, best of `reps`. */
function nativeRun(exe: string | undefined, block: FeatureBlock, layout: 'columns' | 'matrix', mode: string, param: number, reps = 10): Native | undefined {
  if (!exe) return undefined;
  const nCols = block.columns.length;
  const Arr = block.dtype === 'float64' ? Float64Array : Float32Array;
  const all = new Arr(block.nRows * nCols);
  if (layout === 'columns') block.columns.forEach((c, j) => all.set(c, j * block.nRows));
  else block.columns.forEach((c, j) => c.forEach((v, i) => (all[i * nCols + j] = v)));
  const file = path.join(os.tmpdir(), `lossyml-zfpbench-${process.pid}.raw`);
  fs.writeFileSync(file, new Uint8Array(all.buffer));
  try {
    const type = block.dtype === 'float64' ? 'double' : 'float';
    const shape = layout === 'columns' ? [block.nRows, 0, nCols] : [nCols, block.nRows, 1];
    const out = execFileSync(exe, ['bench', type, ...shape.map(String), mode, String(param), file, String(reps)]).toString().trim().split(/\s+/).map(Number);
    const bytes = featureBytes(block);
    return { cr: bytes / out[0], cMBs: mbPerSecond(bytes, out[1]), dMBs: mbPerSecond(bytes, out[2]) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

interface Row {
  label: string;
  config: ReducerConfig;
  native: [string, number];
  cr?: number;
  c?: number;
  d?: number;
}

async function table(title: string, block: FeatureBlock, rows: Row[], exe: string | undefined): Promise<void> {
  const out: (string | number)[][] = [];
  for (const r of rows) {
    const m = await measure(block, r.config);
    const n = nativeRun(exe, block, r.config.layout === 'matrix' ? 'matrix' : 'columns', r.native[0], r.native[1]);
    out.push([
      r.label,
      m.cr, r.cr ?? '-', ratio(m.cr, r.cr), n ? ratio(m.cr, n.cr) : '-',
      m.cMBs, r.c ?? '-', ratio(m.cMBs, r.c), n ? n.cMBs : '-', n ? ratio(m.cMBs, n.cMBs) : '-',
      m.dMBs, r.d ?? '-', ratio(m.dMBs, r.d), n ? n.dMBs : '-', n ? ratio(m.dMBs, n.dMBs) : '-',
      Number.isNaN(m.maxErrOverTol) ? '-' : m.maxErrOverTol.toFixed(3),
    ]);
  }
  printTable(title, ['config', 'CR', 'anchor', 'ratio', '/libzfp', 'c MB/s', 'anchor', 'ratio', 'libzfp', 'ratio', 'd MB/s', 'anchor', 'ratio', 'libzfp', 'ratio', 'maxerr/tol'], out);
}

function rel(bound: number, layout: 'columns' | 'matrix', cr?: number, c?: number, d?: number): Row {
  return { label: `zfp-rel ${bound} ${layout === 'columns' ? 'col' : 'mat'}`, config: { id: 'zfp-rel', bound, layout }, native: ['rel', bound], cr, c, d };
}

async function main(): Promise<void> {
  dataDir();
  const exe = libzfpHelper();
  console.log('Throughput: best of 10 runs after a warm-up, single thread, on a shared 2-core machine (anchors vary +-20% by session).');
  console.log('"libzfp" columns: Debian libzfp 1.0 run now on the same data (C, -O3), through test/zfp/native/zfphelper.c.');
  const sc = await loadDataset('superconductor');
  await table(`superconductor partial (${sc.nRows} x ${sc.nCols} float64, ${(sc.featureBytes / 1e6).toFixed(2)} MB)`, sc, [
    rel(1e-2, 'columns', 5.35, 416, 343),
    rel(1e-3, 'columns', 4.12, 366, 280),
    rel(1e-4, 'columns', 3.44, 333, 241),
    rel(1e-2, 'matrix', 12.7),
    rel(1e-3, 'matrix', 8.16),
    rel(1e-4, 'matrix', 5.88),
  ], exe);

  const casp = await loadDataset('casp');
  await table(`casp (${casp.nRows} x ${casp.nCols} float64, ${(casp.featureBytes / 1e6).toFixed(2)} MB)`, casp, [
    rel(1e-2, 'columns', 5.55, 421, 356),
    rel(1e-3, 'columns', 4.31),
    rel(1e-4, 'columns', 3.54),
    rel(1e-5, 'columns', 2.97),
    rel(1e-6, 'columns', 2.59, 284, 194),
    { label: 'zfp-precision 8 col', config: { id: 'zfp-precision', precision: 8, layout: 'columns' }, native: ['precision', 8], cr: 6.84, c: 524 },
    { label: 'zfp-precision 16 col', config: { id: 'zfp-precision', precision: 16, layout: 'columns' }, native: ['precision', 16], cr: 3.69, c: 373 },
    { label: 'zfp-precision 24 col', config: { id: 'zfp-precision', precision: 24, layout: 'columns' }, native: ['precision', 24], cr: 2.52, c: 272 },
    { label: 'zfp-rate 4 col', config: { id: 'zfp-rate', rate: 4, layout: 'columns' }, native: ['rate', 4], cr: 16.0, c: 1134 },
    { label: 'zfp-rate 8 col', config: { id: 'zfp-rate', rate: 8, layout: 'columns' }, native: ['rate', 8], cr: 8.0, c: 545 },
    { label: 'zfp-rate 16 col', config: { id: 'zfp-rate', rate: 16, layout: 'columns' }, native: ['rate', 16], cr: 4.0, c: 376 },
    { label: 'zfp-accuracy 1e-3 col', config: { id: 'zfp-accuracy', bound: 1e-3, layout: 'columns' }, native: ['accuracy', 1e-3] },
  ], exe);

  // Not the anchors' NT3-like matrix (another generator, a quarter of the columns): CR is not
  // comparable, the MB/s on float32 columns of 1120 values is.
  const wide = syntheticWide({ rows: 1120, cols: 15000, seed: 1 });
  await table(`syntheticWide (${wide.nRows} x ${wide.nCols} float32, ${(wide.featureBytes / 1e6).toFixed(1)} MB); anchor rows are the NT3-like matrix's`, wide, [
    rel(1e-2, 'columns', 3.39, 230),
    rel(1e-3, 'columns', 2.55, 230),
    rel(1e-4, 'columns', 2.05, 230),
    rel(1e-3, 'matrix'),
  ], exe);
  if (exe) fs.rmSync(exe, { force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
