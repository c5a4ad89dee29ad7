// `lossyml inspect`: both ratios and the values stored exactly for a good file; exit 1 with
// "written by a newer lossyml or damaged", and never "checksums OK", for a file it cannot decode.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Dataset, encodeDataset } from '@lossyml/sdk';
import { cli } from '../cli/run-cli';
import { withHeader } from './with-header';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-inspect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function table(): Dataset {
  const n = 200;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 9) * 10);
  const big = Float64Array.from({ length: n }, (_, i) => (i === 5 ? Number.MAX_VALUE : i));
  const labels = Array.from({ length: n }, (_, i) => (i % 3 ? 'yes' : 'no'));
  return new Dataset({ name: 'inspect', names: ['x', 'big'], columns: [x, big], target: { name: 'label', kind: 'label', values: labels } });
}

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a good container: the feature ratio, the whole file ratio, the target sizes and the values stored exactly', async () => {
  const ds = table();
  const { bytes, stats } = await encodeDataset(ds, { id: 'zfp-rate', rate: 8 });
  expect(stats.storedExactly).toBeGreaterThan(0);
  const file = await write('good.lml', bytes);
  const text = await cli('inspect', file);
  expect(text.code).toBe(0);
  expect(text.out).toContain('checksums OK, decodes');
  expect(text.out).toContain(`${stats.storedExactly} finite values the method could not represent, stored exactly`);
  const json = await cli('inspect', file, '--json');
  const s = JSON.parse(json.out);
  // 133 "yes" and 67 "no", each with a separator: the target as a plain column.
  const plainTarget = 133 * 4 + 67 * 3;
  expect([s.format, s.bytes, s.targetBytes, s.targetRawBytes, s.storedExactly]).toEqual([2, bytes.length, stats.targetBytes, plainTarget, stats.storedExactly]);
  expect(s.compressionRatio).toBeCloseTo(ds.featureBytes / (bytes.length - stats.targetBytes), 12);
  expect(s.fileRatio).toBeCloseTo((ds.featureBytes + plainTarget) / bytes.length, 12);
  expect(s.fileRatio).toBeCloseTo(stats.fileRatio, 12);
});

test.each([
  ['an unknown config key', (h: Record<string, unknown>) => ((h.config as Record<string, unknown>).window = 3)],
  ['an unknown reducer id', (h: Record<string, unknown>) => ((h.config as Record<string, unknown>).id = 'sz3-interp')],
])('%s: exit 1, "written by a newer lossyml or damaged", no "checksums OK"', async (_what, edit) => {
  const { bytes } = await encodeDataset(table(), { id: 'zstd' });
  const file = await write('foreign.lml', withHeader(bytes, edit));
  for (const args of [[file], [file, '--json']]) {
    const r = await cli('inspect', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain('written by a newer lossyml or damaged');
    expect(r.err).not.toContain('--help');
    expect(r.out).not.toContain('OK');
  }
  const d = await cli('decompress', file, '-o', path.join(dir, 'out.csv'));
  expect([d.code, d.err.includes('written by a newer lossyml or damaged')]).toEqual([1, true]);
});

test('a newer format version: exit 1, named', async () => {
  const { bytes } = await encodeDataset(table(), { id: 'none' });
  const newer = bytes.slice();
  newer[8] = 9;
  const r = await cli('inspect', await write('newer.lml', newer));
  expect(r.code).toBe(1);
  expect(r.err).toContain('container format version 9.0: written by a newer lossyml or damaged');
});

test('a well-formed file whose streams do not decode is not "OK"', async () => {
  const { bytes } = await encodeDataset(table(), { id: 'zstd' });
  // Claim the streams hold more rows than they do: checksums pass, the decode fails.
  const file = await write('lying.lml', withHeader(bytes, (h) => ((h.shape as number[])[0] = 201)));
  const r = await cli('inspect', file);
  expect(r.code).toBe(1);
  expect(r.out).not.toContain('OK');
});
