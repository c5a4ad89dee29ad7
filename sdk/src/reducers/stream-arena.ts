// Many small streams packed into a few large buffers. A wide table coded by column makes one
// stream per column (60,483 for NT3's shape); a fresh ArrayBuffer for each costs more than
// coding its 1,120 values, and leaves the garbage collector thousands of external buffers.

/** Bytes per shared buffer; a stream larger than a quarter of this gets a buffer of its own. */
const CHUNK = 1 << 22;

/** Hands out views for streams, carved in order from shared buffers. The views stay valid. */
export class StreamArena {
  private buf = new Uint8Array(0);
  private used = 0;

  /** A view of n fresh bytes (zeroed). */
  take(n: number): Uint8Array {
    if (n > CHUNK / 4) return new Uint8Array(n);
    if (this.used + n > this.buf.length) {
      this.buf = new Uint8Array(CHUNK);
      this.used = 0;
    }
    const view = this.buf.subarray(this.used, this.used + n);
    this.used += n;
    return view;
  }

  /** A copy of `bytes` in the arena. */
  copy(bytes: Uint8Array): Uint8Array {
    const view = this.take(bytes.length);
    view.set(bytes);
    return view;
  }
}
