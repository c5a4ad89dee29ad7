// The one CRC-32 of the SDK (IEEE, as zlib and zip compute it): Node's native zlib.crc32,
// behind one name so that containers, stream envelopes and the zip reader agree.

import * as zlib from 'node:zlib';

/** CRC-32 of `data` as an unsigned 32-bit integer; with `prior`, of the bytes it was the CRC of followed by `data`. */
export function crc32(data: Uint8Array, prior = 0): number {
  return zlib.crc32(data, prior) >>> 0;
}
