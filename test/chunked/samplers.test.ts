// Row samplers in chunked containers: the kept rows are chosen for the whole table from its row
// count and the seed, so a chunked sample decodes to the one-piece sample whatever the chunk
// size or the number of workers, from memory or streamed from a file.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compressChunked, compressChunkedToFile, decodeDataset, encodeDataset, encodeNpy, openChunked, openNpySource, readNpyDataset, type Dataset, type ReducerConfig } from '@lossyml/sdk';
import { cli } from '../cli/run-cli';
import { sameBits, table } from './tables';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-chunked-samplers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => path.join(dir, f);

const SAMPLERS: ReducerConfig[] = [
  { id: 'sample-naive', k: 3 },
  { id: 'sample-wr', fraction: 0.3, seed: 5 },
  { id: 'sample-wor', fraction: 0.4, seed: 9 },
];

const targetValues = (d: Dataset) => (!d.target ? [] : Array.from(d.target.values as ArrayLike<number | string>));

function expectSameRows(got: Dataset, want: Dataset): void {
  expect(got.nRows).toBe(want.nRows);
  expect(got.names).toEqual(want.names);
  got.columns.forEach((c, j) => expect([j, sameBits(c, want.columns[j])]).toEqual([j, true]));
  expect(targetValues(got)).toEqual(targetValues(want));
}

describe.each(SAMPLERS.map((c) => [c.id, c] as const))('%s', (_, cfg) => {
  test.each(['float64', 'float32'] as const)('%s: chunks of 1, 7, 64 and 1000 rows decode to the one-piece sample', async (dtype) => {
    const ds = table(dtype, 500, 13);
    const onePiece = (await decodeDataset((await encodeDataset(ds, cfg)).bytes)).dataset;
    for (const chunkRows of [1, 7, 64, 1000]) {
      const r = await compressChunked(ds, cfg, { chunkRows, workers: 0 });
      expect(r.header.config.id).toBe(cfg.id);
      expect(r.header.nRows).toBe(onePiece.nRows);
      expectSameRows(await (await openChunked(r.bytes)).readAll({ workers: 0 }), onePiece);
    }
  });

  test('streamed from a .npy file: the same bytes as from memory', async () => {
    const ds = table('float32', 400, 2);
    const m = new Float32Array(400 * 4);
    ds.columns.forEach((c, j) => m.set(c, j * 400));
    const f = at(`${cfg.id}.npy`);
    fs.writeFileSync(f, encodeNpy(m, [400, 4], true));
    const whole = await compressChunked(await readNpyDataset(f), cfg, { chunkRows: 32, workers: 0 });
    const source = await openNpySource(f);
    try {
      await compressChunkedToFile(source, cfg, at(`${cfg.id}.lmlc`), { chunkRows: 32, workers: 0 });
    } finally {
      await source.close();
    }
    expect(Buffer.compare(fs.readFileSync(at(`${cfg.id}.lmlc`)), Buffer.from(whole.bytes))).toBe(0);
  });
});

test('sample-naive keeps rows 0, k, 2k, ... of the table (checked here, not by the sampler)', async () => {
  const ds = table('float64', 100, 4);
  const got = await (await openChunked((await compressChunked(ds, { id: 'sample-naive', k: 7 }, { chunkRows: 5, workers: 0 })).bytes)).readAll({ workers: 0 });
  const rows = Array.from({ length: 15 }, (_, i) => 7 * i);
  expect(got.nRows).toBe(15);
  got.columns.forEach((c, j) => expect(Array.from(c)).toEqual(rows.map((r) => ds.columns[j][r])));
});

test('CLI: a chunked sample (2 workers) restores the same CSV as the single container', async () => {
  const ds = table('float64', 300, 8);
  const { writeCsv } = await import('@lossyml/sdk');
  await writeCsv(ds, at('in.csv'));
  const flags = ['--method', 'sample-wor', '--fraction', '0.5', '--seed', '3', '--target', 'y'];
  expect((await cli('compress', at('in.csv'), '-o', at('one.lml'), ...flags)).code).toBe(0);
  const c = await cli('compress', at('in.csv'), '-o', at('chunked.lmlc'), ...flags, '--chunk-rows', '40', '--workers', '2');
  expect([c.code, c.err]).toEqual([0, '']);
  expect(c.out).toMatch(/150 of 300 rows kept/);
  expect((await cli('decompress', at('one.lml'), '-o', at('one.csv'))).code).toBe(0);
  expect((await cli('decompress', at('chunked.lmlc'), '-o', at('chunked.csv'))).code).toBe(0);
  expect(fs.readFileSync(at('chunked.csv'), 'utf8')).toBe(fs.readFileSync(at('one.csv'), 'utf8'));
});
