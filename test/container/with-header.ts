// Test helper: a container whose JSON header is edited and whose header checksum is recomputed
// (a well-formed file as a newer or foreign writer could produce it).
import * as zlib from 'node:zlib';

/** The container with its JSON header edited and its header checksum recomputed (a well-formed foreign file). */
export function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = dv.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + h)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(bytes.length - h + json.length);
  out.set(bytes.subarray(0, 16));
  new DataView(out.buffer).setUint32(12, json.length, true);
  out.set(json, 16);
  new DataView(out.buffer).setUint32(16 + json.length, zlib.crc32(out.subarray(0, 16 + json.length)) >>> 0, true);
  out.set(bytes.subarray(20 + h), 20 + json.length);
  return out;
}
