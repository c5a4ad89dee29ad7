// sz-psnr by chunks: the PSNR asked is met by each whole restored column (or the matrix), with
// the range taken over the whole input; each chunk's raised target covers its anchor rows.

import { UsageError, type FloatColumn, type Layout, type NormalizedConfig, compressChunked, openChunked, unpackContainer, type Dataset } from '@lossyml/sdk';
import { chunkConfig } from '@lossyml/sdk/container/chunked/anchors';
import { psnrOf } from '../psnr';
import { finiteMinMax, table } from './tables';

async function restore(bytes: Uint8Array, workers = 0): Promise<Dataset> {
  return (await openChunked(bytes)).readAll({ workers });
}

describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
  const ds = table(dtype);
  test.each([
    ['columns', 30, 100],
    ['columns', 80, 100],
    ['columns', 60, 4],
    ['matrix', 30, 100],
    ['matrix', 80, 100],
    ['matrix', 60, 4],
  ] as const)('layout %s, %d dB, chunks of %d rows: every whole column meets the PSNR, against its global range', async (layout, psnr, chunkRows) => {
    const { bytes, header } = await compressChunked(ds, { id: 'sz-psnr', psnr, layout }, { chunkRows, workers: 0 });
    expect(header.ranges).toEqual(layout === 'matrix' ? [finiteMinMax(ds.columns)] : ds.columns.map((c) => finiteMinMax([c])));
    const back = await restore(bytes);
    const got = layout === 'matrix' ? [psnrOf(ds.columns, back.columns)] : ds.columns.map((c, j) => psnrOf([c], [back.columns[j]]));
    got.forEach((p, j) => expect([j, p >= psnr]).toEqual([j, true]));
    // Non-finite values come back as they were.
    ds.columns.forEach((c, j) => c.forEach((v, i) => Number.isFinite(v) || expect([j, i, Object.is(back.columns[j][i], v)]).toEqual([j, i, true])));
  });
});

test('sz-psnr chunks: the same bytes on 0 and 2 workers, and each chunk asks a PSNR above the target', async () => {
  const ds = table('float64', 600);
  const cfg = { id: 'sz-psnr', psnr: 50 } as const;
  const [a, b] = await Promise.all([0, 2].map(async (workers) => (await compressChunked(ds, cfg, { chunkRows: 200, workers })).bytes));
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  const reader = await openChunked(a);
  expect(reader.header.config.psnr).toBe(50);
  for (const e of reader.chunks) {
    const chunk = unpackContainer(a.subarray(e.offset + 12, e.offset + 12 + e.bytes));
    expect(chunk.header.config.psnr as number).toBeGreaterThan(50);
  }
});

describe('chunkConfig (sz-psnr)', () => {
  const col = (values: number[]): FloatColumn => Float64Array.from(values);
  test.each([
    ['columns', [10, 7, 3]],
    ['columns', [1, 1000]],
    ['matrix', [10, 7, 3]],
  ] as [Layout, number[]][])('%s, finite counts %j: (f + anchors) x the raised MSE <= f x the asked MSE for every column', (layout, counts) => {
    const psnr = 40;
    // Each column: `count` finite values, a NaN, then the two anchor rows.
    const columns = counts.map((n) => col([...Array.from({ length: n }, (_, i) => i), NaN, 0, n]));
    const raised = chunkConfig({ id: 'sz-psnr', psnr, layout, predictor: 'auto' }, { columns }).psnr as number;
    const mse = (p: number) => 10 ** (-p / 10);
    const finite = layout === 'matrix' ? [counts.reduce((a, b) => a + b, 0)] : counts;
    const anchors = layout === 'matrix' ? 2 * counts.length : 2;
    for (const f of finite) expect((f + anchors) * mse(raised)).toBeLessThanOrEqual(f * mse(psnr) * (1 + 1e-12));
  });

  test('other methods keep their config; a raised target above 320 dB is refused by name', async () => {
    const cfg: NormalizedConfig = { id: 'sz-rel', bound: 1e-3, layout: 'columns', predictor: 'auto' };
    expect(chunkConfig(cfg, { columns: [col([1, 2, 0, 3])] })).toBe(cfg);
    await expect(compressChunked(table('float64', 40), { id: 'sz-psnr', psnr: 319 }, { chunkRows: 1, workers: 0 })).rejects.toThrow(UsageError);
    await expect(compressChunked(table('float64', 40), { id: 'sz-psnr', psnr: 319 }, { chunkRows: 1, workers: 0 })).rejects.toThrow(/sz-psnr 319 dB needs 323\.\d+ dB/);
  });
});
