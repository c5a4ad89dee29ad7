// The side stream of the zfp reducers: for each zfp stream, how to read it (the config's zfp
// parameters, an accuracy stream with its own minexp, raw values, or one constant) and its
// exceptions, values stored exactly at given positions (NaN and Infinity, which zfp cannot
// represent, and values a stream restored outside the bound). Little-endian, LEB128 counts.

import type { DType } from '../../data/dataset';
import { FormatError } from '../../util/errors';

/** How a stream is stored. */
export const KIND = {
  /** A zfp stream with the parameters the config implies. */
  config: 0,
  /** A zfp accuracy stream with its own minexp (zfp-rel: the tolerance follows each column's range). */
  accuracy: 1,
  /** The values as they are (little-endian), when zfp plus exceptions would be larger. */
  raw: 2,
  /** Every value the same (stored as a float64); the stream is empty. */
  constant: 3,
} as const;

export type StreamKind = (typeof KIND)[keyof typeof KIND];

export interface StreamInfo {
  kind: StreamKind;
  /** Kind Accuracy only. */
  minexp: number;
  /** Kind Constant only. */
  value: number;
  /** Positions (increasing) whose values are stored exactly. */
  positions: Uint32Array;
  values: Float64Array;
}

const VERSION = 1;
// Shared by the streams without exceptions (most of them): no two empty arrays per column.
const NO_POSITIONS = new Uint32Array(0);
const NO_VALUES = new Float64Array(0);

class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }

  varint(v: number): void {
    this.room(10);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  i16(v: number): void {
    this.room(2);
    this.view.setInt16(this.length, v, true);
    this.length += 2;
  }

  float(v: number, dtype: DType): void {
    this.room(8);
    if (dtype === 'float32') {
      this.view.setFloat32(this.length, v, true);
      this.length += 4;
    } else {
      this.view.setFloat64(this.length, v, true);
      this.length += 8;
    }
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new FormatError(`zfp side stream truncated at byte ${this.pos} of ${this.buf.length}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  varint(): number {
    let v = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const b = this.u8();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      if (scale > 2 ** 42) throw new FormatError(`zfp side stream: count too long at byte ${this.pos}`);
    }
  }

  i16(): number {
    this.need(2);
    const v = this.view.getInt16(this.pos, true);
    this.pos += 2;
    return v;
  }

  float(dtype: DType): number {
    const size = dtype === 'float32' ? 4 : 8;
    this.need(size);
    const v = dtype === 'float32' ? this.view.getFloat32(this.pos, true) : this.view.getFloat64(this.pos, true);
    this.pos += size;
    return v;
  }

  done(): void {
    if (this.pos !== this.buf.length) throw new FormatError(`zfp side stream: ${this.buf.length - this.pos} bytes left over`);
  }
}

export function writeSide(infos: StreamInfo[], dtype: DType): Uint8Array {
  const w = new ByteWriter();
  w.u8(VERSION);
  w.varint(infos.length);
  for (const s of infos) {
    w.u8(s.kind);
    if (s.kind === KIND.accuracy) w.i16(s.minexp);
    if (s.kind === KIND.constant) w.float(s.value, 'float64');
    w.varint(s.positions.length);
    let prev = -1;
    for (let i = 0; i < s.positions.length; i++) {
      w.varint(s.positions[i] - prev - 1);
      prev = s.positions[i];
    }
    for (let i = 0; i < s.values.length; i++) w.float(s.values[i], dtype);
  }
  return w.bytes();
}

/** Reads the side stream of `count` streams of `length` values each. */
export function readSide(bytes: Uint8Array, dtype: DType, count: number, length: number): StreamInfo[] {
  const r = new ByteReader(bytes);
  const version = r.u8();
  if (version !== VERSION) throw new FormatError(`zfp side stream version ${version}; this lossyml reads version ${VERSION}`);
  const n = r.varint();
  if (n !== count) throw new FormatError(`zfp side stream describes ${n} streams, expected ${count}`);
  const infos: StreamInfo[] = [];
  for (let j = 0; j < n; j++) {
    const kind = r.u8() as StreamKind;
    if (kind > KIND.constant) throw new FormatError(`zfp side stream: stream ${j} has unknown kind ${kind}`);
    const minexp = kind === KIND.accuracy ? r.i16() : 0;
    const value = kind === KIND.constant ? r.float('float64') : 0;
    const m = r.varint();
    if (m > length) throw new FormatError(`zfp side stream: stream ${j} lists ${m} exceptions for ${length} values`);
    const positions = m === 0 ? NO_POSITIONS : new Uint32Array(m);
    let prev = -1;
    for (let i = 0; i < m; i++) {
      prev += r.varint() + 1;
      if (prev >= length) throw new FormatError(`zfp side stream: stream ${j} has an exception at ${prev}, past its ${length} values`);
      positions[i] = prev;
    }
    const values = m === 0 ? NO_VALUES : new Float64Array(m);
    for (let i = 0; i < m; i++) values[i] = r.float(dtype);
    infos.push({ kind, minexp, value, positions, values });
  }
  r.done();
  return infos;
}
