// The chunked format cannot drift: every committed chunked fixture (test/fixtures/chunked,
// written once by its generate.js, never rewritten) must open and decode with today's code to
// the restored values its manifest recorded, within its bound of the seeded input it came from.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dataset, openChunked } from '@lossyml/sdk';
import { fixtureInput, tableDigest } from '../fixtures/input';
import { fixtureFiles, readManifest, type FixtureEntry } from '../fixture-manifest';
import { psnrOf } from '../psnr';
import { finiteMinMax, sameBits } from './tables';

interface Entry extends FixtureEntry {
  chunkRows: number;
}

const DIR = path.join(__dirname, '..', 'fixtures', 'chunked');
const manifest = readManifest<Entry>(DIR);

test('the manifest and the .lmlc files name the same fixtures', () => {
  const files = fixtureFiles(DIR, '.lmlc');
  expect(manifest.map((e) => e.file).sort()).toEqual(files);
  expect(files.length).toBeGreaterThan(0);
});

describe.each(manifest.map((e) => [e.file, e] as const))('%s', (_file, e) => {
  const input = new Dataset(fixtureInput(e.dtype));

  test('opens, and decodes with today\'s code to the recorded restored values', async () => {
    expect(tableDigest(fixtureInput(e.dtype))).toBe(e.inputSha256);
    const reader = await openChunked(new Uint8Array(fs.readFileSync(path.join(DIR, e.file))), e.file);
    expect(reader.header.config).toEqual(e.config);
    expect(reader.header.chunkRows).toBe(e.chunkRows);
    expect(reader.chunks.length).toBe(Math.ceil(input.nRows / e.chunkRows));
    const restored = await reader.readAll({ workers: 0 });
    expect(tableDigest(restored)).toBe(e.restoredSha256);
    expect(restored.target?.values).toEqual(input.target?.values);
  });

  test('restores the input within the bound of its config (every bit for a lossless one, the PSNR for sz-psnr)', async () => {
    const reader = await openChunked(new Uint8Array(fs.readFileSync(path.join(DIR, e.file))), e.file);
    const restored = await reader.readAll({ workers: 0 });
    const bound = e.config.bound as number;
    const matrix = finiteMinMax(input.columns);
    input.columns.forEach((c, j) => {
      const r = restored.columns[j];
      if (e.config.id === 'zstd') return expect(sameBits(c, r)).toBe(true);
      if (e.config.id === 'sz-psnr') {
        expect([input.names[j], psnrOf([c], [r]) >= (e.config.psnr as number)]).toEqual([input.names[j], true]);
        for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) expect([input.names[j], i, Object.is(c[i], r[i])]).toEqual([input.names[j], i, true]);
        return;
      }
      const [min, max] = e.config.layout === 'matrix' ? matrix : finiteMinMax([c]);
      const tol = e.config.id === 'sz-abs' ? bound : bound * (max - min);
      for (let i = 0; i < c.length; i++) {
        const ok = Number.isFinite(c[i]) ? Math.abs(c[i] - r[i]) <= tol : Object.is(c[i], r[i]);
        expect([input.names[j], i, ok]).toEqual([input.names[j], i, true]);
      }
    });
  });
});
