// Finds one file inside a downloaded archive: a zip (UCI), possibly holding .tar.gz or .zip
// members of its own (UCI's Buzz), searched depth-first by the file's name at the end of a path.

import * as zlib from 'node:zlib';
import { DataError } from '../util/errors';
import { isGzip } from './gzip';
import { readTar } from './tar';
import { ZipArchive } from './zip';

const NESTED = /\.(zip|tar\.gz|tgz|tar)$/i;

function matches(name: string, member: string): boolean {
  return name === member || name.endsWith('/' + member);
}

/** The bytes of `member` (a file name, or a path suffix such as "sigma=500/x.data"), or undefined. */
export function findMember(bytes: Uint8Array, member: string, where: string, depth = 0): Uint8Array | undefined {
  const files = listFiles(bytes, where);
  const hit = files.find((f) => matches(f.name, member));
  if (hit) return hit.data();
  if (depth >= 2) return undefined;
  for (const f of files) {
    if (!NESTED.test(f.name)) continue;
    const found = findMember(f.data(), member, `${where}:${f.name}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

interface LazyFile {
  name: string;
  data: () => Uint8Array;
}

function listFiles(bytes: Uint8Array, where: string): LazyFile[] {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const zip = new ZipArchive(bytes, where);
    return zip.entries.map((e) => ({ name: e.name, data: () => zip.read(e) }));
  }
  let tar = bytes;
  if (isGzip(bytes)) {
    try {
      tar = zlib.gunzipSync(bytes);
    } catch (e) {
      throw new DataError(`${where}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  return readTar(tar, where).map((e) => ({ name: e.name, data: () => e.data }));
}
