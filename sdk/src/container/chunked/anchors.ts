// Global value ranges for the range-relative methods (sz-rel, zfp-rel). Those reducers take the
// range from the block they are given; a chunk alone would get its own, smaller range and a
// tighter bound than the one-piece file. So each chunk carries two anchor rows after its own
// rows, holding the global minimum and maximum (per column, or of the matrix), which makes the
// chunk's range the global one without any change to the reducers; the reader drops them.

import { allocColumn, type DType, type FloatColumn, type Target } from '../../data/dataset';
import { finiteRange } from '../../reducers/layout';
import type { Layout, NormalizedConfig } from '../../reducers/types';
import { UsageError } from '../../util/errors';

/** Methods whose bound is relative to the value range: chunked with anchor rows. */
const RANGE_RELATIVE = new Set(['sz-rel', 'zfp-rel']);
export const ANCHOR_ROWS = 2;

/** Refuses what the chunked format cannot store with the one-piece meaning. */
export function checkChunkable(config: NormalizedConfig): void {
  if (config.id === 'sz-psnr') {
    throw new UsageError('chunked containers: sz-psnr bounds the PSNR of the whole column, which per-chunk coding cannot guarantee (use sz-rel or a single container)');
  }
}

export function needsRanges(config: NormalizedConfig): boolean {
  return RANGE_RELATIVE.has(config.id);
}

/** Per-column [min, max] of the finite values and how many there were (none: min = max = 0). */
export type FiniteRange = ReturnType<typeof finiteRange>;

/** The global [min, max] of the finite values: per column, or one pair for the matrix layout. */
export function globalRanges(columns: readonly FloatColumn[], layout: Layout): [number, number][] {
  return rangesFor(columns.map((c) => finiteRange(c)), layout);
}

/** The header's ranges from each column's finite range. */
export function rangesFor(per: readonly FiniteRange[], layout: Layout): [number, number][] {
  if (layout === 'columns') return per.map((r) => [r.min, r.max]);
  let min = Infinity;
  let max = -Infinity;
  for (const r of per) {
    if (r.finite === 0) continue;
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
  }
  return [min <= max ? [min, max] : [0, 0]];
}

/**
 * Each column's finite range gathered block by block, in row order; the result is the one
 * finiteRange gives over the whole column (on ties the earlier value is kept, as one pass does).
 */
export class RangeScanner {
  private per: FiniteRange[] | null = null;

  readonly visit = (block: { columns: readonly FloatColumn[] }): void => {
    const next = block.columns.map((c) => finiteRange(c));
    this.per = this.per ? this.per.map((r, j) => mergeRange(r, next[j])) : next;
  };

  /** The ranges of the blocks seen; undefined before the first block. */
  ranges(): FiniteRange[] | undefined {
    return this.per ?? undefined;
  }
}

function mergeRange(a: FiniteRange, b: FiniteRange): FiniteRange {
  if (b.finite === 0) return a;
  if (a.finite === 0) return b;
  return { min: b.min < a.min ? b.min : a.min, max: b.max > a.max ? b.max : a.max, finite: a.finite + b.finite };
}

/** Column j of rows [start, end) followed by the anchor rows (global min, then max). */
export function withAnchors(column: FloatColumn, start: number, end: number, range: [number, number], dtype: DType): FloatColumn {
  const n = end - start;
  const out = allocColumn(dtype, n + ANCHOR_ROWS);
  out.set(column.subarray(start, end), 0);
  out[n] = range[0];
  out[n + 1] = range[1];
  return out;
}

/** The target of rows [start, end), with the last row's value repeated for the anchor rows. */
export function targetWithAnchors(t: Target, start: number, end: number): Target {
  if (t.kind === 'numeric') {
    const v = new Float64Array(end - start + ANCHOR_ROWS);
    v.set(t.values.subarray(start, end), 0);
    v.fill(t.values[end - 1], end - start);
    return { name: t.name, kind: 'numeric', values: v };
  }
  const v = t.values.slice(start, end);
  for (let i = 0; i < ANCHOR_ROWS; i++) v.push(t.values[end - 1]);
  return { name: t.name, kind: 'label', values: v };
}
