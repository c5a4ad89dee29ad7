// One display that is replaced in place as new states arrive (update_display_data), throttled:
// the first state opens the display at once, later ones are sent at most once per interval,
// and the latest state is always sent when the display closes. Building a bundle (a vega
// render to SVG) can be slow, so states are kept as data and turned into bundles only when
// sent, and the interval grows to several times the last build time.

import { randomBytes } from 'node:crypto';
import { check } from '../util/errors';
import { checkBundle, type MimeBundle } from './bundle';
import { defaultSink, type DisplaySink } from './sink';

/** The time source, injectable so that throttling is tested without real time. */
export interface Clock {
  now(): number;
  /**
   * The process's CPU time in ms, which a bundle's build time is measured in (default: now).
   * Wall time would count what else the machine runs, or a kernel stopped mid-build.
   */
  cpuNow?(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  cpuNow: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LiveDisplayOptions {
  /** Least time between two sends, in ms (default 500; 0 sends every state). */
  intervalMs?: number;
  /** The interval is at least this many times the last bundle's build time, in CPU time (default 4). */
  buildTimeFactor?: number;
  sink?: DisplaySink;
  clock?: Clock;
  displayId?: string;
}

export type BundleBuilder<S> = (state: S) => MimeBundle | Promise<MimeBundle>;

export function newDisplayId(): string {
  return randomBytes(8).toString('hex');
}

export class LiveDisplay<S> {
  readonly displayId: string;
  private readonly intervalMs: number;
  private readonly buildTimeFactor: number;
  private readonly sink: DisplaySink;
  private readonly clock: Clock;
  private latest: { state: S } | undefined;
  private dirty = false;
  private opened = false;
  private closed = false;
  private lastSentAt = -Infinity;
  private lastBuildMs = 0;
  private timer: unknown = undefined;
  private inFlight = false;
  private chain: Promise<void> = Promise.resolve();
  private error: unknown = undefined;
  private sent = 0;

  constructor(private readonly build: BundleBuilder<S>, options: LiveDisplayOptions = {}) {
    const interval = options.intervalMs ?? 500;
    check(Number.isFinite(interval) && interval >= 0 && interval <= 600_000, 'intervalMs', interval, 'a number of milliseconds in [0, 600000]');
    const factor = options.buildTimeFactor ?? 4;
    check(Number.isFinite(factor) && factor >= 0 && factor <= 100, 'buildTimeFactor', factor, 'a number in [0, 100]');
    this.intervalMs = interval;
    this.buildTimeFactor = factor;
    this.sink = options.sink ?? defaultSink();
    this.clock = options.clock ?? realClock;
    this.displayId = options.displayId ?? newDisplayId();
  }

  /** How many bundles have been sent (opening included). */
  get sends(): number {
    return this.sent;
  }

  /** The current least interval between sends, in ms. */
  get interval(): number {
    return Math.max(this.intervalMs, this.buildTimeFactor * this.lastBuildMs);
  }

  /** Takes a new state; sends it now, or later within the interval, replacing any unsent one. */
  update(state: S): void {
    if (this.closed) throw new Error(`LiveDisplay ${this.displayId}: update after close`);
    this.latest = { state };
    this.dirty = true;
    if (!this.opened) return this.sendNow(false);
    // A send in flight schedules the next one when it is out.
    if (this.timer !== undefined || this.inFlight) return;
    this.schedule();
  }

  /**
   * Lets a send that is due go out now and waits until the sends in flight are out. Work that
   * keeps the event loop busy (a sweep training one model after another) calls this between its
   * steps: otherwise the throttle's timer, the bundle's build and the kernel's socket all wait
   * for the work to end, and a live display shows nothing between its first and last state.
   */
  async flush(): Promise<void> {
    const before = this.sent;
    if (this.timer !== undefined && this.dirty && !this.closed && this.clock.now() >= this.lastSentAt + this.interval) {
      this.cancelTimer();
      this.sendNow(false);
    }
    await this.chain;
    // One turn of the event loop for the message to leave (tslab's socket writes are asynchronous).
    if (this.sent !== before) await new Promise<void>((r) => setImmediate(r));
  }

  /** Sends the latest state as the final one (if any state arrived) and waits for every send. */
  async close(finalState?: { state: S }): Promise<void> {
    if (finalState) {
      this.latest = finalState;
      this.dirty = true;
    }
    if (!this.closed) {
      this.closed = true;
      this.cancelTimer();
      if (this.latest) this.sendNow(true);
    }
    await this.chain;
    if (this.error !== undefined) throw this.error;
  }

  private schedule(): void {
    const wait = this.lastSentAt + this.interval - this.clock.now();
    if (wait <= 0) this.sendNow(false);
    else this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.dirty && !this.closed) this.sendNow(false);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendNow(final: boolean): void {
    const latest = this.latest;
    if (!latest) return;
    const update = this.opened;
    this.opened = true;
    this.dirty = false;
    this.inFlight = true;
    this.chain = this.chain.then(async () => {
      if (this.error !== undefined) return;
      try {
        const cpu = () => (this.clock.cpuNow ? this.clock.cpuNow() : this.clock.now());
        const t0 = cpu();
        const bundle = await this.build(latest.state);
        this.lastBuildMs = Math.max(0, cpu() - t0);
        checkBundle(bundle, `display ${this.displayId}`);
        this.sink.send(bundle, { displayId: this.displayId, update, final });
        this.sent++;
      } catch (e) {
        this.error = e;
      } finally {
        // The interval runs from when a message went out, so sends are never closer than it.
        this.lastSentAt = this.clock.now();
        this.inFlight = false;
        if (this.dirty && !this.closed && this.timer === undefined && this.error === undefined) this.schedule();
      }
    });
  }
}
