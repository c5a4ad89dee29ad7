// `show(x)`: the one call a notebook cell makes to see a lossyml value richly. Datasets,
// reducer lists, fronts and tables become one-off displays; a sweep (its events, or a function
// that starts it with an AbortSignal) becomes two live displays that follow it.

import { Dataset } from '../data/dataset';
import type { FrontPayload, SweepEvent, TablePayload } from '../display/payload';
import type { ReducerInfo } from '../reducers/types';
import { describe } from '../util/errors';
import { datasetRangesBundle, datasetSummaryBundle } from './dataset-display';
import { displayBundle, tableDisplayBundle, type ShowOptions } from './figures';
import { curvesBundle, frontBundle } from './front-bundle';
import { displaySweep, liveSweep, type LiveSweepOptions, type SweepBundles, type SweepOutcome } from './sweep-display';
import { tableBundle } from './table-bundle';

export type SweepStart = (signal: AbortSignal) => AsyncIterable<SweepEvent>;
export type Showable = Dataset | readonly ReducerInfo[] | FrontPayload | TablePayload;

export const sweepBundles: SweepBundles = { front: (f) => frontBundle(f), table: tableBundle };

function isFront(x: object): x is FrontPayload {
  return 'frontByRatio' in x && 'records' in x;
}
function isTable(x: object): x is TablePayload {
  return 'paretoKeys' in x && 'rows' in x;
}
function isReducerList(x: unknown): x is readonly ReducerInfo[] {
  return Array.isArray(x) && x.length > 0 && x.every((r) => typeof r === 'object' && r !== null && 'family' in r && 'layouts' in r);
}
function isAsyncIterable(x: unknown): x is AsyncIterable<SweepEvent> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

export function reducersBundle(list: readonly ReducerInfo[]) {
  const rows = list.map((r) => [
    r.id, r.family, r.lossless ? 'yes' : 'no',
    r.param ? `${r.param.name} in [${r.param.min}, ${r.param.max}] (${r.param.scale}; lossier: ${r.param.lossier})` : '-',
    r.layouts.join(', '), r.paper ? 'yes' : 'extra',
  ]);
  return tableDisplayBundle(['id', 'family', 'lossless', 'parameter', 'layouts', "paper's Table II"], rows, { caption: `${list.length} data-reduction methods` });
}

export function show(sweep: AsyncIterable<SweepEvent> | SweepStart, options?: LiveSweepOptions): Promise<SweepOutcome>;
export function show(value: Showable, options?: ShowOptions): Promise<void>;
export async function show(value: unknown, options: LiveSweepOptions = {}): Promise<SweepOutcome | void> {
  if (typeof value === 'function') return liveSweep(value as SweepStart, sweepBundles, options);
  if (isAsyncIterable(value)) return displaySweep(value, sweepBundles, options);
  if (value instanceof Dataset) {
    displayBundle(datasetSummaryBundle(value), options);
    displayBundle(await datasetRangesBundle(value), options);
    return;
  }
  if (isReducerList(value)) {
    displayBundle(reducersBundle(value), options);
    return;
  }
  if (typeof value === 'object' && value !== null && isFront(value)) {
    displayBundle(await frontBundle(value), options);
    return;
  }
  if (typeof value === 'object' && value !== null && isTable(value)) {
    displayBundle(tableBundle(value), options);
    return;
  }
  throw new Error(`show: got ${describe(value)}; expected a Dataset, a list of reducers (listReducers()), a front or table payload, or a sweep`);
}

export interface CurvesOptions extends ShowOptions {
  /** Only these methods (default: every method with a parameter). */
  methods?: readonly string[];
  title?: string;
}

/** The per-method curves of a front (the paper's Fig. 2), optionally for some methods only. */
export async function showCurves(front: FrontPayload, options: CurvesOptions = {}): Promise<void> {
  const keep = options.methods ? new Set(options.methods) : undefined;
  const sub: FrontPayload = keep
    ? {
        ...front,
        records: front.records.filter((r) => keep.has(r.method)),
        frontByRatio: front.frontByRatio.filter((k) => front.records.some((r) => r.key === k && keep.has(r.method))),
        frontByThroughput: front.frontByThroughput.filter((k) => front.records.some((r) => r.key === k && keep.has(r.method))),
        flags: front.flags.filter((f) => keep.has(f.method)),
      }
    : front;
  displayBundle(await curvesBundle(sub, options.title ? { title: options.title } : {}), options);
}
