// `lossyml compress --chunk-rows N --workers W` and `lossyml decompress --rows A:B --salvage`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy, npyToDataset, openChunked, readNpy } from '@lossyml/sdk';
import { cli } from '../cli/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-chunked-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => path.join(dir, f);

const N = 300;
const C = 3;
const input = Float64Array.from({ length: N * C }, (_, i) => Math.sin(i / 7) * 100 + (i % 11));
/** Column j of rows [a, b) of the C-order input. */
const columnOf = (j: number, a: number, b: number) => Array.from({ length: b - a }, (_, i) => input[(a + i) * C + j]);
/** The columns of a written .npy, whatever its order. */
const columnsIn = async (file: string) => npyToDataset(await readNpy(file)).columns.map((c) => Array.from(c));

beforeAll(() => fs.writeFileSync(at('in.npy'), encodeNpy(input, [N, C])));

test('compress by chunks on 2 workers, then rows A:B alone, restore the slice exactly (zstd)', async () => {
  const c = await cli('compress', at('in.npy'), '-o', at('c.lml'), '--method', 'zstd', '--chunk-rows', '64', '--workers', '2');
  expect([c.code, c.err]).toEqual([0, '']);
  expect(c.out).toMatch(/in 5 chunks of 64 rows/);
  expect((await openChunked(new Uint8Array(fs.readFileSync(at('c.lml'))))).chunks.length).toBe(5);
  const d = await cli('decompress', at('c.lml'), '-o', at('part.npy'), '--rows', '100:170');
  expect([d.code, d.err]).toEqual([0, '']);
  expect((await readNpy(at('part.npy'))).shape).toEqual([70, C]);
  expect(await columnsIn(at('part.npy'))).toEqual([0, 1, 2].map((j) => columnOf(j, 100, 170)));
});

test('salvage of a truncated chunked file restores the complete chunks and names the lost rows', async () => {
  await cli('compress', at('in.npy'), '-o', at('s.lml'), '--method', 'zstd', '--chunk-rows', '100', '--workers', '0');
  const bytes = fs.readFileSync(at('s.lml'));
  const reader = await openChunked(new Uint8Array(bytes));
  fs.writeFileSync(at('cut.lml'), bytes.subarray(0, reader.chunks[2].offset + 20));
  const refused = await cli('decompress', at('cut.lml'), '-o', at('x.npy'));
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/truncated/);
  const s = await cli('decompress', at('cut.lml'), '-o', at('salvaged.npy'), '--salvage');
  expect(s.code).toBe(0);
  expect(s.err).toMatch(/salvaged 200 of 300 rows; lost rows 200\.\.299/);
  expect(await columnsIn(at('salvaged.npy'))).toEqual([0, 1, 2].map((j) => columnOf(j, 0, 200)));
});

test('bad chunk flags and row ranges are refused by name', async () => {
  expect((await cli('compress', at('in.npy'), '-o', at('b.lml'), '--method', 'zstd', '--chunk-rows', '2.5')).err).toMatch(/--chunk-rows: got "2.5", expected a whole number/);
  // (The samplers are chunked now: test/chunked/samplers.test.ts.)
  expect((await cli('compress', at('in.npy'), '-o', at('b.lml'), '--method', 'zstd', '--workers', 'two')).err).toMatch(/--workers: got "two"/);
  await cli('compress', at('in.npy'), '-o', at('r.lml'), '--method', 'zstd', '--workers', '0');
  expect((await cli('decompress', at('r.lml'), '-o', at('r.npy'), '--rows', '5-9')).err).toMatch(/--rows: got "5-9", expected A:B/);
  expect((await cli('decompress', at('r.lml'), '-o', at('r.npy'), '--rows', '5:301')).err).toMatch(/end row: got 301/);
  expect(fs.existsSync(at('b.lml'))).toBe(false);
});

test('decompress --workers on a single container says it decodes on one thread', async () => {
  await cli('compress', at('in.npy'), '-o', at('single.lml'), '--method', 'zstd');
  const d = await cli('decompress', at('single.lml'), '-o', at('single.npy'), '--workers', '4');
  expect(d.code).toBe(0);
  expect(d.err).toMatch(/--workers 4: .*single\.lml is a single container, decoded on one thread/);
  expect(await columnsIn(at('single.npy'))).toEqual([0, 1, 2].map((j) => columnOf(j, 0, N)));
  expect((await cli('decompress', at('single.lml'), '-o', at('single2.npy'))).err).toBe('');
});

test('inspect and compress of a chunked container sum the values stored exactly over the chunks', async () => {
  // Finite values that zfp at rate 8 cannot represent, in rows of chunks 0 and 2.
  const big = Float64Array.from(input);
  for (const i of [3, 4, 250]) big[i * C] = Number.MAX_VALUE;
  fs.writeFileSync(at('big.npy'), encodeNpy(big, [N, C]));
  const c = await cli('compress', at('big.npy'), '-o', at('big.lml'), '--method', 'zfp-rate', '--rate', '8', '--chunk-rows', '100', '--json');
  expect([c.code, c.err]).toEqual([0, '']);
  const made = JSON.parse(c.out);
  const s = await (await openChunked(new Uint8Array(fs.readFileSync(at('big.lml'))))).summarize();
  expect(s.perChunk.map((p) => p.storedExactly > 0)).toEqual([true, false, true]);
  expect(made.storedExactly).toBe(s.perChunk.reduce((a, p) => a + p.storedExactly, 0));
  const text = await cli('inspect', at('big.lml'));
  expect(text.code).toBe(0);
  expect(text.out).toMatch(/chunked lossyml container.*checksums OK, every chunk decodes/);
  expect(text.out).toContain(`${s.storedExactly} finite values the method could not represent, stored exactly (summed over the chunks)`);
  const json = JSON.parse((await cli('inspect', at('big.lml'), '--json')).out);
  expect([json.format, json.chunks, json.rows, json.storedExactly, json.bytes]).toEqual(['chunked', 3, N, s.storedExactly, fs.statSync(at('big.lml')).size]);
});
