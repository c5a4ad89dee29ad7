// The fetch-and-cache path against a tiny HTTP server on 127.0.0.1 started here: a truncated
// body, a checksum mismatch, a 404, offline refusal, and a download (a zip with the file inside)
// that is read from the cache the second time without asking the server again.

import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DataError, UnavailableError, download, loadDataset, readCsv, registerDataset } from '@lossyml/sdk';
import { sha256Of } from '@lossyml/sdk/data/download';

const CSV = 'x,y\n1,10\n2,20\n3,30\n';

/** A one-entry stored zip, laid out by hand (see archives.test.ts for the general builder). */
function zipOf(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const crc = zlib.crc32(data) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(data.length, 20);
  cd.writeUInt32LE(data.length, 24);
  cd.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, cd, n, end]);
}

let server: http.Server;
let base = '';
const hits: Record<string, number> = {};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-dl-'));
const saved = { offline: process.env.LOSSYML_OFFLINE, cache: process.env.LOSSYML_CACHE_DIR };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits[req.url!] = (hits[req.url!] ?? 0) + 1;
    if (req.url === '/whole.txt') return res.end('0123456789');
    if (req.url === '/cut.txt') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(500));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (req.url === '/toy.zip') return res.end(zipOf('data/toy.csv', Buffer.from(CSV)));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  delete process.env.LOSSYML_OFFLINE;
  process.env.LOSSYML_CACHE_DIR = path.join(tmp, 'cache');
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  if (saved.offline === undefined) delete process.env.LOSSYML_OFFLINE;
  else process.env.LOSSYML_OFFLINE = saved.offline;
  if (saved.cache === undefined) delete process.env.LOSSYML_CACHE_DIR;
  else process.env.LOSSYML_CACHE_DIR = saved.cache;
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a complete download with the right size and SHA-256 lands whole', async () => {
  const dest = path.join(tmp, 'a', 'whole.txt');
  await download(`${base}/whole.txt`, dest, { size: 10, sha256: sha256Of(Buffer.from('0123456789')) });
  expect(fs.readFileSync(dest, 'utf8')).toBe('0123456789');
  expect(fs.readdirSync(path.dirname(dest))).toEqual(['whole.txt']);
});

test('a truncated body is refused and leaves nothing behind', async () => {
  const dest = path.join(tmp, 'b', 'cut.txt');
  const err = await download(`${base}/cut.txt`, dest).catch((e) => e);
  expect(err).toBeInstanceOf(DataError);
  // How much of the 500 bytes arrived before the socket closed depends on timing: any count is right.
  const got = /(?:cut off after|truncated:) (\d+) bytes of 1000/.exec(err.message);
  expect(got).not.toBeNull();
  expect(Number(got![1])).toBeLessThanOrEqual(500);
  expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
});

test('a checksum or size mismatch is refused; a 404 is unavailable', async () => {
  const dest = path.join(tmp, 'c', 'whole.txt');
  await expect(download(`${base}/whole.txt`, dest, { sha256: '0'.repeat(64) })).rejects.toThrow(/SHA-256 [0-9a-f]{64} does not match the documented 0000/);
  await expect(download(`${base}/whole.txt`, dest, { size: 11 })).rejects.toThrow(/10 bytes, expected 11/);
  expect(fs.existsSync(dest)).toBe(false);
  await expect(download(`${base}/absent`, dest)).rejects.toThrow(UnavailableError);
  await expect(download(`${base}/absent`, dest)).rejects.toThrow(/HTTP 404/);
});

test('registerDataset refuses a name already taken', () => {
  const entry = { name: 'casp', whole: [{ file: 'x.csv', rows: 1 }] } as unknown as Parameters<typeof registerDataset>[0];
  expect(() => registerDataset(entry)).toThrow(/name: got "casp", expected a name not yet registered/);
});

test('offline mode refuses before any request', async () => {
  process.env.LOSSYML_OFFLINE = '1';
  try {
    const before = hits['/whole.txt'] ?? 0;
    await expect(download(`${base}/whole.txt`, path.join(tmp, 'd', 'x'))).rejects.toThrow(/LOSSYML_OFFLINE/);
    expect(hits['/whole.txt'] ?? 0).toBe(before);
  } finally {
    delete process.env.LOSSYML_OFFLINE;
  }
});

test('a registered dataset downloads once (file found inside a zip, checked), then reads from the cache', async () => {
  registerDataset({
    name: 'toy-remote',
    description: 'a toy table served on loopback',
    task: 'regression', target: 'y', shape: { rows: 3, cols: 1 },
    url: base, citation: 'none', license: 'none',
    folders: ['toy-remote'],
    whole: [{ file: 'toy.csv', rows: 3 }],
    remote: { url: `${base}/toy.zip`, member: 'toy.csv', sha256: sha256Of(Buffer.from(CSV)) },
    howToGet: 'it is served by the test',
    read: (req) => readCsv(req.file, { target: 'y', dtype: req.dtype }),
  });
  const first = await loadDataset('toy-remote');
  expect(Array.from(first.columns[0])).toEqual([1, 2, 3]);
  expect(Array.from(first.target!.values as Float64Array)).toEqual([10, 20, 30]);
  const cached = path.join(tmp, 'cache', 'toy-remote', 'toy.csv');
  expect(first.source).toBe(cached);
  expect(fs.readdirSync(path.dirname(cached))).toEqual(['toy.csv']); // the archive is gone
  const second = await loadDataset('toy-remote');
  expect(second.source).toBe(cached);
  expect(hits['/toy.zip']).toBe(1);
});
