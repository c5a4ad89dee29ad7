// The distribution of per-column value ranges (the paper's Fig. 4): why a value-range
// relative bound applied per column protects quality when columns span very different ranges.

import {
  type FigureOptions,
  type VegaLiteSpec,
  VEGALITE_SCHEMA,
  checkSize,
} from './common';

/** Per-column extremes of a dataset's features: the small payload the ranges figure reads. */
export interface ColumnRangesPayload {
  app: string;
  columns: { name: string; min: number; max: number }[];
}

export interface RangesFigureOptions extends FigureOptions {
  /** 'log' bins log10 of the positive ranges and counts constant columns in the subtitle (default 'linear'). */
  xScale?: 'log' | 'linear';
  /** Most bins (default 40). */
  maxBins?: number;
}

/** The payload from feature columns; NaN values are skipped, an all-NaN column has range 0. */
export function columnRangesPayload(app: string, names: readonly string[], columns: readonly ArrayLike<number>[]): ColumnRangesPayload {
  if (names.length !== columns.length) throw new Error(`columnRangesPayload: ${names.length} names for ${columns.length} columns`);
  return {
    app,
    columns: columns.map((col, j) => {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return min <= max ? { name: names[j], min, max } : { name: names[j], min: 0, max: 0 };
    }),
  };
}

export function columnRangesSpec(payload: ColumnRangesPayload, options: RangesFigureOptions = {}): VegaLiteSpec {
  const width = checkSize('width', options.width, 480);
  const height = checkSize('height', options.height, 280);
  const xScale = options.xScale ?? 'linear';
  if (xScale !== 'log' && xScale !== 'linear') throw new Error(`xScale: got ${String(xScale)}, expected 'log' or 'linear'`);
  const maxBins = options.maxBins ?? 40;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 1000) throw new Error(`maxBins: got ${String(maxBins)}, expected an integer in [2, 1000]`);
  payload.columns.forEach((c, j) => {
    if (!Number.isFinite(c.min) || !Number.isFinite(c.max) || c.max < c.min) {
      throw new Error(`columns[${j}] (${c.name}): min ${c.min} and max ${c.max} are not a finite range`);
    }
  });

  const rows = payload.columns.map((c) => ({ name: c.name, range: c.max - c.min }));
  const constant = rows.filter((r) => r.range === 0).length;
  const log = xScale === 'log';
  const field = log ? 'log10range' : 'range';
  const subtitle = `${rows.length} columns` + (log ? `; ${constant} constant column${constant === 1 ? '' : 's'} (range 0) not shown` : `; ${constant} constant (range 0)`);
  return {
    $schema: VEGALITE_SCHEMA,
    title: options.title ?? { text: `${payload.app}: distribution of per-column value ranges`, subtitle },
    width,
    height,
    data: { values: rows },
    transform: log ? [{ filter: 'datum.range > 0' }, { calculate: 'log(datum.range) / LN10', as: 'log10range' }] : [],
    mark: { type: 'bar', color: '#2a6fb0', tooltip: true },
    encoding: {
      x: { field, type: 'quantitative', bin: { maxbins: maxBins }, title: log ? 'log10 of value range (max - min)' : 'value range (max - min)' },
      y: { aggregate: 'count', type: 'quantitative', title: 'columns' },
    },
  };
}
