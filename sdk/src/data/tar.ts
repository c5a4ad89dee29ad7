// A minimal tar reader (ustar and GNU long names) for the one archive that needs it: UCI's Buzz
// data ships its files inside .tar.gz members. Regular files only; never writes.

import { DataError } from '../util/errors';

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

function field(b: Uint8Array, at: number, len: number): string {
  let end = at;
  while (end < at + len && b[end] !== 0) end++;
  return Buffer.from(b.buffer, b.byteOffset + at, end - at).toString('utf8');
}

function octal(b: Uint8Array, at: number, len: number, where: string): number {
  const s = field(b, at, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new DataError(`${where}: bad tar header (size ${JSON.stringify(s)})`);
  return s.length === 0 ? 0 : parseInt(s, 8);
}

/** The regular files of a tar archive, in order. */
export function readTar(bytes: Uint8Array, where: string): TarEntry[] {
  const out: TarEntry[] = [];
  let longName: string | undefined;
  for (let p = 0; p + 512 <= bytes.length; ) {
    if (bytes[p] === 0) break; // the zero blocks at the end
    const size = octal(bytes, p + 124, 12, where);
    const type = String.fromCharCode(bytes[p + 156] || 48);
    const prefix = field(bytes, p + 345, 155);
    const name = longName ?? (prefix && bytes[p + 257] === 0x75 ? `${prefix}/${field(bytes, p, 100)}` : field(bytes, p, 100));
    const start = p + 512;
    if (start + size > bytes.length) throw new DataError(`${where}: tar entry ${name} is truncated`);
    const data = bytes.subarray(start, start + size);
    longName = undefined;
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === '0' || type === '7') out.push({ name, data });
    p = start + Math.ceil(size / 512) * 512;
  }
  return out;
}
