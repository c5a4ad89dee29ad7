// Wide training sets (issue 11): NT3's shape, 1,120 rows x 60,483 float32 columns, and
// 4,000 x 20,000, from the SDK's seeded generator syntheticWide (five latent factors, each
// column level x exp(loadings . factors + 0.2 noise), 4% of the columns constant, 20
// label-informative ones; sdk/src/data/synthetic.ts). Per method: compress and decompress
// MB/s (wall clock and CPU time, one thread), peak resident memory, CR, beside the anchors'
// NT3-like figures (../shared/anchors.md) as ratios.
//
// Each compress and each decompress runs in a child process of its own, which reports its
// peak resident set after its first run (process.resourceUsage().maxRSS, the OS's high-water
// mark, so nothing between samples is missed): the compress child holds the generated input,
// the decompress child reads the stored streams from a temporary file (views into its bytes,
// as the container reader passes them) and holds the restored block. Peak memory is shown in
// MB and, as its rise over the child's resident set before any work (Node itself, about 45
// MB), in multiples of the input's size.
//
// WIDE_QUICK=1: 1,120 x 6,000 only (about 27 MB), best of 3, for iteration. Otherwise the
// full shapes, one timed run each (a full run takes many minutes: run it seldom).
// WIDE_ONLY=zfp-rel,zstd: only the methods with those ids; an entry id/layout or id/layout/bound
// (sz-rel/columns/0.001) picks one row. WIDE_SHAPES=1120x60483: only those full shapes.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FeatureBlock } from '../sdk/dist/data/dataset';
import type * as SyntheticModule from '../sdk/dist/data/synthetic';
import type * as ReducersModule from '../sdk/dist/reducers';
import type { Codec, EncodedBlock, ReducerConfig } from '../sdk/dist/reducers';
import { MB, printTable, ratio, sdkModule } from './common';

// The reducers and the generator alone, not the package root (which loads tfjs): the peak
// memory then shows the codec's own, over a Node baseline of about 45 MB. The package's
// exports map hides these modules, so they are loaded from the sdk's build by path.
const { getReducer, normalizeConfig } = sdkModule<typeof ReducersModule>('reducers');
const { syntheticWide } = sdkModule<typeof SyntheticModule>('data/synthetic');

interface Shape {
  rows: number;
  cols: number;
}

/** What a child reports. */
interface ChildResult {
  wallSeconds: number;
  cpuSeconds: number;
  /** Peak resident set of the child, and its resident set before any work (Node itself), bytes. */
  peakRss: number;
  baseRss: number;
  storedBytes: number;
  /** Decompress only: decoding again into the first decode's arrays (Codec.decode's `into`, a sweep's case). */
  intoWall?: number;
  intoCpu?: number;
}

/** Anchors, NT3-like matrix (1120 x 60483 float32): CR and compress MB/s. */
const SZ3_COLUMNS: Record<number, [number, number]> = { 1e-2: [3.99, 27], 1e-3: [1.54, 16], 1e-4: [1.27, 8] };
const SZ3_ONE_STREAM: Record<number, [number, number]> = { 1e-2: [7.24, 182], 1e-3: [4.2, 177], 1e-4: [2.99, 142] };
const ZFP_COLUMNS: Record<number, [number, number]> = { 1e-2: [3.39, 230], 1e-3: [2.55, 230], 1e-4: [2.05, 230] };

const quick = process.env.WIDE_QUICK === '1';
const FULL: Shape[] = [{ rows: 1120, cols: 60483 }, { rows: 4000, cols: 20000 }];
const pickedShapes = process.env.WIDE_SHAPES?.split(',').map((x) => x.trim());
const SHAPES: Shape[] = quick ? [{ rows: 1120, cols: 6000 }] : FULL.filter((s) => !pickedShapes || pickedShapes.includes(`${s.rows}x${s.cols}`));
const RUNS = quick ? 3 : 1;
const SEED = 1;

function configs(): ReducerConfig[] {
  const out: ReducerConfig[] = [];
  for (const bound of [1e-2, 1e-3, 1e-4]) out.push({ id: 'sz-rel', bound, layout: 'columns' });
  for (const bound of [1e-2, 1e-3, 1e-4]) out.push({ id: 'zfp-rel', bound, layout: 'columns' });
  out.push({ id: 'sz-rel', bound: 1e-3, layout: 'matrix' });
  out.push({ id: 'zstd', layout: 'columns' });
  const only = process.env.WIDE_ONLY?.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const picked = (c: ReducerConfig, entry: string) => {
    const [id, layout, bound] = entry.split('/');
    return c.id === id && (layout === undefined || c.layout === layout) && (bound === undefined || Number(c.bound) === Number(bound));
  };
  return only ? out.filter((c) => only.some((e) => picked(c, e))) : out;
}

function wideBlock(s: Shape): FeatureBlock {
  const ds = syntheticWide({ rows: s.rows, cols: s.cols, seed: SEED });
  return { dtype: 'float32', nRows: s.rows, columns: ds.columns as Float32Array[] };
}

function writeEncoded(file: string, enc: EncodedBlock): void {
  const head = Buffer.from(JSON.stringify({ meta: enc.meta, lengths: enc.streams.map((s) => s.length) }) + '\n');
  fs.writeFileSync(file, Buffer.concat([head, ...enc.streams]));
}

function readEncoded(file: string): EncodedBlock {
  const all = fs.readFileSync(file);
  const nl = all.indexOf(10);
  const { meta, lengths } = JSON.parse(all.subarray(0, nl).toString()) as { meta: EncodedBlock['meta']; lengths: number[] };
  let at = nl + 1;
  // Views into the bytes read, as the container reader hands them to a codec.
  const streams = lengths.map((n) => {
    const s = all.subarray(at, at + n);
    at += n;
    return s;
  });
  return { streams, meta };
}

/**
 * Runs f RUNS times; the fastest wall and CPU seconds, and the peak resident set after the
 * first run (one operation's high-water mark: later runs would add the garbage of earlier ones).
 */
async function timed(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number; peakRss: number }> {
  let wall = Infinity;
  let cpu = Infinity;
  let peakRss = 0;
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
    if (r === 0) peakRss = process.resourceUsage().maxRSS * 1024;
  }
  return { wall, cpu, peakRss };
}

/**
 * Child: the first write of a fresh array of the input's size, alone (what any decompressor
 * must do for its output, in a process of its own as the decompress child is): on this
 * project's machines the first write to fresh memory costs about 15 microseconds per 4 KiB page,
 * which bounds every decompression's speed in a fresh process.
 */
function freshWrite(shape: Shape): void {
  const baseRss = process.memoryUsage().rss;
  const t = timedSync(() => new Float32Array(shape.rows * shape.cols).fill(1));
  const result: ChildResult = { wallSeconds: t.wall, cpuSeconds: t.cpu, peakRss: process.resourceUsage().maxRSS * 1024, baseRss, storedBytes: 0 };
  process.stdout.write(JSON.stringify(result) + '\n');
}

function timedSync(f: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** Child: compress (writing the streams to `file`) or decompress (reading them). */
async function child(op: 'compress' | 'decompress', shape: Shape, raw: ReducerConfig, file: string): Promise<void> {
  const baseRss = process.memoryUsage().rss;
  const config = normalizeConfig(raw);
  const codec = getReducer(config.id) as Codec;
  let t: { wall: number; cpu: number; peakRss: number };
  let stored = 0;
  let into: { wall: number; cpu: number } | undefined;
  if (op === 'compress') {
    const block = wideBlock(shape);
    let enc: EncodedBlock | null = null;
    t = await timed(async () => {
      enc = null; // the previous run's output is garbage before the next one starts
      enc = await codec.encode(block, config);
    });
    const e = enc as unknown as EncodedBlock;
    stored = e.streams.reduce((a, s) => a + s.length, 0) + JSON.stringify(e.meta).length;
    writeEncoded(file, e);
  } else {
    const enc = readEncoded(file);
    const dims = { nRows: shape.rows, nCols: shape.cols, dtype: 'float32' as const };
    let block: FeatureBlock | null = null;
    t = await timed(async () => {
      block = null;
      block = await codec.decode(enc, dims, config);
    });
    // Again into the arrays just restored (after the peak was taken): memory already written.
    const columns = (block as unknown as FeatureBlock).columns;
    into = await timed(() => codec.decode(enc, dims, config, columns));
  }
  const result: ChildResult = { wallSeconds: t.wall, cpuSeconds: t.cpu, peakRss: t.peakRss, baseRss, storedBytes: stored, intoWall: into?.wall, intoCpu: into?.cpu };
  process.stdout.write(JSON.stringify(result) + '\n');
}

function runChild(op: 'compress' | 'decompress' | 'fresh', shape: Shape, config: ReducerConfig | null, file: string): ChildResult {
  const r = spawnSync(process.execPath, [__filename, '--child', op, JSON.stringify(shape), JSON.stringify(config), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${op} ${JSON.stringify(config)} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() as string;
  return JSON.parse(last) as ChildResult;
}

function anchorOf(config: ReducerConfig): { cr?: number; c?: number; what: string } {
  const bound = Number(config.bound);
  if (config.id === 'sz-rel' && config.layout === 'columns') return { cr: SZ3_COLUMNS[bound]?.[0], c: SZ3_ONE_STREAM[bound]?.[1], what: 'SZ3 col CR, SZ3 one-stream MB/s' };
  if (config.id === 'sz-rel') return { cr: SZ3_ONE_STREAM[bound]?.[0], c: SZ3_ONE_STREAM[bound]?.[1], what: 'SZ3 one stream' };
  if (config.id === 'zfp-rel') return { cr: ZFP_COLUMNS[bound]?.[0], c: ZFP_COLUMNS[bound]?.[1], what: 'libzfp col' };
  return { what: '-' };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-wide-'));
  try {
    for (const shape of SHAPES) {
      const inputBytes = shape.rows * shape.cols * 4;
      const rows: (string | number)[][] = [];
      for (const config of configs()) {
        const file = path.join(tmp, 'enc.bin');
        const c = runChild('compress', shape, config, file);
        const d = runChild('decompress', shape, config, file);
        fs.rmSync(file);
        const cr = inputBytes / c.storedBytes;
        const a = anchorOf(config);
        const cMBs = inputBytes / MB / c.wallSeconds;
        const dMBs = inputBytes / MB / d.wallSeconds;
        rows.push([
          `${config.id} ${config.layout}`,
          config.bound === undefined ? '-' : Number(config.bound),
          cr.toFixed(2),
          a.cr === undefined ? '-' : `${a.cr} (${ratio(cr, a.cr)})`,
          cMBs.toFixed(1),
          (inputBytes / MB / c.cpuSeconds).toFixed(1),
          a.c === undefined ? '-' : `${a.c} (${ratio(cMBs, a.c)})`,
          dMBs.toFixed(1),
          (inputBytes / MB / d.cpuSeconds).toFixed(1),
          `${(inputBytes / MB / (d.intoWall as number)).toFixed(1)} / ${(inputBytes / MB / (d.intoCpu as number)).toFixed(1)}`,
          `${(c.peakRss / MB).toFixed(0)} (${((c.peakRss - c.baseRss) / inputBytes).toFixed(2)}x)`,
          `${(d.peakRss / MB).toFixed(0)} (${((d.peakRss - d.baseRss) / inputBytes).toFixed(2)}x)`,
        ]);
        console.log(`  done ${JSON.stringify(config)}`);
      }
      printTable(
        `syntheticWide ${shape.rows} x ${shape.cols} float32 (${(inputBytes / MB).toFixed(0)} MB), seed ${SEED}; MB/s one thread, ${RUNS === 1 ? 'one run' : `best of ${RUNS}`}; peak RSS of the child, MB (its rise over Node's baseline, x the input)`,
        ['method', 'bound', 'CR', 'anchor CR', 'c MB/s', 'c cpu', 'anchor c MB/s', 'd MB/s', 'd cpu', 'd into MB/s (cpu)', 'c peak RSS', 'd peak RSS'],
        rows,
      );
      const fresh = runChild('fresh', shape, null, '');
      console.log(
        `\nThe first write of ${(inputBytes / MB).toFixed(0)} MB of fresh memory alone, in a fresh process (a decompressor's output): ${(inputBytes / MB / fresh.wallSeconds).toFixed(0)} MB/s wall, ${(inputBytes / MB / fresh.cpuSeconds).toFixed(0)} MB/s cpu. No decompressor returning a new array runs faster than this here; "d into" decodes into the arrays of the first decode (Codec.decode's \`into\`, as a sweep over one table can).`,
      );
    }
    console.log('\nAnchors (NT3-like, 1120 x 60483): SZ3 REL by column, SZ3 with columns normalized into one stream (the best SZ3 does on this shape), libzfp by column.');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [op, shape, config, file] = process.argv.slice(3);
  if (op === 'fresh') freshWrite(JSON.parse(shape) as Shape);
  else child(op as 'compress' | 'decompress', JSON.parse(shape) as Shape, JSON.parse(config) as ReducerConfig, file).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
