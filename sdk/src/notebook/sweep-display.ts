// A sweep shown live: one display for the table and one for the front, opened when the sweep
// starts and replaced in place (throttled) as its events arrive; the last state is always sent.
// An interrupt (SIGINT: the kernel's interrupt button) aborts the sweep through its AbortSignal;
// the sweep then ends with a 'done' event of status 'interrupted', which the displays show.

import type { FrontPayload, Recommendation, RecordRow, SweepEvent, SweepStatus, TablePayload } from '../display/payload';
import { PAYLOAD_VERSION } from '../display/payload';
import type { MimeBundle } from './bundle';
import { LiveDisplay, type Clock } from './live-display';
import type { DisplaySink } from './sink';

export interface SweepDisplayOptions {
  /** Least time between two updates of a display, in ms (default 1000). */
  intervalMs?: number;
  sink?: DisplaySink;
  clock?: Clock;
  /** Where warnings go (default: console.warn, which tslab shows in the cell). */
  warn?: (message: string) => void;
}

export interface SweepBundles {
  front(front: FrontPayload): MimeBundle | Promise<MimeBundle>;
  table(table: TablePayload): MimeBundle | Promise<MimeBundle>;
}

export interface SweepOutcome {
  status: SweepStatus;
  /** Every record the sweep reported (resumed ones included), in arrival order. */
  records: RecordRow[];
  front?: FrontPayload;
  table?: TablePayload;
  recommendation?: Recommendation;
  warnings: string[];
}

type Started = Extract<SweepEvent, { type: 'started' }>;

function emptyPayloads(e: Started): { front: FrontPayload; table: TablePayload } {
  const common = { version: PAYLOAD_VERSION as typeof PAYLOAD_VERSION, app: e.app, metric: e.metric, higherIsBetter: e.higherIsBetter, status: 'running' as const, progress: { done: 0, total: e.total } };
  return {
    front: { ...common, records: [], frontByRatio: [], frontByThroughput: [], flags: [] },
    table: { ...common, rows: [], paretoKeys: [] },
  };
}

/** Consumes a sweep's events into two live displays; resolves with what the sweep produced. */
export async function displaySweep(events: AsyncIterable<SweepEvent>, bundles: SweepBundles, options: SweepDisplayOptions = {}): Promise<SweepOutcome> {
  const live = { intervalMs: options.intervalMs ?? 1000, sink: options.sink, clock: options.clock };
  const tableDisplay = new LiveDisplay<TablePayload>((t) => bundles.table(t), live);
  const frontDisplay = new LiveDisplay<FrontPayload>((f) => bundles.front(f), live);
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const outcome: SweepOutcome = { status: 'running', records: [], warnings: [] };
  const show = (front: FrontPayload, table: TablePayload) => {
    outcome.front = front;
    outcome.table = table;
    tableDisplay.update(table);
    frontDisplay.update(front);
  };
  let failure: unknown;
  try {
    for await (const e of events) {
      switch (e.type) {
        case 'started': {
          const { front, table } = emptyPayloads(e);
          show(front, table);
          break;
        }
        case 'record':
          outcome.records.push(e.record);
          break;
        case 'front-updated':
          show(e.front, e.table);
          break;
        case 'warning':
          outcome.warnings.push(e.message);
          warn(`lossyml: ${e.method ? e.method + ': ' : ''}${e.message}`);
          break;
        case 'done':
          outcome.status = e.front.status;
          outcome.recommendation = e.recommendation;
          show(e.front, e.table);
          break;
      }
      // Between two events the sweep trains models without yielding: let due updates go out now.
      await Promise.all([tableDisplay.flush(), frontDisplay.flush()]);
    }
  } catch (err) {
    failure = err;
  }
  // The last state always goes out, even when the sweep failed part way.
  await Promise.all([tableDisplay.close(), frontDisplay.close()]);
  if (failure !== undefined) throw failure;
  return outcome;
}

/** The run a re-executed cell must wait for: an interrupted sweep still finishing its point. */
let active: Promise<unknown> = Promise.resolve();

export interface LiveSweepOptions extends SweepDisplayOptions {
  /** Aborts the sweep as an interrupt does (the sweep keeps its finished records). */
  signal?: AbortSignal;
  /** Abort on SIGINT, the kernel's interrupt (default true). */
  interruptOnSigint?: boolean;
}

/**
 * Starts a sweep with an AbortSignal that a kernel interrupt aborts, and shows it live. A
 * re-run of the cell first waits for an interrupted run to stop, so two sweeps never write
 * the same records.jsonl at once; the new run then resumes from the finished records.
 */
export async function liveSweep(
  start: (signal: AbortSignal) => AsyncIterable<SweepEvent>,
  bundles: SweepBundles,
  options: LiveSweepOptions = {},
): Promise<SweepOutcome> {
  const previous = active;
  let release!: () => void;
  active = new Promise<void>((r) => (release = r));
  try {
    await previous;
    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('interrupted'));
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const sigint = options.interruptOnSigint ?? true;
    if (sigint) process.on('SIGINT', onSigint);
    try {
      return await displaySweep(start(controller.signal), bundles, options);
    } finally {
      if (sigint) process.off('SIGINT', onSigint);
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    release();
  }
}
