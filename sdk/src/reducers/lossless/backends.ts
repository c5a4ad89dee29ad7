// Raw byte codecs shared by every family: gzip from Node's native zlib; zstd, lz4 and
// blosclz from the numcodecs package (c-blosc, zstd and lz4 compiled to WebAssembly).
// numcodecs is ESM-only, so it is loaded with a real dynamic import(), once.
// The wasm decoders do not validate their input: every decode checks the restored length
// and turns a wasm failure into a FormatError (the container's checksums come first).

import * as zlib from 'node:zlib';
import { FormatError } from '../../util/errors';

interface WasmCodec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
interface CodecClass {
  fromConfig(config: Record<string, unknown>): WasmCodec;
}

const loaded = new Map<string, Promise<CodecClass>>();

function codecClass(name: 'zstd' | 'lz4' | 'blosc'): Promise<CodecClass> {
  let p = loaded.get(name);
  if (!p) {
    // A literal specifier per codec keeps bundlers and the TypeScript emitter honest.
    const imp =
      name === 'zstd' ? import('numcodecs/zstd') : name === 'lz4' ? import('numcodecs/lz4') : import('numcodecs/blosc');
    p = imp.then((m) => (m as unknown as { default: CodecClass }).default);
    loaded.set(name, p);
  }
  return p;
}

function checked(out: Uint8Array, expected: number, what: string): Uint8Array {
  if (out.length !== expected) throw new FormatError(`${what}: restored ${out.length} bytes, expected ${expected}`);
  return out;
}

async function guarded(what: string, f: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    // numcodecs (0.3.2, pinned) returns its own copy out of the wasm heap; a view of the heap
    // would be copied here, as the next call may reuse that memory. No second copy per column.
    const out = await f();
    return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : new Uint8Array(out);
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`${what}: corrupt stream (${(e as Error).message ?? e})`);
  }
}

/** zstd at level 1..22 (numcodecs turns a level <= 0 into 1, so zstd's negative fast levels are out of reach). */
export async function zstdCompress(data: Uint8Array, level: number): Promise<Uint8Array> {
  const C = await codecClass('zstd');
  return guarded('zstd', () => C.fromConfig({ id: 'zstd', level }).encode(data));
}

export async function zstdDecompress(data: Uint8Array, expectedBytes: number): Promise<Uint8Array> {
  const C = await codecClass('zstd');
  return checked(await guarded('zstd', () => C.fromConfig({ id: 'zstd', level: 1 }).decode(data)), expectedBytes, 'zstd');
}

/** lz4 block format with a size prefix; acceleration >= 1 trades ratio for speed. */
export async function lz4Compress(data: Uint8Array, acceleration: number): Promise<Uint8Array> {
  const C = await codecClass('lz4');
  return guarded('lz4', () => C.fromConfig({ id: 'lz4', acceleration }).encode(data));
}

export async function lz4Decompress(data: Uint8Array, expectedBytes: number): Promise<Uint8Array> {
  const C = await codecClass('lz4');
  return checked(await guarded('lz4', () => C.fromConfig({ id: 'lz4', acceleration: 1 }).decode(data)), expectedBytes, 'lz4');
}

/** c-blosc with the given internal codec and NO shuffle (numcodecs fixes blosc's typesize at 4, so shuffling is ours). */
export async function bloscCompress(data: Uint8Array, cname: 'blosclz' | 'lz4' | 'zstd' | 'zlib', clevel: number): Promise<Uint8Array> {
  const C = await codecClass('blosc');
  return guarded('blosc', () => C.fromConfig({ id: 'blosc', cname, clevel, shuffle: 0, blocksize: 0 }).encode(data));
}

export async function bloscDecompress(data: Uint8Array, expectedBytes: number): Promise<Uint8Array> {
  // blosc's header states the sizes; check them before handing the buffer to wasm.
  if (data.length < 16) throw new FormatError(`blosc: stream of ${data.length} bytes is shorter than its 16-byte header`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const nbytes = dv.getUint32(4, true);
  const cbytes = dv.getUint32(12, true);
  if (nbytes !== expectedBytes) throw new FormatError(`blosc: header says ${nbytes} bytes, expected ${expectedBytes}`);
  if (cbytes !== data.length) throw new FormatError(`blosc: header says ${cbytes} compressed bytes, stream has ${data.length}`);
  const C = await codecClass('blosc');
  return checked(await guarded('blosc', () => C.fromConfig({ id: 'blosc' }).decode(data)), expectedBytes, 'blosc');
}

/** gzip (RFC 1952) from Node's native zlib. */
export async function gzipCompress(data: Uint8Array, level: number): Promise<Uint8Array> {
  return new Uint8Array(zlib.gzipSync(data, { level }));
}

export async function gzipDecompress(data: Uint8Array, expectedBytes: number): Promise<Uint8Array> {
  try {
    // maxOutputLength stops a corrupt or hostile stream from inflating without bound.
    return checked(new Uint8Array(zlib.gunzipSync(data, { maxOutputLength: Math.max(expectedBytes, 1) })), expectedBytes, 'gzip');
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`gzip: corrupt stream (${(e as Error).message})`);
  }
}
