// `lossyml speedup`: the paper's transfer model (Tables V and VI). Given a ratio and a
// decompression throughput, how many cores make sending compressed data faster; or, for an
// application and a method, the paper's table measured here, with what the paper only
// modelled: a chunked container decoded on 1, 2, ... worker threads and the speedup it gives.

import * as os from 'node:os';
import { loadApp } from '../../apps/load';
import { getApp, listApps } from '../../apps/registry';
import { formatNumber, formatTable } from '../../display/text-table';
import { getReducer, normalizeConfig } from '../../reducers/registry';
import type { ParamSpec } from '../../reducers/types';
import { PAPER_LINKS_GBPS, coresNeeded, modelSpeedup, speedupAt, type LinkModel } from '../../search/speedup';
import { type DecompressionMeasurement, measureDecompression } from '../../search/speedup-measure';
import { UsageError } from '../../util/errors';
import { defaultWorkerCount } from '../../util/workers';
import { numberFlag, parse } from '../args';
import type { Io } from '../io';

export const summary = 'cores needed for compressed transfer to beat raw (Tables V, VI), measured';

export const help = `lossyml speedup --ratio C --decompress-gbps B --network-gbps N [--cores P] [--json]
lossyml speedup --app NAME --method ID [--bounds X,Y,...] [--layout columns|matrix] [--links 3.75,1,0.125]
                [--workers 1,2,...] [--repeats R] [--quick] [--json]
  The model of the paper's section V-B: sending |d| bytes raw takes |d|/b_n; compressed, it takes
  |d|/(s_p b_c) + |d|/(C b_n). Compression pays when s_p > C b_n / (b_c (C - 1)); with C <= 1 it
  never does. Bandwidths in GB/s of original data.
  The first form prints the cores needed and the speedup (at --cores P if given).
  The second reduces the application's training features with the method at each bound and
  prints the paper's table: bound, PSNR, C, b_c measured on one thread (CPU time, so the
  machine's load does not count), cores needed per link;
  then the same features in a chunked container (4 chunks per worker of the largest count) read
  whole by a pool of 1, 2, ... worker threads, its throughput and the speedup it gives on each
  link (with the chunked file's ratio). Default bounds: for a log-scale parameter,
  the powers of ten of its sweep range (at most 6); otherwise its default. Default workers: 1, 2,
  4, ... up to this machine's cores, and the core count itself. Applications: ${listApps()
    .map((a) => a.name)
    .join(', ')}.`;

const FLAGS = {
  ratio: { type: 'string' },
  'decompress-gbps': { type: 'string' },
  'network-gbps': { type: 'string' },
  cores: { type: 'string' },
  app: { type: 'string' },
  method: { type: 'string' },
  bounds: { type: 'string' },
  layout: { type: 'string' },
  links: { type: 'string' },
  workers: { type: 'string' },
  repeats: { type: 'string' },
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('speedup', argv, FLAGS, { min: 0, max: 0, names: 'no positional argument' });
  if (values.help) return io.out(help), 0;
  const modelFlags = ['ratio', 'decompress-gbps', 'network-gbps', 'cores'] as const;
  const appFlags = ['app', 'method', 'bounds', 'layout', 'links', 'workers', 'repeats', 'quick'] as const;
  if (values.app !== undefined || values.method !== undefined) {
    for (const f of modelFlags) if (values[f] !== undefined) throw new UsageError(`speedup: --${f} is for the model form; --app measures C and b_c itself`);
    return runApp(values, io);
  }
  for (const f of appFlags) if (values[f] !== undefined) throw new UsageError(`speedup: --${f} needs --app NAME --method ID`);
  return runModel(values, io);
}

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, flag: string): number {
  const v = values[flag];
  if (typeof v !== 'string') throw new UsageError(`speedup: --${flag} is required (or give --app NAME --method ID)`);
  return numberFlag('speedup', flag, v);
}

function runModel(values: Values, io: Io): number {
  const m: LinkModel = { ratio: required(values, 'ratio'), decompressGBps: required(values, 'decompress-gbps'), networkGBps: required(values, 'network-gbps') };
  const answer = coresNeeded(m);
  const cores = typeof values.cores === 'string' ? numberFlag('speedup', 'cores', values.cores) : undefined;
  const atCores = cores === undefined ? undefined : modelSpeedup(m, cores);
  if (values.json) {
    io.out(JSON.stringify({ ...m, ...answer, ...(cores !== undefined ? { cores, speedupAtCores: atCores } : {}) }, null, 2));
    return 0;
  }
  const lines = [`ratio C = ${formatNumber(m.ratio)}, decompression b_c = ${formatNumber(m.decompressGBps)} GB/s per core, network b_n = ${formatNumber(m.networkGBps)} GB/s`];
  if (answer.coresNeeded === null) {
    lines.push(`no number of cores helps: ${answer.reason}`);
  } else {
    lines.push(`cores needed: ${answer.coresNeeded} (break-even at ${formatNumber(answer.breakEven as number)}), speedup ${formatNumber(answer.speedup as number)}x there; at most ${formatNumber(m.ratio)}x with unlimited cores`);
  }
  if (cores !== undefined) lines.push(`at ${cores} cores: speedup ${formatNumber(atCores as number)}x`);
  io.out(lines.join('\n'));
  return 0;
}

function numberList(flag: string, text: string): number[] {
  const items = text.split(',').map((s) => numberFlag('speedup', flag, s));
  if (items.length === 0) throw new UsageError(`speedup: --${flag}: got ${JSON.stringify(text)}, expected a comma-separated list of numbers`);
  return items;
}

function defaultBounds(p: ParamSpec): number[] {
  const [lo, hi] = p.sweep ?? [p.min, p.max];
  if (p.scale !== 'log' || !(lo > 0)) return [p.default];
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(Number(`1e${e}`));
  // Keep the least lossy end: the paper's tables start near lossless.
  const ordered = p.lossier === 'lower' ? out.reverse() : out;
  return ordered.length > 0 ? ordered.slice(0, 6) : [p.default];
}

/** 1, 2, 4, ... below `cores`, then `cores`: the scaling curve without timing every count on a large machine. */
export function defaultWorkers(cores: number): number[] {
  const out: number[] = [];
  for (let w = 1; w < cores; w *= 2) out.push(w);
  out.push(Math.max(1, cores));
  return out;
}

interface AppRow {
  bound: number | null;
  measurement: DecompressionMeasurement;
  coresNeeded: (number | null)[];
  speedups: { workers: number; gbps: number; cpuGBps: number; speedup: number[] }[];
}

async function runApp(values: Values, io: Io): Promise<number> {
  if (typeof values.app !== 'string' || typeof values.method !== 'string') throw new UsageError('speedup: --app NAME and --method ID go together');
  const app = getApp(values.app);
  const info = getReducer(values.method).info;
  const param = info.param;
  if (values.bounds !== undefined && !param) throw new UsageError(`speedup: --bounds: method ${values.method} has no parameter`);
  const bounds: (number | null)[] = param ? (typeof values.bounds === 'string' ? numberList('bounds', values.bounds) : defaultBounds(param)) : [null];
  const links = typeof values.links === 'string' ? numberList('links', values.links) : [...PAPER_LINKS_GBPS];
  for (const l of links) if (!(l > 0)) throw new UsageError(`speedup: --links: got ${l}, expected bandwidths > 0 (GB/s)`);
  const workers = typeof values.workers === 'string' ? numberList('workers', values.workers) : defaultWorkers(defaultWorkerCount());
  const repeats = typeof values.repeats === 'string' ? numberFlag('speedup', 'repeats', values.repeats) : 3;

  // Every config is validated before the data is loaded: a bad bound fails at once.
  const configs = bounds.map((bound) =>
    normalizeConfig({ id: values.method, ...(param && bound !== null ? { [param.name]: bound } : {}), ...(typeof values.layout === 'string' ? { layout: values.layout } : {}) }),
  );
  const loaded = await loadApp(app, { quick: values.quick === true });
  const features = loaded.data.train;
  const rows: AppRow[] = [];
  for (const bound of bounds) {
    const m = await measureDecompression(features, configs[rows.length], { workers, repeats });
    rows.push({
      bound,
      measurement: m,
      coresNeeded: links.map((n) => coresNeeded({ ratio: m.compressionRatio, decompressGBps: m.singleThreadCpuGBps, networkGBps: n }).coresNeeded),
      speedups: m.parallel.map((p) => ({ workers: p.workers, gbps: p.gbps, cpuGBps: p.cpuGBps, speedup: links.map((n) => speedupAt(m.chunked.ratio, p.gbps, n)) })),
    });
  }

  if (values.json) {
    io.out(JSON.stringify({ app: app.name, method: values.method, param: param?.name ?? null, rows: features.nRows, features: features.nCols, bytes: features.featureBytes, links, rowsMeasured: rows.map(jsonRow) }, null, 2));
    return 0;
  }
  const linkHead = links.map((l) => `cores @${formatNumber(l)} GB/s`);
  const out = [
    `${app.name} training features: ${features.nRows} rows x ${features.nCols} columns, ${formatNumber(features.featureBytes / 1e6)} MB; method ${values.method}${param ? ` (${param.name})` : ''}`,
    '',
    formatTable(
      [param?.name ?? 'bound', 'PSNR dB', 'C', 'b_c GB/s', 'wall GB/s', ...linkHead],
      rows.map((r) => [r.bound, r.measurement.psnr, r.measurement.compressionRatio, r.measurement.singleThreadCpuGBps, r.measurement.singleThreadGBps, ...r.coresNeeded.map((c) => (c === null ? 'never' : c))]),
    ),
    '',
    `Measured here: the chunked container read whole by a pool of worker threads, and the speedup it gives (raw time / compressed time):`,
    '',
    formatTable(
      [param?.name ?? 'bound', 'chunks', 'C chunked', 'workers', 'GB/s', 'scaling', 'CPU GB/s', ...links.map((l) => `speedup @${formatNumber(l)} GB/s`)],
      rows.flatMap((r) => r.speedups.map((s) => [r.bound, r.measurement.chunked.chunks, r.measurement.chunked.ratio, s.workers, s.gbps, s.gbps / r.speedups[0].gbps, s.cpuGBps, ...s.speedup]),
      ),
    ),
    '',
    `b_c: one thread decoding the whole container, over its CPU time (an idle core's speed; cores needed use it); wall GB/s: the same by the clock, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`,
    'Workers are timed by the clock (best of the repeats, threads started and warmed before), so on a loaded machine their scaling measures the load too. scaling: GB/s over the first worker count\'s; CPU GB/s: over the CPU time of all threads (the work, whatever the load); a speedup above 1 means compressed transfer wins.',
  ];
  io.out(out.join('\n'));
  return 0;
}

function jsonRow(r: AppRow) {
  const m = r.measurement;
  return {
    bound: r.bound,
    config: m.config,
    psnr: Number.isFinite(m.psnr) ? m.psnr : null,
    compressionRatio: m.compressionRatio,
    decompressGBps: m.singleThreadCpuGBps,
    wallGBps: m.singleThreadGBps,
    coresNeeded: r.coresNeeded,
    chunked: m.chunked,
    parallel: r.speedups,
  };
}
