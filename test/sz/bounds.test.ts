// Every restored value honours its mode's bound, checked here from first principles on
// random columns: constants, ramps, noise, spikes, huge and tiny magnitudes, subnormals,
// signed zeros, NaN and Infinity; lengths 0, 1 and odd; one or several columns; float32 and
// float64; both layouts; bounds from 1e-1 down to 1e-9.
import fc from 'fast-check';
import { szReducers } from '@lossyml/sdk/reducers/sz';
import type { Codec, Layout, NormalizedConfig } from '@lossyml/sdk/reducers/types';
import type { FeatureBlock, FloatColumn } from '@lossyml/sdk/data/dataset';
import { psnrOf } from '../psnr';

const codec = (id: string) => szReducers.find((r) => r.info.id === id) as Codec;

function column(n: number): fc.Arbitrary<number[]> {
  const exactly = (a: fc.Arbitrary<number>) => fc.array(a, { minLength: n, maxLength: n });
  const unit = fc.double({ min: -1, max: 1, noNaN: true });
  return fc.oneof(
    fc.double().map((v) => new Array<number>(n).fill(v)),
    fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true })).map(([a, b]) => Array.from({ length: n }, (_, i) => a + b * i)),
    exactly(fc.double()),
    exactly(unit),
    fc.tuple(exactly(unit), fc.array(fc.nat(Math.max(n - 1, 0)), { maxLength: 3 }), fc.double({ noNaN: true })).map(([xs, at, spike]) => {
      for (const i of at) if (i < xs.length) xs[i] = spike;
      return xs;
    }),
    exactly(fc.double({ min: -1e-300, max: 1e-300 })),
    exactly(fc.constantFrom(0, -0, 1, -1, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 0.5)),
    exactly(fc.integer({ min: -3, max: 300 })),
  );
}

const blocks: fc.Arbitrary<{ columns: number[][]; f32: boolean; layout: Layout }> = fc
  .integer({ min: 0, max: 33 })
  .chain((n) => fc.record({ columns: fc.array(column(n), { minLength: 1, maxLength: 4 }), f32: fc.boolean(), layout: fc.constantFrom<Layout>('columns', 'matrix') }));

function toBlock(columns: number[][], f32: boolean): FeatureBlock {
  const cols: FloatColumn[] = columns.map((c) => (f32 ? Float32Array.from(c) : Float64Array.from(c)));
  return { dtype: f32 ? 'float32' : 'float64', nRows: columns[0].length, columns: cols };
}

async function roundTrip(id: string, block: FeatureBlock, config: NormalizedConfig): Promise<FeatureBlock> {
  const c = codec(id);
  const enc = await c.encode(block, config);
  const out = await c.decode(enc, { nRows: block.nRows, nCols: block.columns.length, dtype: block.dtype }, config);
  expect(out.dtype).toBe(block.dtype);
  expect(out.columns.length).toBe(block.columns.length);
  return out;
}

function finiteRange(values: ArrayLike<number>[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const c of values)
    for (let i = 0; i < c.length; i++)
      if (Number.isFinite(c[i])) {
        min = Math.min(min, c[i]);
        max = Math.max(max, c[i]);
      }
  return { min, max };
}

/**
 * The absolute tolerance sz-rel promises: bound x (max - min). Where max - min overflows (a
 * column holding values near both ends of the double range), the product is computed as
 * bound x max - bound x min, which stays finite for bound <= 0.5; and like sz-abs's it is at
 * most 1e300, so that the stream can hold it. Never Infinity: every finite value is restored
 * finite and within a finite tolerance.
 */
function relTolerance(bound: number, r: { min: number; max: number }): number {
  const span = r.max - r.min;
  const t = Number.isFinite(span) ? bound * span : bound * r.max - bound * r.min;
  return Math.min(t, 1e300);
}

/** Fails with the column, row and values when a restored value breaks its bound (which must be finite: no vacuous check). */
function expectWithin(x: FloatColumn, y: FloatColumn, j: number, allowed: (v: number) => number): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      if (!Object.is(x[i], y[i])) throw new Error(`column ${j} row ${i}: non-finite ${x[i]} restored as ${y[i]}`);
      continue;
    }
    const bound = allowed(x[i]);
    if (!Number.isFinite(bound)) throw new Error(`column ${j} row ${i}: the bound ${bound} checks nothing`);
    const err = Math.abs(x[i] - y[i]);
    if (!(err <= bound)) throw new Error(`column ${j} row ${i}: ${x[i]} restored as ${y[i]}, error ${err} > ${bound}`);
  }
}

const BOUNDS = [1e-1, 1e-2, 1e-3, 1e-5, 1e-7, 1e-9];
const runs = { numRuns: Number(process.env.SZ_RUNS ?? 120) };

describe('sz bounds hold for every value', () => {
  test('sz-abs: |x - x\'| <= bound', async () => {
    await fc.assert(
      fc.asyncProperty(blocks, fc.constantFrom(...BOUNDS, 1, 1000), async ({ columns, f32, layout }, bound) => {
        const block = toBlock(columns, f32);
        const out = await roundTrip('sz-abs', block, { id: 'sz-abs', layout, bound, predictor: 'auto' });
        block.columns.forEach((x, j) => expectWithin(x, out.columns[j], j, () => bound));
      }),
      runs,
    );
  });

  test('sz-rel: |x - x\'| <= bound x (max - min) per column, or of the matrix, finite even where max - min overflows', async () => {
    await fc.assert(
      fc.asyncProperty(blocks, fc.constantFrom(...BOUNDS, 0.5, 1), async ({ columns, f32, layout }, bound) => {
        const block = toBlock(columns, f32);
        const out = await roundTrip('sz-rel', block, { id: 'sz-rel', layout, bound, predictor: 'auto' });
        const global = finiteRange(block.columns);
        block.columns.forEach((x, j) => {
          const r = layout === 'matrix' ? global : finiteRange([x]);
          expectWithin(x, out.columns[j], j, () => relTolerance(bound, r));
        });
      }),
      runs,
    );
  });

  test('sz-pwrel: |x - x\'| <= bound x |x|, zeros and signs exact', async () => {
    await fc.assert(
      fc.asyncProperty(blocks, fc.constantFrom(...BOUNDS), async ({ columns, f32, layout }, bound) => {
        const block = toBlock(columns, f32);
        const out = await roundTrip('sz-pwrel', block, { id: 'sz-pwrel', layout, bound, predictor: 'auto' });
        block.columns.forEach((x, j) => {
          const y = out.columns[j];
          expectWithin(x, y, j, (v) => bound * Math.abs(v));
          for (let i = 0; i < x.length; i++) {
            if (x[i] === 0 && !Object.is(x[i], y[i])) throw new Error(`column ${j} row ${i}: zero ${x[i]} restored as ${y[i]}`);
            if (Math.sign(x[i]) !== Math.sign(y[i]) && !Number.isNaN(x[i])) throw new Error(`column ${j} row ${i}: sign of ${x[i]} lost (${y[i]})`);
          }
        });
      }),
      runs,
    );
  });

  test('sz-psnr: the achieved PSNR is at least the asked one, per column or over the matrix', async () => {
    await fc.assert(
      fc.asyncProperty(blocks, fc.constantFrom(10, 20, 40, 60, 80, 120, 160), async ({ columns, f32, layout }, psnr) => {
        const block = toBlock(columns, f32);
        const out = await roundTrip('sz-psnr', block, { id: 'sz-psnr', layout, psnr, predictor: 'auto' });
        // No per-value bound is promised, but a finite value never comes back non-finite.
        block.columns.forEach((x, j) => expectWithin(x, out.columns[j], j, () => Number.MAX_VALUE));
        const groups = layout === 'matrix' ? [block.columns.map((_, j) => j)] : block.columns.map((_, j) => [j]);
        for (const g of groups) {
          const achieved = psnrOf(g.map((j) => block.columns[j]), g.map((j) => out.columns[j]));
          if (!(achieved >= psnr)) throw new Error(`columns ${g}: PSNR ${achieved} < ${psnr}`);
        }
      }),
      runs,
    );
  });
});

describe('sz special cases', () => {
  test('a constant column costs a few bytes', async () => {
    const block = toBlock([new Array(10_000).fill(3.25)], false);
    const enc = await codec('sz-rel').encode(block, { id: 'sz-rel', layout: 'columns', bound: 1e-3, predictor: 'auto' });
    expect(enc.streams[0].length).toBeLessThan(40);
    const out = await codec('sz-rel').decode(enc, { nRows: 10_000, nCols: 1, dtype: 'float64' }, { id: 'sz-rel', layout: 'columns', bound: 1e-3, predictor: 'auto' });
    expect(out.columns[0].every((v) => v === 3.25)).toBe(true);
  });

  test('every predictor set keeps the bound on correlated, ordered and unordered columns', async () => {
    const n = 2001;
    const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50) * 100);
    const b = a.map((v, i) => 3 * v + 7 + ((i * 7919) % 13) / 13);
    const c = Float64Array.from({ length: n }, (_, i) => ((i * 2654435761) % 1000) / 7);
    const block: FeatureBlock = { dtype: 'float64', nRows: n, columns: [a, b, c] };
    for (const predictor of ['auto', 'none', 'rows', 'cross']) {
      for (const bound of [1e-2, 1e-5]) {
        const config = { id: 'sz-rel', layout: 'columns' as Layout, bound, predictor };
        const out = await roundTrip('sz-rel', block, config);
        block.columns.forEach((x, j) => {
          const r = finiteRange([x]);
          expectWithin(x, out.columns[j], j, () => bound * (r.max - r.min));
        });
      }
    }
  });

  test('a range beyond the largest double gives a finite tolerance, and a stream that decodes (sz-rel up to bound 1, sz-psnr down to 1 dB)', async () => {
    const M = Number.MAX_VALUE;
    const x = [M, -M, 1, 2, 3, 4, 5, 6, -0.5, 1e300];
    for (const layout of ['columns', 'matrix'] as Layout[]) {
      for (const bound of [1e-12, 1e-3, 0.5, 1]) {
        const block = toBlock([x], false);
        const out = await roundTrip('sz-rel', block, { id: 'sz-rel', layout, bound, predictor: 'auto' });
        // bound x M - bound x (-M), at most 1e300: e.g. 3.6e305 capped for 1e-3, 3.6e296 for 1e-12.
        expectWithin(block.columns[0], out.columns[0], 0, () => Math.min(2 * bound * M, 1e300));
      }
      for (const psnr of [1, 20, 80]) {
        const block = toBlock([x], false);
        const out = await roundTrip('sz-psnr', block, { id: 'sz-psnr', layout, psnr, predictor: 'auto' });
        expectWithin(block.columns[0], out.columns[0], 0, () => 1e300);
      }
    }
  });

  test('an empty block and a block of zero rows round-trip', async () => {
    for (const nRows of [0, 1]) {
      const block = toBlock([new Array(nRows).fill(1.5), new Array(nRows).fill(NaN)], false);
      const out = await roundTrip('sz-abs', block, { id: 'sz-abs', layout: 'columns', bound: 1e-3, predictor: 'auto' });
      expect(Array.from(out.columns[0])).toEqual(new Array(nRows).fill(1.5));
    }
  });
});
