// The outer frame of our own streams (SZ family, fpzip): a 4-byte tag, the back end that
// packed the body (none, or zstd when that is smaller), the body's length and its CRC-32.
// Decoding refuses a foreign tag, a wrong length or a checksum mismatch before parsing.

import { zstdCompress, zstdDecompress } from '../lossless/backends';
import { FormatError } from '../../util/errors';
import { ByteReader, ByteWriter, crc32 } from './bytes';

const BACKEND_NONE = 0;
const BACKEND_ZSTD = 1;
const HEADER_BYTES = 4 + 1 + 4 + 4;

/** Frames `body`; with `zstdLevel` set, zstd packs it when that saves at least 1%. */
export async function sealStream(tag: string, body: Uint8Array, zstdLevel?: number): Promise<Uint8Array> {
  let backend = BACKEND_NONE;
  let payload = body;
  if (zstdLevel !== undefined && body.length > 64) {
    const packed = await zstdCompress(body, zstdLevel);
    if (packed.length < body.length * 0.99) {
      backend = BACKEND_ZSTD;
      payload = packed;
    }
  }
  const w = new ByteWriter();
  for (let i = 0; i < 4; i++) w.u8(tag.charCodeAt(i));
  w.u8(backend);
  w.u32(body.length);
  w.u32(crc32(body));
  w.bytes(payload);
  return w.finish();
}

/** The body of a stream framed by sealStream, checked. */
export async function openStream(tag: string, bytes: Uint8Array, maxBodyBytes: number): Promise<Uint8Array> {
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
  let body: Uint8Array;
  if (backend === BACKEND_NONE) body = payload;
  else if (backend === BACKEND_ZSTD) body = await zstdDecompress(payload, length);
  else throw new FormatError(`${what}: unknown back end ${backend}`);
  if (body.length !== length) throw new FormatError(`${what}: body has ${body.length} bytes, header says ${length}`);
  if (crc32(body) !== crc) throw new FormatError(`${what}: checksum mismatch (corrupt stream)`);
  return body;
}
