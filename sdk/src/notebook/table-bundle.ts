// The bundle of a sweep's table display: lossyml's table payload for its JupyterLab renderer,
// an HTML table for everything else that draws HTML, and a text table. No vega-lite here: a
// table is not a chart, and JupyterLab ranks text/html (50) above vega-lite (57) anyway.

import { TABLE_MIME, type RecordRow, type TablePayload } from '../display/payload';
import { formatTable, type Cell } from '../display/text-table';
import type { MimeBundle } from './bundle';
import { htmlTable } from './html';

/** Rows beyond this are left out of the HTML and text fallbacks (the payload keeps them all). */
export const FALLBACK_ROWS = 200;
const TEXT_ROWS = 30;

const HEADER = ['', 'method', 'parameter', 'quality', 'ratio', 'MB/s', 'seconds'];

function cells(row: RecordRow, pareto: boolean): Cell[] {
  const param = row.param ? `${row.param.name}=${formatParam(row.param.value)}` : '-';
  const seconds = Object.values(row.seconds).reduce((a, b) => a + b, 0);
  return [pareto ? '*' : '', row.method, param, row.quality, row.compressionRatio, row.decompressMBps ?? null, seconds];
}

function formatParam(v: number): string {
  return Math.abs(v) > 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** Best quality first (per the metric's direction), ties by higher ratio. */
function sortedRows(table: TablePayload): RecordRow[] {
  const sign = table.higherIsBetter ? -1 : 1;
  return [...table.rows].sort((a, b) => sign * (a.quality - b.quality) || b.compressionRatio - a.compressionRatio);
}

export function tableSummary(table: TablePayload): string {
  const progress = table.progress ? `, ${table.progress.done}/${table.progress.total} evaluations` : '';
  return `${table.app}: ${table.rows.length} records${progress}, ${table.paretoKeys.length} on the front (${table.metric}, ${table.higherIsBetter ? 'higher' : 'lower'} is better), ${table.status}`;
}

export function tableText(table: TablePayload, maxRows = TEXT_ROWS): string {
  const pareto = new Set(table.paretoKeys);
  const rows = sortedRows(table);
  const shown = rows.slice(0, maxRows).map((r) => cells(r, pareto.has(r.key)));
  const more = rows.length > maxRows ? `\n... ${rows.length - maxRows} more rows` : '';
  const body = rows.length > 0 ? '\n' + formatTable(HEADER, shown) + more : '';
  return tableSummary(table) + body + (pareto.size > 0 ? '\n(* on the Pareto front by ratio)' : '');
}

export function tableHtml(table: TablePayload, maxRows = FALLBACK_ROWS): string {
  const pareto = new Set(table.paretoKeys);
  const rows = sortedRows(table).slice(0, maxRows);
  const strong = new Set<number>();
  rows.forEach((r, i) => pareto.has(r.key) && strong.add(i));
  const left = table.rows.length - rows.length;
  return htmlTable(
    HEADER,
    rows.map((r) => cells(r, pareto.has(r.key))),
    { caption: tableSummary(table), strong, note: (left > 0 ? `${left} more rows not shown. ` : '') + 'Bold, *: on the Pareto front by ratio.' },
  );
}

export function tableBundle(table: TablePayload): MimeBundle {
  return {
    [TABLE_MIME]: table as unknown as { [key: string]: unknown },
    'text/html': tableHtml(table),
    'text/plain': tableText(table),
  };
}
