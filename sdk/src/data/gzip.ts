// Gzip recognised by its magic bytes, so `.csv` that is really gzipped (or `.gz` that is not)
// reads either way; a corrupt or truncated stream is a DataError naming the file.

import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { DataError } from '../util/errors';

const gunzip = promisify(zlib.gunzip);

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function maybeGunzip(bytes: Uint8Array, where: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzip(bytes);
  } catch (e) {
    throw new DataError(`${where}: corrupt or truncated gzip data (${(e as Error).message})`);
  }
}
