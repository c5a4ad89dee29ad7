// Reading executed notebooks: their outputs, and checks that a figure's bundle carries its
// fallbacks and numbers that make sense. The checks are independent of the sdk's own code
// (the Pareto check recomputes dominance here).
import * as fs from 'node:fs';

export const FRONT_MIME = 'application/vnd.lossyml.front+json';
export const TABLE_MIME = 'application/vnd.lossyml.table+json';
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: { [mime: string]: unknown };
  ename?: string;
  evalue?: string;
}
export interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string; language: string; display_name: string } };
}

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
}

export const joined = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join('') : t ?? '');

export function outputs(nb: Notebook): Output[] {
  return nb.cells.flatMap((c) => c.outputs ?? []);
}

export function displays(nb: Notebook): { [mime: string]: unknown }[] {
  return outputs(nb)
    .filter((o) => o.output_type === 'display_data' || o.output_type === 'execute_result')
    .map((o) => o.data ?? {});
}

export function stdout(nb: Notebook): string {
  return outputs(nb)
    .filter((o) => o.output_type === 'stream' && o.name === 'stdout')
    .map((o) => joined(o.text))
    .join('');
}

interface Row {
  key: string;
  method: string;
  quality: number;
  compressionRatio: number;
  metric: string;
  higherIsBetter: boolean;
  param?: { name: string; value: number };
}

const LOSSLESS = new Set(['none', 'gzip', 'lz4', 'zstd', 'blosclz', 'fpzip']);

/** Problems with a record's numbers; empty when they make sense. */
export function rowProblems(r: Row): string[] {
  const p: string[] = [];
  if (!(Number.isFinite(r.compressionRatio) && r.compressionRatio > 0)) p.push(`${r.key}: ratio ${r.compressionRatio}`);
  // A sampler keeping every row (fraction 1, k 1) stores all the data plus a header.
  const keepsAll = (r.param?.name === 'fraction' || r.param?.name === 'k') && r.param.value === 1;
  if (!LOSSLESS.has(r.method) && !keepsAll && !(r.compressionRatio > 1)) p.push(`${r.key} (${r.method}): a lossy ratio of ${r.compressionRatio} is not above 1`);
  if (!Number.isFinite(r.quality)) p.push(`${r.key}: quality ${r.quality}`);
  if (['accuracy', 'gmean'].includes(r.metric) && !(r.quality >= 0 && r.quality <= 1)) p.push(`${r.key}: ${r.metric} ${r.quality} outside [0, 1]`);
  if (r.metric === 'r2' && !(r.quality <= 1)) p.push(`${r.key}: r2 ${r.quality} above 1`);
  if (r.metric === 'mse' && !(r.quality >= 0)) p.push(`${r.key}: mse ${r.quality} below 0`);
  return p;
}

function dominates(a: Row, b: Row, higherIsBetter: boolean): boolean {
  const qa = higherIsBetter ? a.quality : -a.quality;
  const qb = higherIsBetter ? b.quality : -b.quality;
  return qa >= qb && a.compressionRatio >= b.compressionRatio && (qa > qb || a.compressionRatio > b.compressionRatio);
}

/**
 * Problems with a front: members must be records and non-dominated by any record. (Not every
 * non-dominated record must be a member: the sweep's fronts leave out the noise floor's lossless
 * runs on other splits, which a payload row does not mark.)
 */
export function frontProblems(rows: Row[], frontKeys: string[], higherIsBetter: boolean): string[] {
  const p: string[] = [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  frontKeys.forEach((k) => {
    const f = byKey.get(k);
    if (!f) p.push(`front key ${k} is not a record`);
    else {
      const d = rows.find((r) => dominates(r, f, higherIsBetter));
      if (d) p.push(`front member ${f.key} (${f.method}) is dominated by ${d.key} (${d.method})`);
    }
  });
  if (rows.length > 0 && frontKeys.length === 0) p.push('records but an empty front');
  return p;
}

export interface FrontLike {
  version: number;
  app: string;
  metric: string;
  higherIsBetter: boolean;
  status: string;
  records: (Row & { decompressMBps?: number })[];
  frontByRatio: string[];
}

export interface TableLike {
  version: number;
  rows: Row[];
  paretoKeys: string[];
  higherIsBetter: boolean;
}

/** Checks one display bundle by the MIME types it claims; returns the problems found. */
export function bundleProblems(data: { [mime: string]: unknown }): string[] {
  const p: string[] = [];
  if (typeof joined(data['text/plain'] as string | string[]) !== 'string' || joined(data['text/plain'] as string[]).length === 0) p.push('no text/plain');
  if (FRONT_MIME in data) {
    const f = data[FRONT_MIME] as FrontLike;
    if (typeof f !== 'object') p.push('front payload is not a JSON object');
    else {
      if (!(VEGALITE_MIME in data)) p.push('front bundle without vega-lite');
      if (!joined(data['image/svg+xml'] as string[]).startsWith('<svg')) p.push('front bundle without an SVG');
      if (f.version !== 1) p.push(`front payload version ${f.version}`);
      if (f.status !== 'done' && f.status !== 'interrupted') p.push(`front left at status ${f.status}`);
      for (const r of f.records) p.push(...rowProblems(r));
      p.push(...frontProblems(f.records, f.frontByRatio, f.higherIsBetter));
    }
  }
  if (TABLE_MIME in data) {
    const t = data[TABLE_MIME] as TableLike;
    if (!joined(data['text/html'] as string[]).includes('<table')) p.push('table bundle without an HTML table');
    for (const r of t.rows) p.push(...rowProblems(r));
    p.push(...frontProblems(t.rows, t.paretoKeys, t.higherIsBetter));
  }
  if (VEGALITE_MIME in data) {
    const spec = data[VEGALITE_MIME];
    if (typeof spec !== 'object' || spec === null) p.push('vega-lite spec is not a JSON object');
    if (!joined(data['image/svg+xml'] as string[]).startsWith('<svg')) p.push('vega-lite figure without an SVG fallback');
  }
  if ('text/html' in data && !joined(data['text/html'] as string[]).includes('<')) p.push('text/html is not HTML');
  return p;
}
