// `lossyml demo`: a real sweep of the paper's 17 methods on the embedded (synthetic, seeded)
// table with quick settings, ending with the recommendation; `--table` instead prints every
// reducer's ratio, error and speed at a few settings. No network, no downloaded data.

import * as os from 'node:os';
import * as path from 'node:path';
import { reduceAndRestore } from '../../container/pipeline';
import { loadDataset } from '../../data';
import type { Dataset } from '../../data/dataset';
import { formatTable } from '../../display/text-table';
import { errorStats } from '../../metrics';
import { finiteRange } from '../../reducers/layout';
import { listReducers } from '../../reducers/registry';
import type { Layout, ParamSpec, ReducerConfig, ReducerInfo } from '../../reducers/types';
import { LAYOUTS } from '../../reducers/types';
import { DataError, UsageError } from '../../util/errors';
import { oneOf, parse } from '../args';
import type { Io } from '../io';
import * as sweepCommand from './sweep';

export const summary = 'a quick sweep of the 17 methods on an embedded table, with its recommendation';

export const DEMO_APP = 'synthetic-tabular';

export const help = `lossyml demo [--out DIR] [--workers W]
lossyml demo --table [--dataset NAME] [--layout columns|matrix] [--json]
  Sweeps the paper's 17 methods on the embedded ${DEMO_APP} table (a seeded synthetic table
  shaped like Superconductor; random forest, R^2) with --quick settings: the noise floor, the
  bounds and candidate points of every method, the global front and the recommendation at 1%
  loss. Records go to DIR (default: ${path.join(os.tmpdir(), 'lossyml-demo')}); running again resumes.
  --table instead runs every reducer at a few settings on a dataset and prints method,
  parameter, compression ratio, the largest error relative to a column's value range, and
  compress / decompress MB/s.`;

/** A few values of a method's swept parameter, chosen from its own description. */
export function demoValues(p: ParamSpec | undefined): (number | undefined)[] {
  if (!p || p.lossier === 'none') return [p?.default];
  const [lo, hi] = p.sweep ?? [p.min, p.max];
  const points = [0, 0.5, 1].map((t) =>
    p.scale === 'log' ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo),
  );
  const rounded = points.map((v) => (p.integer ? Math.round(v) : Number(v.toPrecision(2))));
  return [...new Set(rounded)];
}

/**
 * The largest per-column error relative to that column's value range. A constant column has no
 * range: its error is taken relative to its magnitude instead (0 when it is restored exactly).
 */
function maxRangeRelativeError(original: Dataset, restored: Dataset): number {
  let worst = 0;
  original.columns.forEach((c, j) => {
    const s = errorStats(c, restored.columns[j], { bins: 1 });
    let rel = s.mismatches > 0 ? Infinity : s.maxRelError;
    if (s.range === 0 && s.maxAbsError > 0) rel = s.maxAbsError / finiteRange(c).max;
    worst = Math.max(worst, Math.abs(rel));
  });
  return worst;
}

export interface DemoRow {
  config: ReducerConfig;
  compressionRatio: number;
  maxRelError: number | null;
  compressMBps: number;
  decompressMBps: number;
}

/** Runs every method on `ds`; a method that refuses the data (a DataError) adds its message to `refused` instead of a row. */
export async function runDemo(ds: Dataset, layout?: Layout, reducers: ReducerInfo[] = listReducers(), refused: string[] = []): Promise<DemoRow[]> {
  const rows: DemoRow[] = [];
  for (const info of reducers) {
    const lay = layout && info.layouts.includes(layout) ? layout : info.defaultLayout;
    for (const v of demoValues(info.param)) {
      const config: ReducerConfig = { id: info.id, layout: lay, ...(info.param && v !== undefined ? { [info.param.name]: v } : {}) };
      let r;
      try {
        r = await reduceAndRestore(ds, config);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        refused.push(e.message);
        continue;
      }
      const sampled = r.rowsStored !== ds.nRows || info.family === 'sampling';
      rows.push({
        config: r.config,
        compressionRatio: r.compressionRatio,
        maxRelError: sampled ? null : maxRangeRelativeError(ds, r.restored),
        compressMBps: ds.featureBytes / 1e6 / r.encodeSeconds,
        decompressMBps: ds.featureBytes / 1e6 / r.decodeSeconds,
      });
    }
  }
  return rows;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const flags = { table: { type: 'boolean' as const }, out: { type: 'string' as const }, workers: { type: 'string' as const }, dataset: { type: 'string' as const }, layout: { type: 'string' as const }, json: { type: 'boolean' as const } };
  const { values } = parse('demo', argv, flags, { min: 0, max: 0, names: 'no arguments' });
  if (values.help) return io.out(help), 0;
  if (!values.table) {
    for (const f of ['dataset', 'layout', 'json'] as const) if (values[f] !== undefined) throw new UsageError(`demo: --${f} goes with --table`);
    const out = typeof values.out === 'string' ? values.out : path.join(os.tmpdir(), 'lossyml-demo');
    io.out(`lossyml demo: a quick sweep of the paper's 17 methods on the embedded ${DEMO_APP} table; records in ${out}\n`);
    return sweepCommand.run(['--app', DEMO_APP, '--quick', '--out', out, ...(typeof values.workers === 'string' ? ['--workers', values.workers] : [])], io);
  }
  for (const f of ['out', 'workers'] as const) if (values[f] !== undefined) throw new UsageError(`demo: --${f} is for the sweep, not --table`);
  const layout = typeof values.layout === 'string' ? oneOf('demo', 'layout', values.layout, LAYOUTS) : undefined;
  const ds = await loadDataset(typeof values.dataset === 'string' ? values.dataset : 'synthetic-tabular');
  const refused: string[] = [];
  const rows = await runDemo(ds, layout, listReducers(), refused);
  if (values.json) {
    io.out(JSON.stringify({ dataset: { name: ds.name, source: ds.source, rows: ds.nRows, features: ds.nCols, dtype: ds.dtype }, results: rows, refused }, null, 2));
    return 0;
  }
  io.out(`lossyml demo: ${ds.name}, ${ds.nRows} rows x ${ds.nCols} ${ds.dtype} features (${ds.source ?? 'embedded'})\n`);
  const table = rows.map((r) => {
    const info = listReducers().find((i) => i.id === r.config.id);
    const p = info?.param;
    return [
      r.config.id,
      p ? `${p.name}=${r.config[p.name]}` : '-',
      r.config.layout ?? '-',
      r.compressionRatio,
      r.maxRelError,
      r.compressMBps,
      r.decompressMBps,
    ];
  });
  io.out(formatTable(['method', 'parameter', 'layout', 'ratio', 'max err / range', 'compress MB/s', 'decompress MB/s'], table));
  for (const m of refused) io.out(`refused: ${m}`);
  io.out('\nratio = feature bytes / stored bytes (container less the exact target); max err / range = the largest |x - x\'| over any column, divided by that column\'s value range (by its magnitude for a constant column); "-" for sampling, whose rows are not restored.');
  return 0;
}
