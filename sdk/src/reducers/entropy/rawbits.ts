// Plain bit packing for bits that no model can predict (the low bits of fpzip's residuals):
// written apart from the range-coded stream, they cost a shift and a store instead of a
// range-coder step each.

import { FormatError } from '../../util/errors';

export class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Pending bits (fewer than 8 between calls) and how many. */
  private acc = 0;
  private fill = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  /** The `n` (0..16) low bits of `value`, most significant first. */
  put(value: number, n: number): void {
    let acc = (this.acc << n) | (value & ((1 << n) - 1));
    let fill = this.fill + n;
    if (this.pos + 3 > this.buf.length) this.grow();
    while (fill >= 8) {
      fill -= 8;
      this.buf[this.pos++] = (acc >>> fill) & 0xff;
    }
    this.acc = acc & ((1 << fill) - 1);
    this.fill = fill;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf);
    this.buf = bigger;
  }

  finish(): Uint8Array {
    if (this.fill > 0) this.put(0, 8 - this.fill);
    return this.buf.subarray(0, this.pos);
  }
}

export class BitReader {
  private pos: number;
  /** Bits read ahead (the low `fill` bits of acc, at most 24). */
  private acc = 0;
  private fill = 0;

  constructor(private readonly buf: Uint8Array, start: number, private readonly end: number) {
    this.pos = start;
  }

  /** `n` (0..16) bits as written by BitWriter.put. */
  get(n: number): number {
    let acc = this.acc;
    let fill = this.fill;
    while (fill < n) {
      if (this.pos >= this.end) throw new FormatError('raw bits: stream ends early (truncated or corrupt)');
      acc = ((acc << 8) | this.buf[this.pos++]) & 0xffffff;
      fill += 8;
    }
    fill -= n;
    this.acc = acc;
    this.fill = fill;
    return (acc >>> fill) & ((1 << n) - 1);
  }
}
