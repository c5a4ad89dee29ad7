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
  /** Colour of the front's line and rings (default '#222222'; a dark theme passes its text colour). */
  frontColor?: string;
  /** Methods drawn hidden, as if the reader had clicked their legend entries (a redraw keeps them). */
  hiddenMethods?: string[];
}

// A nice log domain rounds out to whole decades (0.1..1000 for ratios 1..90); padding instead.
const LOG_X = { type: 'log' as const, nice: false, padding: 14 };

/**
 * Name of the legend-bound selection: the methods the reader hid. A click on a legend entry
 * hides that method's points (and its rings on the front); a second click shows them again.
 */
export const METHOD_SELECTION = 'method_hidden';

/** True for a legend entry whose method is hidden (the store and signal names are vega-lite's). */
const HIDDEN_ENTRY = `length(data('${METHOD_SELECTION}_store')) > 0 && isArray(${METHOD_SELECTION}.method) && indexof(${METHOD_SELECTION}.method, datum.value) >= 0`;
const hiddenEntryOpacity = { condition: { test: HIDDEN_ENTRY, value: 0.25 }, value: 1 };

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
  const frontColor = options.frontColor ?? '#222222';
  if (typeof frontColor !== 'string' || frontColor.trim() === '') throw new Error(`frontColor: got ${String(frontColor)}, expected a CSS colour`);
  const hiddenMethods = options.hiddenMethods ?? [];
  if (!Array.isArray(hiddenMethods) || !hiddenMethods.every((m) => typeof m === 'string')) {
    throw new Error(`hiddenMethods: got ${JSON.stringify(hiddenMethods)}, expected an array of method names`);
  }

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
        // Every click toggles the clicked method in or out of the hidden set.
        params: [
          {
            name: METHOD_SELECTION,
            select: { type: 'point', fields: ['method'], toggle: 'true' },
            bind: 'legend',
            ...(hiddenMethods.length > 0 ? { value: hiddenMethods.map((method) => ({ method })) } : {}),
          },
        ],
        mark: { type: 'point', filled: true, aria: false },
        encoding: {
          x,
          y,
          color: {
            ...methodColor(methodDomain(front)),
            // A hidden method's entry is faded (vega-lite's default would fade the others).
            legend: { encoding: { symbols: { opacity: hiddenEntryOpacity }, labels: { opacity: hiddenEntryOpacity } } },
          },
          // Hidden: no opacity and no size, so no hover target either.
          opacity: { condition: { param: METHOD_SELECTION, empty: false, value: 0 }, value: 0.75 },
          size: { condition: { param: METHOD_SELECTION, empty: false, value: 0 }, value: 36 },
          tooltip: recordTooltip,
        },
      },
      {
        transform: [{ filter: onFront }],
        mark: { type: 'line', color: frontColor, strokeWidth: 1.5, aria: false },
        encoding: { x, y, order: { field: axis.field, type: 'quantitative' } },
      },
      {
        transform: [{ filter: onFront }],
        mark: { type: 'point', filled: false, strokeWidth: 1.6, color: frontColor, aria: false },
        encoding: {
          x,
          y,
          opacity: { condition: { param: METHOD_SELECTION, empty: false, value: 0 }, value: 1 },
          size: { condition: { param: METHOD_SELECTION, empty: false, value: 0 }, value: 130 },
          tooltip: recordTooltip,
        },
      },
    ],
  };
}

function statusLine(front: FrontPayload): string {
  const n = front.records.length;
  const progress = front.progress ? `, ${front.progress.done} of ${front.progress.total} done` : '';
  return `${n} record${n === 1 ? '' : 's'}, ${front.status}${progress}; ringed: the global Pareto front`;
}
