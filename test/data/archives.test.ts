// Zip (stored and deflate, CRC checked), .npz, tar, and finding a file nested in archives, on
// archives assembled byte by byte in the test from the PKWARE and ustar layouts; and the real
// PtychoNN sample written by numpy.

import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DataError, ZipArchive, encodeNpy, loadPtychoFrames, readNpz } from '@lossyml/sdk';
import { findMember } from '@lossyml/sdk/data/archive';
import { readTar } from '@lossyml/sdk/data/tar';
import { documentedCopy } from '../real-data';

interface Member {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
}

/** A zip archive laid out by hand: local headers, then the central directory, then the end record. */
function makeZip(members: Member[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const packed = m.deflate ? zlib.deflateRawSync(m.data) : Buffer.from(m.data);
    const name = Buffer.from(m.name);
    const crc = zlib.crc32(m.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(m.deflate ? 8 : 0, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(m.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

/** A ustar archive: a 512-byte header per file (octal size, checksum), data padded to 512, two zero blocks. */
function makeTar(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write(f.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, Buffer.from(f.data), Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const text = (s: string) => new Uint8Array(Buffer.from(s));

test('zip: stored and deflate entries come back whole', () => {
  const big = text('0123456789'.repeat(1000));
  const zip = new ZipArchive(makeZip([{ name: 'a.txt', data: text('hello') }, { name: 'dir/b.txt', data: big, deflate: true }]), 't.zip');
  expect(zip.names()).toEqual(['a.txt', 'dir/b.txt']);
  expect(Buffer.from(zip.read(zip.find('a.txt')!)).toString()).toBe('hello');
  expect(Buffer.from(zip.read(zip.find('dir/b.txt')!))).toEqual(Buffer.from(big));
});

test('zip: a flipped byte fails the CRC; a non-zip is named as such', () => {
  const bytes = makeZip([{ name: 'a.txt', data: text('hello world') }]);
  bytes[30 + 5 + 2] ^= 0xff;
  const zip = new ZipArchive(bytes, 't.zip');
  expect(() => zip.read(zip.entries[0])).toThrow(/t\.zip: entry a\.txt is corrupt/);
  expect(() => new ZipArchive(text('just text, not a zip at all'), 'x.zip')).toThrow(DataError);
  expect(() => new ZipArchive(text('just text, not a zip at all'), 'x.zip')).toThrow(/not a zip archive/);
});

test('npz: arrays by name, from stored and deflated members', async () => {
  const a = encodeNpy(new Float64Array([1, 2, 3, 4]), [2, 2]);
  const b = encodeNpy(new Float32Array([9, 8]), [2]);
  const arrays = await readNpz(makeZip([{ name: 'a.npy', data: a }, { name: 'b.npy', data: b, deflate: true }]));
  expect([...arrays.keys()]).toEqual(['a', 'b']);
  expect(arrays.get('a')!.shape).toEqual([2, 2]);
  expect(Array.from(arrays.get('b')!.data)).toEqual([9, 8]);
});

test('tar and nested archives: a file found inside a .tar.gz inside a zip', () => {
  const tar = makeTar([{ name: 'classification/readme.txt', data: text('r') }, { name: 'classification/Twitter/sigma=500/x.data', data: text('1,2,0\n') }]);
  expect(readTar(tar, 't.tar').map((e) => e.name)).toEqual(['classification/readme.txt', 'classification/Twitter/sigma=500/x.data']);
  const zip = makeZip([{ name: 'other.txt', data: text('o') }, { name: 'classification.tar.gz', data: zlib.gzipSync(tar) }]);
  expect(Buffer.from(findMember(zip, 'sigma=500/x.data', 'z.zip')!).toString()).toBe('1,2,0\n');
  expect(findMember(zip, 'absent.data', 'z.zip')).toBeUndefined();
});

test('the real PtychoNN sample (written by numpy): 20 frames of 512 x 512 photon counts 0..23742', async () => {
  const arrays = await readNpz(documentedCopy('ptychonn', 'ptycho/test235_truncated.npz'));
  expect(arrays.get('reciprocal')!.shape).toEqual([20, 512, 512]);
  expect(arrays.get('reciprocal')!.descr).toBe('<i4');
  expect(arrays.get('position')!.shape).toEqual([20, 2]);
  const f = await loadPtychoFrames();
  expect([f.count, f.height, f.width, f.array]).toEqual([20, 512, 512, 'reciprocal']);
  let min = Infinity, max = -Infinity, fractional = 0;
  for (const v of f.frames) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v !== Math.round(v)) fractional++;
  }
  expect([min, max, fractional]).toEqual([0, 23742, 0]);
  expect(f.source).toMatch(/test235_truncated\.npz \(partial: 20 real/);
});
