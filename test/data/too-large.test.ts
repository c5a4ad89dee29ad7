// A file past what one read can hold (2 GiB) gets a message that names it, its size and the
// way that works (compressing by chunks, which streams), from every whole-table reader. The
// files are sparse: they take no disk.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError, readBinary, readCsv, readNpy, readNpz } from '@lossyml/sdk';

let dir: string;
let big: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-too-large-'));
  big = path.join(dir, 'big.npy');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 2 ** 31 + 100 * 2 ** 20); // 2.25 GB of holes
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readers: [string, (f: string) => Promise<unknown>][] = [
  ['readNpy', (f) => readNpy(f)],
  ['readNpz', (f) => readNpz(f)],
  ['readCsv', (f) => readCsv(f)],
  ['readBinary', (f) => readBinary(f, { shape: [1, 1], dtype: 'float32' })],
];

test.each(readers)('%s names the file, its size and the streaming way', async (_name, read) => {
  const err = await read(big).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as Error).message).toBe(
    `cannot read ${big} whole: it is 2.3 GB and one read holds at most 2.1 GB; compress it by chunks, which streams it (lossyml compress --chunk-rows N, or the SDK's streaming sources)`,
  );
});

test('a missing file still says so', async () => {
  await expect(readNpy(path.join(dir, 'absent.npy'))).rejects.toThrow(`cannot read ${path.join(dir, 'absent.npy')}: ENOENT`);
});
