// Little-endian byte writing and bounds-checked reading for the small headers of our streams.

import { concatBytes } from '../../util/concat';
import { FormatError } from '../../util/errors';

export class ByteWriter {
  protected buf: Uint8Array;
  private view: DataView;
  protected pos = 0;

  /** `capacity`: the bytes expected; a writer filled exactly to it returns its buffer without a copy. */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(Math.max(1, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf);
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  /** Unsigned LEB128, for counts and indices. */
  varint(v: number): void {
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.u8(v);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  get length(): number {
    return this.pos;
  }
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}

export class ByteReader {
  private pos: number;
  private view: DataView;
  /** Offset in the whole of the bytes this.buf starts at (non-zero once reading moved on to `next`). */
  private base = 0;
  /**
   * `next`: bytes that follow `buf` (a stream's body in two parts, see openStreamParts), read
   * on from without joining the two: a read that starts at the join only moves on; one that
   * crosses it joins what is left (which an honest stream never makes it do).
   */
  constructor(
    private buf: Uint8Array,
    private readonly what: string,
    start = 0,
    private next: Uint8Array | null = null,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.next !== null) {
      const left = this.buf.subarray(this.pos);
      const joined = left.length > 0 ? concatBytes([left, this.next]) : this.next;
      this.base += this.pos;
      this.pos = 0;
      this.buf = joined;
      this.next = null;
      this.view = new DataView(joined.buffer, joined.byteOffset, joined.byteLength);
      this.need(n);
      return;
    }
    throw new FormatError(`${this.what}: truncated (needs ${n} more bytes at offset ${this.base + this.pos} of ${this.base + this.buf.length})`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  varint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
    throw new FormatError(`${this.what}: malformed count at offset ${this.offset}`);
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  get offset(): number {
    return this.base + this.pos;
  }
  get remaining(): number {
    return this.buf.length - this.pos + (this.next?.length ?? 0);
  }
}
