// The one CRC-32 of the SDK (IEEE, as zlib and zip compute it): Node's native zlib.crc32,
// behind one name so that containers, stream envelopes and the zip reader agree.

import * as zlib from 'node:zlib';

/** CRC-32 of `data` as an unsigned 32-bit integer; with `prev`, of the bytes that gave `prev` followed by `data`. */
export function crc32(data: Uint8Array, prev = 0): number {
  return zlib.crc32(data, prev) >>> 0;
}
