// The global Pareto front (the paper's Fig. 3): every record as a point coloured by method,
// the front as a line through ringed points, the noise floor band and the threshold rule.
// One builder per x axis: compression ratio, and decompression throughput.

import type { FrontPayload } from '../payload';
import { referenceLayers } from './bands';
import {
  type FigureOptions,
  type VegaLiteSpec,
  VEGALITE_SCHEMA,
  checkPayloadVersion,
  checkSize,
  figureRows,
  methodColor,
  methodDomain,
  qualityTitle,
  recordTooltip,
} from './common';

export interface FrontFigureOptions extends FigureOptions {
  /** Scale of the x axis (default 'log': ratios and throughputs span decades). */
  xScale?: 'log' | 'linear';
  /** Opacity of points whose method was switched off in the legend (default 0.06). */
  hiddenOpacity?: number;
}

// A nice log domain rounds out to whole decades (0.1..1000 for ratios 1..90); padding instead.
const LOG_X = { type: 'log' as const, nice: false, padding: 14 };

/** Name of the legend-bound selection: clicking a method in the legend keeps it, fades the rest. */
export const METHOD_SELECTION = 'method_pick';

interface Axis {
  field: 'ratio' | 'throughput';
  frontFlag: 'onRatioFront' | 'onThroughputFront';
  title: string;
  what: string;
}

const RATIO: Axis = { field: 'ratio', frontFlag: 'onRatioFront', title: 'compression ratio (original / stored)', what: 'compression ratio' };
const THROUGHPUT: Axis = { field: 'throughput', frontFlag: 'onThroughputFront', title: 'decompression throughput (MB/s)', what: 'decompression throughput' };

/** Quality against compression ratio, all records and the global front. */
export function frontRatioSpec(front: FrontPayload, options: FrontFigureOptions = {}): VegaLiteSpec {
  return frontSpec(front, RATIO, options);
}

/** Quality against decompression throughput; records without a measured throughput are left out. */
export function frontThroughputSpec(front: FrontPayload, options: FrontFigureOptions = {}): VegaLiteSpec {
  return frontSpec(front, THROUGHPUT, options);
}

function frontSpec(front: FrontPayload, axis: Axis, options: FrontFigureOptions): VegaLiteSpec {
  checkPayloadVersion('front figure', front.version);
  const width = checkSize('width', options.width, 560);
  const height = checkSize('height', options.height, 360);
  const xScale = options.xScale ?? 'log';
  if (xScale !== 'log' && xScale !== 'linear') throw new Error(`xScale: got ${String(xScale)}, expected 'log' or 'linear'`);
  const hidden = options.hiddenOpacity ?? 0.06;
  if (!(hidden >= 0 && hidden <= 1)) throw new Error(`hiddenOpacity: got ${String(hidden)}, expected a number in [0, 1]`);

  const yTitle = qualityTitle(front);
  // A log axis cannot place 0 or a missing value: such rows are dropped before vega sees them.
  const rows = figureRows(front).filter((r) => {
    const x = r[axis.field];
    return x !== null && Number.isFinite(x) && (xScale === 'linear' || x > 0) && Number.isFinite(r.quality);
  });
  const x = { field: axis.field, type: 'quantitative' as const, title: axis.title, scale: xScale === 'log' ? LOG_X : { type: xScale, zero: false } };
  const y = { field: 'quality', type: 'quantitative' as const, title: yTitle, scale: { zero: false } };
  const onFront = `datum.${axis.frontFlag}`;

  return {
    $schema: VEGALITE_SCHEMA,
    title: options.title ?? { text: `${front.app}: ${front.metric} against ${axis.what}`, subtitle: statusLine(front) },
    width,
    height,
    data: { values: rows },
    layer: [
      ...referenceLayers(front, yTitle),
      {
        params: [{ name: METHOD_SELECTION, select: { type: 'point', fields: ['method'] }, bind: 'legend' }],
        mark: { type: 'point', filled: true, size: 36, aria: false },
        encoding: {
          x,
          y,
          color: methodColor(methodDomain(front)),
          opacity: { condition: { param: METHOD_SELECTION, value: 0.75 }, value: hidden },
          tooltip: recordTooltip,
        },
      },
      {
        transform: [{ filter: onFront }],
        mark: { type: 'line', color: '#222222', strokeWidth: 1.5, aria: false },
        encoding: { x, y, order: { field: axis.field, type: 'quantitative' } },
      },
      {
        transform: [{ filter: onFront }],
        mark: { type: 'point', filled: false, size: 130, strokeWidth: 1.6, color: '#222222', aria: false },
        encoding: { x, y, tooltip: recordTooltip },
      },
    ],
  };
}

function statusLine(front: FrontPayload): string {
  const n = front.records.length;
  const progress = front.progress ? `, ${front.progress.done} of ${front.progress.total} done` : '';
  return `${n} record${n === 1 ? '' : 's'}, ${front.status}${progress}; ringed: the global Pareto front`;
}
