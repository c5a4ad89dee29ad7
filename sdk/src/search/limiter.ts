// At most n evaluations at once, in the order they were asked for. After an abort no new one
// starts (waiting callers get an AbortError); those already running finish and are recorded.
// Before each evaluation the event loop gets a turn: a model that trains without awaiting
// (the SVM, tfjs on wasm) would otherwise run the whole sweep in one go, and a notebook's live
// display (its throttle timer, the kernel's socket) and an interrupt would wait until the end.

export class AbortedError extends Error {
  constructor() {
    super('the sweep was interrupted');
    this.name = 'AbortedError';
  }
}

export class Limiter {
  private running = 0;
  private readonly waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly n: number,
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', () => {
      for (const w of this.waiting.splice(0)) w.reject(new AbortedError());
    });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.signal?.aborted) throw new AbortedError();
    if (this.running < this.n) this.running++;
    // A finishing task hands its slot straight to the next waiter, so `running` never exceeds n.
    else await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.signal?.aborted) throw new AbortedError();
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.running--;
    }
  }
}

/** A queue of values that one consumer reads with for-await while producers push. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake?: () => void;
  private ended = false;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.items.length) yield this.items.shift()!;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
