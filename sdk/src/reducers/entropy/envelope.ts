// The outer frame of our own streams (SZ family, fpzip): a 4-byte tag, the back end that
// packed the body (none, or zstd on the body's first part when that is smaller), the body's
// length and its CRC-32. Only the first part is offered to zstd: the rest is range-coded,
// which zstd cannot shrink, and compressing it would cost most of an encode's time.
// Decoding refuses a foreign tag, a wrong length or a checksum mismatch before parsing.

import { zstdCompress, zstdDecompress } from '../lossless/backends';
import { FormatError } from '../../util/errors';
import { concatBytes } from '../../util/concat';
import { crc32 } from '../../util/crc32';
import { ByteReader, ByteWriter } from './bytes';

const BACKEND_NONE = 0;
const BACKEND_ZSTD = 1;
/** zstd on the body's first part (its packed length follows the header), the rest raw. */
const BACKEND_ZSTD_HEAD = 2;
const HEADER_BYTES = 4 + 1 + 4 + 4;

/**
 * Frames `body`, given whole or as parts in order (framed without joining them: on a wide
 * table a joined copy would be a third of the encoder's peak memory above the input); with
 * `zstdLevel` set, zstd packs body[0, packUpTo) when that saves at least 1% of the body. With
 * parts, packUpTo must lie within the first part.
 */
export async function sealStream(tag: string, body: Uint8Array | readonly Uint8Array[], zstdLevel?: number, packUpTo?: number): Promise<Uint8Array> {
  const parts = body instanceof Uint8Array ? [body] : body;
  const length = parts.reduce((a, p) => a + p.length, 0);
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  const { prefix, rawFrom } = await framePrefix(tag, parts[0] ?? new Uint8Array(0), packUpTo ?? length, length, crc, zstdLevel);
  const w = new ByteWriter(prefix.length + length - rawFrom);
  w.bytes(prefix);
  if (parts.length > 0) w.bytes(parts[0].subarray(rawFrom));
  for (let k = 1; k < parts.length; k++) w.bytes(parts[k]);
  return w.finish();
}

/**
 * What precedes a framed body's raw bytes: the header, and where zstd packed the body's start,
 * that packed part; `rawFrom` is where the raw bytes begin in `first` (the body's first part,
 * whose [0, packEnd) zstd may pack). `crc` is the whole body's CRC-32.
 */
async function framePrefix(tag: string, first: Uint8Array, packEnd: number, length: number, crc: number, zstdLevel?: number): Promise<{ prefix: Uint8Array; rawFrom: number }> {
  if (packEnd > first.length && packEnd > 0) throw new RangeError(`sealStream: packUpTo ${packEnd} beyond the first part (${first.length} bytes)`);
  let backend = BACKEND_NONE;
  let packed: Uint8Array | null = null;
  if (zstdLevel !== undefined && packEnd > 64) {
    const p = await zstdCompress(first.subarray(0, packEnd), zstdLevel);
    if (p.length + 4 < packEnd - length * 0.01) {
      backend = packEnd === length ? BACKEND_ZSTD : BACKEND_ZSTD_HEAD;
      packed = p;
    }
  }
  const w = new ByteWriter(HEADER_BYTES + (packed ? 4 + packed.length : 0));
  for (let i = 0; i < 4; i++) w.u8(tag.charCodeAt(i));
  w.u8(backend);
  w.u32(length);
  w.u32(crc);
  if (packed !== null) {
    if (backend === BACKEND_ZSTD_HEAD) w.u32(packed.length);
    w.bytes(packed);
  }
  return { prefix: w.finish(), rawFrom: packed === null ? 0 : packEnd };
}

/**
 * A framed stream built tail first: the body's coded part is written (bytes, varint) straight
 * into the buffer the sealed stream is returned in, behind room left for the header and the
 * body's first part, which seal() writes once they are known. The body is then never held
 * twice (its parts, then the stream framed from them): on a wide table that copy was a third
 * of the encoder's peak memory above the input, and a pass over fresh memory (issue 11). The
 * buffer is allocated at its expected size, and pages the stream does not reach are never
 * touched; the stream returned is a view of it.
 */
export class FrameBuilder extends ByteWriter {
  /** Where the tail starts (pos is where it ends). */
  private start: number;

  /** @param expected bytes the tail is expected to take (more are made room for); @param front bytes expected before it */
  constructor(expected: number, front: number) {
    super(front + HEADER_BYTES + 4 + expected);
    this.start = this.pos = front + HEADER_BYTES + 4;
  }

  /** The tail written so far (a view). */
  get tail(): Uint8Array {
    return this.buf.subarray(this.start, this.pos);
  }

  /** The tail (what a plain ByteWriter's finish gives: the bytes written). */
  override finish(): Uint8Array {
    return this.tail;
  }

  /** sealStream(tag, [head, tail], zstdLevel, head.length), in this buffer: the same bytes. */
  async seal(tag: string, head: Uint8Array, zstdLevel?: number): Promise<Uint8Array> {
    const tail = this.tail;
    const length = head.length + tail.length;
    const crc = crc32(tail, crc32(head));
    const { prefix, rawFrom } = await framePrefix(tag, head, head.length, length, crc, zstdLevel);
    const before = prefix.length + head.length - rawFrom;
    if (before > this.start) {
      // Not room enough in front (many outliers in the head): the tail moves back.
      const shift = before - this.start;
      this.room(shift);
      this.buf.copyWithin(this.start + shift, this.start, this.pos);
      this.start += shift;
      this.pos += shift;
    }
    const at = this.start - before;
    this.buf.set(prefix, at);
    this.buf.set(head.subarray(rawFrom), at + prefix.length);
    return this.buf.subarray(at, this.pos);
  }
}

/** The body of a stream framed by sealStream, checked. */
export async function openStream(tag: string, bytes: Uint8Array, maxBodyBytes: number): Promise<Uint8Array> {
  return joinParts(await openStreamParts(tag, bytes, maxBodyBytes));
}

/** The parts of a body (openStreamParts') as one array: the part itself when there is one. */
export function joinParts(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/**
 * The body of a stream framed by sealStream, checked, in the parts it is stored as: one, or
 * the packed head unpacked and the raw rest (a view of `bytes`). Read through a ByteReader
 * given both, the body is never joined: on a wide table the rest is tens of megabytes, and
 * joining it cost a pass over as much fresh memory (35 MB for NT3's shape at sz-rel 1e-2,
 * about a tenth of its decode).
 */
export async function openStreamParts(tag: string, bytes: Uint8Array, maxBodyBytes: number): Promise<[Uint8Array] | [Uint8Array, Uint8Array]> {
  const what = `${tag} stream`;
  if (bytes.length < HEADER_BYTES) throw new FormatError(`${what}: ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  const r = new ByteReader(bytes, what);
  let seen = '';
  for (let i = 0; i < 4; i++) seen += String.fromCharCode(r.u8());
  if (seen !== tag) throw new FormatError(`${what}: starts with ${JSON.stringify(seen)}, not ${JSON.stringify(tag)} (not this codec's stream)`);
  const backend = r.u8();
  const length = r.u32();
  const crc = r.u32();
  if (length > maxBodyBytes) throw new FormatError(`${what}: body of ${length} bytes is larger than any stream for this shape (${maxBodyBytes})`);
  const payload = bytes.subarray(HEADER_BYTES);
  let parts: [Uint8Array] | [Uint8Array, Uint8Array];
  if (backend === BACKEND_NONE) parts = [payload];
  else if (backend === BACKEND_ZSTD) parts = [await zstdDecompress(payload, length)];
  else if (backend === BACKEND_ZSTD_HEAD) parts = await unpackHead(what, payload, length);
  else throw new FormatError(`${what}: unknown back end ${backend}`);
  const got = parts.reduce((a, p) => a + p.length, 0);
  if (got !== length) throw new FormatError(`${what}: body has ${got} bytes, header says ${length}`);
  let sum = 0;
  for (const p of parts) sum = crc32(p, sum);
  if (sum !== crc) throw new FormatError(`${what}: checksum mismatch (corrupt stream)`);
  return parts;
}

async function unpackHead(what: string, payload: Uint8Array, length: number): Promise<[Uint8Array, Uint8Array]> {
  const r = new ByteReader(payload, what);
  const packedLength = r.u32();
  const packed = r.bytes(packedLength);
  const rest = payload.subarray(r.offset);
  if (rest.length > length) throw new FormatError(`${what}: ${rest.length} raw bytes in a body of ${length}`);
  const head = await zstdDecompress(packed, length - rest.length);
  if (head.length !== length - rest.length) throw new FormatError(`${what}: packed part holds ${head.length} bytes, expected ${length - rest.length}`);
  return [head, rest];
}
