// Where a chunked container's bytes come from: memory, or an open file read at offsets, so a
// reader touches only the byte ranges it needs (the header, the index, the chunks asked for).

import type { FileHandle } from 'node:fs/promises';
import { FormatError } from '../../util/errors';

export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset`; a FormatError when the source ends before. */
  read(offset: number, length: number, what: string): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(offset, length, what) {
      if (offset + length > bytes.length) throw new FormatError(`${what}: needs bytes ${offset}..${offset + length} of a ${bytes.length}-byte file (truncated)`);
      return bytes.subarray(offset, offset + length);
    },
  };
}

export async function fileSource(handle: FileHandle): Promise<ByteSource> {
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length, what) {
      if (offset + length > size) throw new FormatError(`${what}: needs bytes ${offset}..${offset + length} of a ${size}-byte file (truncated)`);
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(out, got, length - got, offset + got);
        if (bytesRead === 0) throw new FormatError(`${what}: file ended at byte ${offset + got}, expected ${offset + length}`);
        got += bytesRead;
      }
      return out;
    },
  };
}
