// Global value ranges for the range-relative methods (sz-rel, zfp-rel). Those reducers take the
// range from the block they are given; a chunk alone would get its own, smaller range and a
// tighter bound than the one-piece file. So each chunk carries two anchor rows after its own
// rows, holding the global minimum and maximum (per column, or of the matrix), which makes the
// chunk's range the global one without any change to the reducers; the reader drops them.
// sz-psnr uses the same anchors (its allowed RMS error is relative to the range), with each
// chunk's PSNR target raised just enough that the anchor rows it also counts cannot make room
// for a larger error on the table's rows: then every chunk's squared error over its own finite
// values is at most their count x the allowed one, and so is the whole column's.

import { allocColumn, type DType, type FloatColumn, type Target } from '../../data/dataset';
import { finiteRange } from '../../reducers/layout';
import type { Layout, NormalizedConfig } from '../../reducers/types';
import { UsageError } from '../../util/errors';

/** Methods whose bound is relative to the value range: chunked with anchor rows. */
const RANGE_RELATIVE = new Set(['sz-rel', 'zfp-rel', 'sz-psnr']);
/** sz-psnr's largest PSNR (its parameter range): a chunk's raised target must stay within it. */
const MAX_PSNR = 320;
export const ANCHOR_ROWS = 2;

/**
 * The config chunk `rows` (anchor rows appended) is coded with. sz-psnr: the chunk's encoder
 * keeps sum(err^2) <= (f + a) base'^2 over the f finite values of a column (or of the matrix)
 * and its a anchor values; asking base'^2 = base^2 f / (f + a), with f the least finite count
 * of the chunk's columns, gives sum(err^2) <= f base^2 over the table's rows of every column.
 * Other methods: the config unchanged.
 */
export function chunkConfig(config: NormalizedConfig, rows: { columns: readonly FloatColumn[] }): NormalizedConfig {
  if (config.id !== 'sz-psnr') return config;
  const counts = rows.columns.map((c) => finiteRange(c.subarray(0, c.length - ANCHOR_ROWS)).finite);
  const matrix = config.layout === 'matrix';
  const f = matrix ? counts.reduce((a, b) => a + b, 0) : Math.min(...counts.filter((n) => n > 0));
  // Nothing finite in the chunk: no error to bound.
  if (!(f > 0 && Number.isFinite(f))) return config;
  const a = ANCHOR_ROWS * (matrix ? rows.columns.length : 1);
  const psnr = (config.psnr as number) + 10 * Math.log10((f + a) / f);
  if (psnr > MAX_PSNR) {
    throw new UsageError(`chunked containers: sz-psnr ${config.psnr} dB needs ${psnr.toFixed(3)} dB in a chunk with ${f} finite values (its ${a} anchor values count in its PSNR), above the method's ${MAX_PSNR}; use larger chunks or a single container`);
  }
  return { ...config, psnr };
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
