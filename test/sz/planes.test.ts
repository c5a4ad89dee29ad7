// SZ2's block planes in the `matrix` layout: on a noisy smooth 2-D field (where a plane per
// block predicts better than 2-D Lorenzo) they are chosen and compress better than the same
// encoder without them, and on random noisy fields every value keeps its bound, with planes
// in use or not. The decoder refuses a column that points at planes it was not given.
import fc from 'fast-check';
import { szReducers, encodeBody, decodeBody } from '@lossyml/sdk/reducers/sz';
import { PRED_PLANE } from '@lossyml/sdk/reducers/sz/spec';
import type { Codec, NormalizedConfig } from '@lossyml/sdk/reducers/types';
import { Rng, type FeatureBlock } from '@lossyml/sdk/data/dataset';
import { ByteReader } from '@lossyml/sdk/reducers/entropy/bytes';
import { readPlanes } from '@lossyml/sdk/reducers/sz/planes';

const szRel = szReducers.find((r) => r.info.id === 'sz-rel') as Codec;

/** A smooth field plus uniform noise of the given amplitude, seeded. */
function field(nRows: number, nCols: number, noise: number, seed: number, f32 = false): FeatureBlock {
  const rng = new Rng(seed);
  const columns = Array.from({ length: nCols }, (_, j) => {
    const c = f32 ? new Float32Array(nRows) : new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) c[i] = Math.sin(i / 23) * Math.cos(j / 17) + 0.3 * Math.sin((i + 2 * j) / 41) + noise * (rng.next() - 0.5);
    return c;
  });
  return { dtype: f32 ? 'float32' : 'float64', nRows, columns };
}

function globalRange(block: FeatureBlock): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of block.columns) for (const v of c) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return hi - lo;
}

function request(block: FeatureBlock, bound: number, matrix: boolean) {
  const eb = bound * globalRange(block);
  return { columns: block.columns, nRows: block.nRows, f32: block.dtype === 'float32', log: false, relBound: 0, ebs: new Float64Array(block.columns.length).fill(eb), predictors: 'auto' as const, matrix };
}

test.each([1e-2, 1e-3])('noisy smooth field at %p: planes are chosen, compress better, and keep the bound', (bound) => {
  const block = field(256, 64, 0.2, 5);
  const withPlanes = encodeBody(request(block, bound, true));
  const without = encodeBody(request(block, bound, false));
  expect(withPlanes.specs.filter((s) => s.kind === PRED_PLANE).length).toBeGreaterThan(32);
  expect(without.specs.some((s) => s.kind === PRED_PLANE)).toBe(false);
  expect(withPlanes.body.length).toBeLessThan(without.body.length * 0.99);
  const out = decodeBody(withPlanes.body, { nRows: block.nRows, nCols: 64, dtype: 'float64' });
  const eb = bound * globalRange(block);
  block.columns.forEach((c, j) => c.forEach((v, i) => expect(Math.abs(v - out.columns[j][i])).toBeLessThanOrEqual(eb)));
});

test('on random noisy fields (float32 and float64, odd shapes, NaN holes) every value keeps the matrix bound', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 19 }),
      fc.constantFrom(0, 0.01, 0.3),
      fc.constantFrom(1e-1, 1e-2, 1e-4, 1e-7),
      fc.boolean(),
      fc.nat(1000),
      async (nRows, nCols, noise, bound, f32, seed) => {
        const block = field(nRows, nCols, noise, seed, f32);
        if (seed % 3 === 0) block.columns[nCols - 1][Math.floor(nRows / 2)] = NaN;
        const config: NormalizedConfig = { id: 'sz-rel', layout: 'matrix', bound, predictor: 'auto' };
        const enc = await szRel.encode(block, config);
        const out = await szRel.decode(enc, { nRows, nCols, dtype: block.dtype }, config);
        const eb = bound * globalRange(block);
        block.columns.forEach((c, j) =>
          c.forEach((v, i) => {
            if (Number.isNaN(v)) expect(out.columns[j][i]).toBeNaN();
            else expect(Math.abs(v - out.columns[j][i])).toBeLessThanOrEqual(eb);
          }),
        );
      },
    ),
    { numRuns: 60 },
  );
});

test('a column that uses planes the stream does not hold is refused', () => {
  const block = field(64, 16, 0.2, 9);
  const enc = encodeBody(request(block, 1e-2, true));
  expect(enc.specs.some((s) => s.kind === PRED_PLANE)).toBe(true);
  // Cut the plane section out (leaving a count of 0) while the column records still say PRED_PLANE.
  const at = findPlaneSection(enc.body, enc.head.length);
  expect(at).toBeGreaterThan(0);
  const r = new ByteReader(enc.body, 'test', at);
  expect(readPlanes(r, 64, 16).size).toBeGreaterThan(0);
  const cut = new Uint8Array(enc.body.length - (r.offset - at) + 1);
  cut.set(enc.body.subarray(0, at));
  cut[at] = 0;
  cut.set(enc.body.subarray(r.offset), at + 1);
  expect(() => decodeBody(cut, { nRows: 64, nCols: 16, dtype: 'float64' })).toThrow(/planes that are not stored/);
});

/** Offset of the plane section: its block count (1 or 2 here), column block 0, then its two steps (slope step = intercept step / 8). */
function findPlaneSection(body: Uint8Array, codedFrom: number): number {
  for (let k = 0; k + 18 < codedFrom; k++) {
    if (!((body[k] === 1 || body[k] === 2) && body[k + 1] === 0)) continue;
    const v = new DataView(body.buffer, body.byteOffset + k + 2, 16);
    const c = v.getFloat64(0, true);
    const s = v.getFloat64(8, true);
    if (c > 0 && c < 1 && Math.abs(s * 8 - c) <= 1e-12 * c) return k;
  }
  return -1;
}
