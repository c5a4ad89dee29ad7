// A display sink that records what it was sent, and a clock whose time only moves when told.
import type { Clock, DisplaySink, MimeBundle, SendOptions } from '@lossyml/sdk';

export interface Sent {
  bundle: MimeBundle;
  options: SendOptions;
  at: number;
}

export class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

export function fakeSink(clock?: FakeClock): DisplaySink & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    send(bundle, options) {
      sent.push({ bundle, options, at: clock ? clock.now() : 0 });
    },
  };
}

/** Lets queued promise callbacks run (the display's send chain). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
