// A small zip reader (central directory, zip64, stored and deflate entries, CRC checked): enough
// for the UCI archives and NumPy's .npz files, and nothing more. Never writes.

import * as zlib from 'node:zlib';
import { crc32 } from '../util/crc32';
import { DataError } from '../util/errors';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localOffset: number;
  flags: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32 = 0xffffffff;

export class ZipArchive {
  readonly entries: ZipEntry[];
  private readonly dv: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.entries = this.readDirectory();
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The entry's bytes, inflated and checked against its CRC-32 and size. */
  read(entry: ZipEntry): Uint8Array {
    const { dv, where } = this;
    const at = entry.localOffset;
    if (at + 30 > this.bytes.length || dv.getUint32(at, true) !== LOCAL) throw new DataError(`${where}: entry ${entry.name}: bad local header`);
    if (entry.flags & 1) throw new DataError(`${where}: entry ${entry.name} is encrypted`);
    const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
    if (start + entry.compressedSize > this.bytes.length) throw new DataError(`${where}: entry ${entry.name} is truncated`);
    const packed = this.bytes.subarray(start, start + entry.compressedSize);
    let out: Uint8Array;
    if (entry.method === 0) out = packed;
    else if (entry.method === 8) out = this.inflate(packed, entry);
    else throw new DataError(`${where}: entry ${entry.name} uses compression method ${entry.method} (only stored and deflate are read)`);
    if (out.length !== entry.size || crc32(out) !== entry.crc32) {
      throw new DataError(`${where}: entry ${entry.name} is corrupt (size or CRC-32 does not match the directory)`);
    }
    return out;
  }

  private inflate(packed: Uint8Array, entry: ZipEntry): Uint8Array {
    try {
      return zlib.inflateRawSync(packed, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      throw new DataError(`${this.where}: entry ${entry.name} is corrupt (${(e as Error).message})`);
    }
  }

  private readDirectory(): ZipEntry[] {
    const { dv, where } = this;
    const eocd = this.findEocd();
    let count = dv.getUint16(eocd + 10, true);
    let offset = dv.getUint32(eocd + 16, true);
    if ((count === 0xffff || offset === U32) && eocd >= 20 && dv.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
      const z = this.u64(eocd - 20 + 8);
      if (z + 56 > this.bytes.length || dv.getUint32(z, true) !== ZIP64_EOCD) throw new DataError(`${where}: bad zip64 end record`);
      count = this.u64(z + 32);
      offset = this.u64(z + 48);
    }
    const entries: ZipEntry[] = [];
    let p = offset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > this.bytes.length || dv.getUint32(p, true) !== CENTRAL) throw new DataError(`${where}: bad central directory entry ${k}`);
      const nameLen = dv.getUint16(p + 28, true);
      const extraLen = dv.getUint16(p + 30, true);
      const commentLen = dv.getUint16(p + 32, true);
      const name = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + p + 46, nameLen).toString('utf8');
      const e: ZipEntry = {
        name,
        flags: dv.getUint16(p + 8, true),
        method: dv.getUint16(p + 10, true),
        crc32: dv.getUint32(p + 16, true),
        compressedSize: dv.getUint32(p + 20, true),
        size: dv.getUint32(p + 24, true),
        localOffset: dv.getUint32(p + 42, true),
      };
      this.applyZip64(e, p + 46 + nameLen, extraLen);
      entries.push(e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  }

  /** Sizes and offsets that overflow 32 bits live in the zip64 extra field, in this order. */
  private applyZip64(e: ZipEntry, extra: number, len: number): void {
    const dv = this.dv;
    for (let q = extra; q + 4 <= extra + len; ) {
      const id = dv.getUint16(q, true);
      const size = dv.getUint16(q + 2, true);
      if (id === 1) {
        let r = q + 4;
        if (e.size === U32) {
          e.size = this.u64(r);
          r += 8;
        }
        if (e.compressedSize === U32) {
          e.compressedSize = this.u64(r);
          r += 8;
        }
        if (e.localOffset === U32) e.localOffset = this.u64(r);
      }
      q += 4 + size;
    }
  }

  private findEocd(): number {
    const { dv, bytes } = this;
    const stop = Math.max(0, bytes.length - 22 - 0xffff);
    for (let p = bytes.length - 22; p >= stop; p--) if (dv.getUint32(p, true) === EOCD) return p;
    throw new DataError(`${this.where}: not a zip archive (no end-of-directory record)`);
  }

  private u64(at: number): number {
    const v = this.dv.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataError(`${this.where}: zip64 value too large`);
    return Number(v);
  }
}
