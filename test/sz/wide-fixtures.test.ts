// The wide SZ stream versions cannot drift: every committed wide fixture (test/fixtures/sz-wide,
// written once by its generate.js, never rewritten) must hold the SZ stream version its manifest
// names, and decode with today's code to the restored values recorded, within its bound of the
// seeded input. For the version today's writer writes (4), the writer must also produce the
// recorded streams; version 3 is no longer written, and its fixtures keep it decodable.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dataset, decodeDataset, encodeDataset, unpackContainer } from '@lossyml/sdk';
import { openStream } from '@lossyml/sdk/reducers/entropy/envelope';
import { decodeBody } from '@lossyml/sdk/reducers/sz';
import { FormatError } from '@lossyml/sdk/util/errors';
import { streamsDigest, tableDigest } from '../fixtures/input';
import { wideInput } from '../fixtures/sz-wide/input';
import { fixtureFiles, readManifest, type FixtureEntry } from '../fixture-manifest';

interface Entry extends FixtureEntry {
  szStream: number;
  streamsSha256: string;
}

const DIR = path.join(__dirname, '..', 'fixtures', 'sz-wide');
const manifest = readManifest<Entry>(DIR);

/** The SZ stream version today's writer writes for wide tables by column. */
const WRITTEN = 4;

test('the manifest and the .lml files name the same fixtures, every SZ id by column in both dtypes, for stream versions 3 and 4', () => {
  const files = fixtureFiles(DIR, '.lml');
  expect(manifest.map((e) => e.file).sort()).toEqual(files);
  for (const version of [3, WRITTEN]) {
    const cases = new Set(manifest.filter((e) => e.szStream === version).map((e) => `${e.config.id} ${e.config.layout} ${e.dtype}`));
    expect([version, cases.size]).toEqual([version, 8]);
  }
});

/** The largest |x - x'| / allowed error over the finite values (non-finite ones must come back bitwise). */
function worstRelativeError(e: Entry, input: Dataset, restored: Dataset): number {
  let worst = 0;
  const all = input.columns.flatMap((c) => Array.from(c).filter(Number.isFinite));
  const matrixRange = Math.max(...all) - Math.min(...all);
  input.columns.forEach((c, j) => {
    const finite = Array.from(c).filter(Number.isFinite);
    const range = e.config.layout === 'matrix' ? matrixRange : finite.length ? Math.max(...finite) - Math.min(...finite) : 0;
    const r = restored.columns[j];
    for (let i = 0; i < c.length; i++) {
      if (!Number.isFinite(c[i])) {
        expect([j, i, Object.is(r[i], c[i])]).toEqual([j, i, true]);
        continue;
      }
      const bound = e.config.bound as number;
      const allowed = e.config.id === 'sz-abs' ? bound : e.config.id === 'sz-rel' ? bound * range : e.config.id === 'sz-pwrel' ? bound * Math.abs(c[i]) : Infinity;
      const err = Math.abs(c[i] - r[i]);
      worst = Math.max(worst, allowed > 0 ? err / allowed : err > 0 ? Infinity : 0);
    }
  });
  return worst;
}

test('a body of an SZ stream version this build does not know is refused, naming the versions it reads', async () => {
  const e = manifest[0];
  const parsed = unpackContainer(new Uint8Array(fs.readFileSync(path.join(DIR, e.file))), e.file);
  const body = (await openStream('SZL1', parsed.featureStreams[0], 1 << 24)).slice();
  body[0] = 5;
  const shape = { nRows: parsed.header.shape[0], nCols: parsed.header.shape[1], dtype: e.dtype };
  expect(() => decodeBody(body, shape)).toThrow(FormatError);
  expect(() => decodeBody(body, shape)).toThrow(/version 5, this build reads 2, 3 and 4/);
});

describe.each(manifest.map((e) => [e.file, e] as const))('%s', (_file, e) => {
  test(`holds a version-${e.szStream} SZ stream and decodes with today's code to the recorded values, within the bound`, async () => {
    const input = wideInput(e.dtype);
    expect(tableDigest(input)).toBe(e.inputSha256);
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, e.file)));
    const parsed = unpackContainer(bytes, e.file);
    expect(parsed.header.config).toEqual(e.config);
    const body = await openStream('SZL1', parsed.featureStreams[0], 1 << 24);
    expect(body[0]).toBe(e.szStream);
    const { dataset } = await decodeDataset(bytes, e.file);
    expect(tableDigest(dataset)).toBe(e.restoredSha256);
    expect(worstRelativeError(e, new Dataset(input), dataset)).toBeLessThanOrEqual(1);
  });

  if (e.szStream !== WRITTEN) {
    test(`today's writer writes version ${WRITTEN} for this input, not version ${e.szStream}`, async () => {
      const { bytes } = await encodeDataset(new Dataset(wideInput(e.dtype)), e.config);
      const body = await openStream('SZL1', unpackContainer(bytes).featureStreams[0], 1 << 24);
      expect(body[0]).toBe(WRITTEN);
    });
    return;
  }
  test('today\'s writer produces the recorded streams (a change is a new SZ stream version beside this one)', async () => {
    const { bytes } = await encodeDataset(new Dataset(wideInput(e.dtype)), e.config);
    const parsed = unpackContainer(bytes);
    expect(streamsDigest([...parsed.featureStreams, ...(parsed.targetStream ? [parsed.targetStream] : [])])).toBe(e.streamsSha256);
  });
});
