// Per-method curves (the paper's Fig. 2): quality against each method's own parameter, one
// panel per method so each keeps its own axis (a bound in 1e-6..1e-1 beside a precision in
// 2..9), the mean over seeds as a line, every seed as a point, and the searcher's flags
// (threshold collapse, non-monotonic quality) written under the method's name.

import type { FrontPayload } from '../payload';
import { referenceLayers } from './bands';
import {
  type FigureOptions,
  type FigureRow,
  type VegaLiteSpec,
  VEGALITE_SCHEMA,
  checkPayloadVersion,
  checkSize,
  figureRows,
  methodDomain,
  qualityTitle,
  recordTooltip,
} from './common';

/** How one method's parameter is drawn; the searcher knows it from the method's ParamSpec. */
export interface ParamAxis {
  scale?: 'log' | 'linear';
  /** Which way is lossier; 'decreasing' reverses the axis so lossier is always to the right. */
  lossier?: 'increasing' | 'decreasing';
}

export interface CurvesFigureOptions extends FigureOptions {
  /** Per method id; a method not named gets a log axis when its values are positive and span 50x or more. */
  params?: { [method: string]: ParamAxis };
  /** Panels per row (default 3). */
  columns?: number;
}

const FLAGGED = '#c0392b';
const PLAIN = '#2a6fb0';

export function methodCurvesSpec(front: FrontPayload, options: CurvesFigureOptions = {}): VegaLiteSpec {
  checkPayloadVersion('curves figure', front.version);
  const width = checkSize('width', options.width, 240);
  const height = checkSize('height', options.height, 180);
  const columns = options.columns ?? 3;
  if (!Number.isInteger(columns) || columns < 1 || columns > 20) throw new Error(`columns: got ${String(columns)}, expected an integer in [1, 20]`);
  const yTitle = qualityTitle(front);
  const rows = figureRows(front).filter((r) => r.paramValue !== null && Number.isFinite(r.paramValue) && Number.isFinite(r.quality));
  // A method run at one setting (a lossless codec at its level) has no curve to draw.
  const withParam = methodDomain(front).filter((m) => rows.some((r) => r.method === m));
  const methods = withParam.filter((m) => new Set(rows.filter((r) => r.method === m).map((r) => r.paramValue)).size >= 2);
  const single = withParam.filter((m) => !methods.includes(m));
  const subtitle = ['line: mean over seeds; points: each seed'];
  if (single.length > 0) subtitle.push(`one setting only, not drawn: ${single.join(', ')}`);
  const title = options.title ?? { text: `${front.app}: ${front.metric} against each method's parameter`, subtitle };
  if (methods.length === 0) {
    return {
      $schema: VEGALITE_SCHEMA,
      title,
      width,
      height: 60,
      data: { values: [{ text: 'No method with a parameter has records at two settings yet.' }] },
      mark: { type: 'text', fontSize: 13, color: '#555555' },
      encoding: { text: { field: 'text', type: 'nominal' } },
    };
  }
  return {
    $schema: VEGALITE_SCHEMA,
    title,
    columns,
    concat: methods.map((m) => panel(front, m, rows.filter((r) => r.method === m), options.params?.[m] ?? {}, yTitle, width, height)),
    resolve: { scale: { y: 'shared' } },
  };
}

function panel(front: FrontPayload, method: string, rows: FigureRow[], axis: ParamAxis, yTitle: string, width: number, height: number) {
  const values = rows.map((r) => r.paramValue as number);
  const scale = axis.scale ?? guessScale(values);
  if (scale !== 'log' && scale !== 'linear') throw new Error(`params.${method}.scale: got ${String(scale)}, expected 'log' or 'linear'`);
  const shown = scale === 'log' ? rows.filter((r) => (r.paramValue as number) > 0) : rows;
  const flags = front.flags.filter((f) => f.method === method);
  const color = flags.length > 0 ? FLAGGED : PLAIN;
  const paramName = rows[0].paramName ?? 'parameter';
  const x = {
    field: 'paramValue',
    type: 'quantitative' as const,
    title: axis.lossier ? `${paramName} (lossier to the right)` : paramName,
    scale: { type: scale, reverse: axis.lossier === 'decreasing', ...(scale === 'linear' ? { zero: false } : {}) },
    // A log axis over eight decades gets a grid line at every 2..9 of each: a few ticks suffice.
    axis: { tickCount: 5 },
  };
  const y = { field: 'quality', type: 'quantitative' as const, title: yTitle, scale: { zero: false } };
  return {
    title: {
      text: flags.length > 0 ? `${method} (${flags.map((f) => f.kind).join(', ')})` : method,
      subtitle: flags.flatMap((f) => wrap(f.detail, Math.max(20, Math.floor(width / 8)))),
      color: flags.length > 0 ? FLAGGED : undefined,
      subtitleColor: FLAGGED,
      fontSize: 12,
      subtitleFontSize: 10,
      limit: width + 40,
    },
    width,
    height,
    data: { values: shown },
    layer: [
      ...referenceLayers(front, yTitle),
      {
        mark: { type: 'line' as const, color, strokeWidth: 1.5, aria: false },
        encoding: { x, y: { ...y, aggregate: 'mean' as const } },
      },
      {
        mark: { type: 'point' as const, filled: true, size: 26, color, opacity: 0.7, aria: false },
        encoding: { x, y, tooltip: recordTooltip },
      },
    ],
  };
}

function guessScale(values: number[]): 'log' | 'linear' {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > 0 && hi / lo >= 50 ? 'log' : 'linear';
}

/** Vega titles do not wrap: split a flag's sentence into lines of at most `chars` characters. */
export function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
