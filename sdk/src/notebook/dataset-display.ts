// A dataset shown in a cell: a summary (shape, source, the spread of per-column value ranges)
// and the histogram of per-column value ranges (the paper's Fig. 4), which is why a bound
// relative to each column's own range suits tables whose columns differ by decades.

import type { Dataset } from '../data/dataset';
import { columnRangesPayload, columnRangesSpec, type ColumnRangesPayload } from '../display/specs';
import { formatNumber, type Cell } from '../display/text-table';
import type { MimeBundle } from './bundle';
import { figureBundle, tableDisplayBundle } from './figures';

/** Columns listed in a dataset's summary table; the histogram covers all of them. */
const LISTED = 12;

export interface RangeSummary {
  columns: number;
  constant: number;
  smallest: number;
  largest: number;
  /** log10(largest / smallest non-zero range): how many decades the ranges span. */
  decades: number;
}

export function rangeSummary(payload: ColumnRangesPayload): RangeSummary {
  const ranges = payload.columns.map((c) => c.max - c.min);
  const positive = ranges.filter((r) => r > 0);
  const smallest = positive.length > 0 ? Math.min(...positive) : 0;
  const largest = positive.length > 0 ? Math.max(...positive) : 0;
  return { columns: ranges.length, constant: ranges.length - positive.length, smallest, largest, decades: smallest > 0 ? Math.log10(largest / smallest) : 0 };
}

export function rangeSummaryText(s: RangeSummary): string {
  return `${s.columns} columns, ${s.constant} constant; non-zero ranges from ${formatNumber(s.smallest)} to ${formatNumber(s.largest)} (${s.decades.toFixed(1)} decades)`;
}

export function datasetSummaryBundle(ds: Dataset): MimeBundle {
  const ranges = columnRangesPayload(ds.name, ds.names, ds.columns);
  const s = rangeSummary(ranges);
  const rows: Cell[][] = ranges.columns.slice(0, LISTED).map((c) => [c.name, c.min, c.max, c.max - c.min]);
  const target = ds.target ? `target ${ds.target.name} (${ds.target.kind}, kept exact)` : 'no target';
  const caption = `${ds.name}: ${ds.nRows} rows x ${ds.nCols} ${ds.dtype} feature columns, ${formatNumber(ds.featureBytes / 1e6)} MB; ${target}`;
  const note = `${rangeSummaryText(s)}.` + (ranges.columns.length > LISTED ? ` First ${LISTED} columns listed.` : '') + (ds.source ? ` Source: ${ds.source}.` : '');
  return tableDisplayBundle(['column', 'min', 'max', 'range'], rows, { caption, note });
}

export async function datasetRangesBundle(ds: Dataset): Promise<MimeBundle> {
  const payload = columnRangesPayload(ds.name, ds.names, ds.columns);
  const spanning = rangeSummary(payload);
  return figureBundle(columnRangesSpec(payload, { xScale: spanning.decades > 2 ? 'log' : 'linear' }), `${ds.name}: distribution of per-column value ranges: ${rangeSummaryText(spanning)}`);
}

/** Each feature column's extremes (NaN skipped), as the ranges figure reads them. */
export function columnRanges(ds: Dataset): ColumnRangesPayload['columns'] {
  return columnRangesPayload(ds.name, ds.names, ds.columns).columns;
}

export function datasetRangeSummary(ds: Dataset): RangeSummary {
  return rangeSummary(columnRangesPayload(ds.name, ds.names, ds.columns));
}
