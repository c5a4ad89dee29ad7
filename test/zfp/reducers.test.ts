// The four zfp reducers through the registry: their descriptions (the bounds of zfp-accuracy
// and zfp-rel on random tables are checked by test/contract), the exact size of zfp-rate, the NaN / Infinity policy, constant columns, the ratios of the
// anchors on real data, libzfp decoding the reducers' streams, and refusal of bad input.

import fc from 'fast-check';
import { loadDataset, type Dataset } from '@lossyml/sdk/data';
import type { FeatureBlock, FloatColumn } from '@lossyml/sdk/data/dataset';
import { bytesOf } from '@lossyml/sdk/reducers/layout';
import { getReducer, listReducers, normalizeConfig, type Codec, type EncodedBlock, type NormalizedConfig, type ReducerConfig } from '@lossyml/sdk/reducers';
import { FormatError, UsageError } from '@lossyml/sdk/util/errors';
import { blockArb } from './arbitraries';
import { libzfpDecompress } from './libzfp';

function codecFor(config: ReducerConfig): { codec: Codec; config: NormalizedConfig } {
  const norm = normalizeConfig(config);
  return { codec: getReducer(norm.id) as Codec, config: norm };
}

async function roundTrip(block: FeatureBlock, config: ReducerConfig): Promise<{ back: FeatureBlock; enc: EncodedBlock; stored: number }> {
  const { codec, config: norm } = codecFor(config);
  const enc = await codec.encode(block, norm);
  const back = await codec.decode(enc, { nRows: block.nRows, nCols: block.columns.length, dtype: block.dtype }, norm);
  return { back, enc, stored: enc.streams.reduce((s, x) => s + x.length, 0) };
}

/** Range of the finite values, in float64 (0 when there are none). */
function finiteSpan(cols: FloatColumn[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cols) for (const v of c) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return hi >= lo ? hi - lo : 0;
}

/** '' when every value keeps the bound and every non-finite value comes back as it was; else the first miss. */
function boundMiss(a: FeatureBlock, b: FeatureBlock, tolOf: (j: number) => number): string {
  if (b.dtype !== a.dtype || b.nRows !== a.nRows || b.columns.length !== a.columns.length) return 'shape or dtype changed';
  for (let j = 0; j < a.columns.length; j++) {
    const tol = tolOf(j);
    const x = a.columns[j];
    const y = b.columns[j];
    if (y.constructor !== x.constructor) return `column ${j} changed type`;
    for (let i = 0; i < x.length; i++) {
      const ok = Number.isFinite(x[i]) ? Math.abs(y[i] - x[i]) <= tol : Object.is(y[i], x[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i]));
      if (!ok) return `column ${j} row ${i}: ${x[i]} restored as ${y[i]}, tolerance ${tol}`;
    }
  }
  return '';
}

describe('descriptions and configs', () => {
  test('the registry lists the four modes with their parameters', () => {
    const byId = new Map(listReducers().map((r) => [r.id, r]));
    const expected: [string, string, 'higher' | 'lower', boolean][] = [
      ['zfp-accuracy', 'bound', 'higher', true],
      ['zfp-precision', 'precision', 'lower', true],
      ['zfp-rate', 'rate', 'lower', true],
      ['zfp-rel', 'bound', 'higher', false],
    ];
    for (const [id, param, lossier, paper] of expected) {
      const info = byId.get(id);
      expect(info).toBeDefined();
      expect([info!.param?.name, info!.param?.lossier, info!.paper, info!.lossless, [...info!.layouts]]).toEqual([param, lossier, paper, false, ['columns', 'matrix']]);
    }
    expect(byId.get('zfp-precision')!.param!.integer).toBe(true);
    expect(byId.get('zfp-rel')!.param!.scale).toBe('log');
  });

  test.each([
    [{ id: 'zfp-rel', bound: 0 }, /bound is 0, expected a number in \[1e-15, 1\]/],
    [{ id: 'zfp-rel', bound: 2 }, /bound is 2/],
    [{ id: 'zfp-precision', precision: 8.5 }, /precision is 8.5, expected an integer in \[1, 64\]/],
    [{ id: 'zfp-rate', rate: 0 }, /rate is 0/],
    [{ id: 'zfp-accuracy', bound: -1 }, /bound is -1/],
    [{ id: 'zfp-accuracy', tolerance: 1 }, /unknown key "tolerance"/],
  ])('%j is refused, naming the option and the allowed range', (config, message) => {
    expect(() => normalizeConfig(config)).toThrow(UsageError);
    expect(() => normalizeConfig(config)).toThrow(message);
  });
});

describe('properties over random blocks (constants, spikes, huge, tiny, subnormal, signed zeros, NaN, Infinity)', () => {
  const layouts = fc.constantFrom<'columns' | 'matrix'>('columns', 'matrix');

  test('zfp-rate gives each zfp stream exactly ceil(blocks x bits / 64) words, bits = max(round(4^d x rate), 1 + exponent bits)', async () => {
    const rate = fc.double({ min: 0.5, max: 64, noNaN: true });
    await fc.assert(
      fc.asyncProperty(blockArb(60), rate, layouts, async (block, r, layout) => {
        const { back, enc } = await roundTrip(block, { id: 'zfp-rate', rate: r, layout });
        const d = layout === 'matrix' ? 2 : 1;
        const bits = Math.max(Math.floor(4 ** d * r + 0.5), block.dtype === 'float32' ? 9 : 12);
        const nCols = block.columns.length;
        const blocks = layout === 'matrix' ? (block.nRows === 0 ? 0 : Math.ceil(block.nRows / 4) * Math.ceil(nCols / 4)) : Math.ceil(block.nRows / 4);
        const sizes = enc.streams.slice(0, -1).map((s) => s.length);
        expect(sizes).toEqual(new Array(layout === 'matrix' ? 1 : nCols).fill(Math.ceil((blocks * bits) / 64) * 8));
        // and the non-finite values survive
        expect(boundMiss(block, back, () => Infinity)).toBe('');
      }),
      { numRuns: 100 },
    );
  });

  test('zfp-precision at 64 planes restores float64 blocks of like magnitudes to 1e-12', async () => {
    const x = Float64Array.from({ length: 37 }, (_, i) => 1 + Math.sin(i));
    const { back } = await roundTrip({ dtype: 'float64', nRows: 37, columns: [x] }, { id: 'zfp-precision', precision: 64 });
    expect(boundMiss({ dtype: 'float64', nRows: 37, columns: [x] }, back, () => 1e-12)).toBe('');
  });
});

describe('NaN, Infinity and constants', () => {
  test('non-finite values are stored exactly beside the stream, wherever they are', async () => {
    const x = Float64Array.from({ length: 23 }, (_, i) => 10 + i / 3);
    x[0] = NaN;
    x[5] = Infinity;
    x[6] = -Infinity;
    x[22] = NaN;
    const block: FeatureBlock = { dtype: 'float64', nRows: 23, columns: [x, Float64Array.from(x).fill(NaN)] };
    for (const config of [{ id: 'zfp-rel', bound: 1e-3 }, { id: 'zfp-accuracy', bound: 1e-3 }, { id: 'zfp-rate', rate: 8 }, { id: 'zfp-precision', precision: 12 }]) {
      for (const layout of ['columns', 'matrix'] as const) {
        const { back, enc } = await roundTrip(block, { ...config, layout });
        expect(boundMiss(block, back, () => Infinity)).toBe('');
        expect(enc.meta.exceptions).toBeGreaterThanOrEqual(4 + 23);
      }
    }
  });

  test('one non-finite value, at any position of a short column (odd or even), is found by the range and kept exactly', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const n of [1, 2, 3, 8, 9]) {
          const columns = Array.from({ length: n }, (_, p) => {
            const c = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
            for (let i = 0; i < n; i++) c[i] = 3 + i / 7;
            c[p] = bad;
            return c;
          });
          const block: FeatureBlock = { dtype, nRows: n, columns };
          const { back } = await roundTrip(block, { id: 'zfp-rel', bound: 1e-3, layout: 'columns' });
          // The finite values' range is at most 8 / 7: the bound is 1e-3 of it.
          expect(boundMiss(block, back, () => 1e-3 * (8 / 7))).toBe('');
        }
      }
    }
  });

  test('a constant column costs a few bytes in zfp-rel and zfp-accuracy, and comes back exactly', async () => {
    const block: FeatureBlock = { dtype: 'float64', nRows: 1000, columns: [new Float64Array(1000).fill(101.325)] };
    for (const config of [{ id: 'zfp-rel', bound: 1e-6 }, { id: 'zfp-accuracy', bound: 1e-9 }]) {
      const { back, stored } = await roundTrip(block, config);
      expect(stored).toBeLessThanOrEqual(16);
      expect(Array.from(back.columns[0]).every((v) => v === 101.325)).toBe(true);
    }
  });
});

describe('values near the top of the double range', () => {
  const M = Number.MAX_VALUE;

  test('zfp-rel on a column whose range overflows keeps a finite tolerance: not zeros', async () => {
    const x = Float64Array.of(M, -M, 1, 2, 3, 4, 5, 6, 1e300, -1e300, 7, 8);
    const block: FeatureBlock = { dtype: 'float64', nRows: 12, columns: [x] };
    for (const layout of ['columns', 'matrix'] as const) {
      const { back } = await roundTrip(block, { id: 'zfp-rel', bound: 1e-3, layout });
      // tolerance 1e-3 x M - 1e-3 x (-M) = 3.6e305: the extremes must survive.
      expect(boundMiss(block, back, () => 2e-3 * M)).toBe('');
      expect([back.columns[0][0], back.columns[0][1]]).toEqual([M, -M]);
    }
  });

  test.each([
    ['float64', { id: 'zfp-precision', precision: 16 }],
    ['float64', { id: 'zfp-rate', rate: 8 }],
    ['float32', { id: 'zfp-precision', precision: 8 }],
    ['float32', { id: 'zfp-rate', rate: 4 }],
  ] as const)('%s %j: a finite value zfp would restore as Infinity is stored exactly, and counted', async (dtype, config) => {
    const top = dtype === 'float64' ? M : 3.4028234663852886e38;
    const values = [top, top * 0.99, 1, 2, -top, 3, 4, 5, top / 2, 6, 7, 8];
    const x = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
    const block: FeatureBlock = { dtype, nRows: x.length, columns: [x, x.slice()] };
    for (const layout of ['columns', 'matrix'] as const) {
      const { back, enc } = await roundTrip(block, { ...config, layout });
      back.columns.forEach((c, j) => c.forEach((v, i) => expect([j, i, Number.isFinite(v)]).toEqual([j, i, true])));
      expect(enc.meta.storedExactly).toBeGreaterThan(0);
      expect(enc.meta.exceptions).toBe(enc.meta.storedExactly);
    }
  });

  test('columns far from the top pay nothing: no exceptions, storedExactly 0', async () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => 1e300 * Math.sin(i));
    const { enc } = await roundTrip({ dtype: 'float64', nRows: 64, columns: [x] }, { id: 'zfp-rate', rate: 8 });
    expect([enc.meta.exceptions, enc.meta.storedExactly]).toEqual([0, 0]);
  });
});

describe('a tolerance zfp cannot keep (values spanning many decades in one block)', () => {
  test('values outside it are stored exactly, or the column raw when that is smaller', async () => {
    // float32 blocks keep 30 bits below their largest value: 1e-6 next to 1e6 cannot keep 1e-9.
    const x = Float32Array.from({ length: 64 }, (_, i) => (i % 4 === 0 ? 1e6 : 1e-6 * (1 + i)));
    const block: FeatureBlock = { dtype: 'float32', nRows: 64, columns: [x] };
    const tight = await roundTrip(block, { id: 'zfp-accuracy', bound: 1e-9 });
    expect(boundMiss(block, tight.back, () => 1e-9)).toBe('');
    expect(tight.enc.meta.raw).toBe(1);
    // float64 blocks keep 62 bits: beside 1e18 the step is 0.25, so the 3 neighbours of the
    // spike miss a 1e-3 bound; they are stored exactly and the rest stays zfp
    const y = Float64Array.from({ length: 400 }, (_, i) => (i === 200 ? 1e18 : Math.sin(i)));
    const loose: FeatureBlock = { dtype: 'float64', nRows: 400, columns: [y] };
    const r = await roundTrip(loose, { id: 'zfp-accuracy', bound: 1e-3 });
    expect(boundMiss(loose, r.back, () => 1e-3)).toBe('');
    expect([r.enc.meta.raw, r.enc.meta.exceptions]).toEqual([0, 3]);
  });
});

describe('on the superconductor partial copy', () => {
  let sc: Dataset;
  beforeAll(async () => {
    sc = await loadDataset('superconductor');
  });

  // The anchors' ratios were measured with libzfp 1.0, tolerance = rel x range, by column and
  // as one 2-D matrix with the global range: ours writes the same streams, plus a side stream
  // of a few bytes per column and 64-bit word padding.
  test.each([
    [1e-2, 5.35, 12.7],
    [1e-3, 4.12, 8.16],
    [1e-4, 3.44, 5.88],
  ])('zfp-rel %s reaches the anchors\' ratios (%s by column, %s as a matrix) within 1%%', async (bound, colCR, matCR) => {
    const col = await roundTrip(sc, { id: 'zfp-rel', bound, layout: 'columns' });
    const mat = await roundTrip(sc, { id: 'zfp-rel', bound, layout: 'matrix' });
    expect(Math.abs(sc.featureBytes / col.stored / colCR - 1)).toBeLessThan(0.01);
    expect(Math.abs(sc.featureBytes / mat.stored / matCR - 1)).toBeLessThan(0.01);
    const whole = finiteSpan(sc.columns);
    expect(boundMiss(sc, col.back, (j) => bound * finiteSpan([sc.columns[j]]))).toBe('');
    expect(boundMiss(sc, mat.back, () => bound * whole)).toBe('');
  });

  test('libzfp decodes the zfp-rel, zfp-precision and zfp-rate column streams to our values', async () => {
    const cols = [0, 7, 33, 80];
    const block: FeatureBlock = { dtype: 'float64', nRows: sc.nRows, columns: cols.map((j) => sc.columns[j]) };
    const shape = { dtype: 'float64' as const, nx: sc.nRows, ny: 0 };
    const cases: [ReducerConfig, (j: number) => ['accuracy' | 'precision' | 'rate', number]][] = [
      [{ id: 'zfp-rel', bound: 1e-3 }, (j) => ['accuracy', 1e-3 * finiteSpan([block.columns[j]])]],
      [{ id: 'zfp-precision', precision: 20 }, () => ['precision', 20]],
      [{ id: 'zfp-rate', rate: 12 }, () => ['rate', 12]],
    ];
    for (const [config, native] of cases) {
      const { back, enc } = await roundTrip(block, config);
      expect(enc.meta.exceptions).toBe(0);
      block.columns.forEach((_, j) => {
        const [mode, param] = native(j);
        const theirs = libzfpDecompress(enc.streams[j], shape, mode, param);
        expect(Buffer.from(bytesOf(theirs)).equals(Buffer.from(bytesOf(back.columns[j])))).toBe(true);
      });
    }
  });
});

describe('malformed input is refused with a FormatError', () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i / 4));
  const block: FeatureBlock = { dtype: 'float64', nRows: 50, columns: [x, x] };
  const shape = { dtype: 'float64' as const, nRows: 50, nCols: 2 };

  test.each(['zfp-rel', 'zfp-accuracy', 'zfp-precision', 'zfp-rate'])('%s: truncated, padded, missing and foreign streams', async (id) => {
    const { codec, config } = codecFor({ id });
    const enc = await codec.encode(block, config);
    const variants: EncodedBlock[] = [
      { ...enc, streams: enc.streams.slice(1) },
      { ...enc, streams: [enc.streams[0].subarray(0, 8), ...enc.streams.slice(1)] },
      { ...enc, streams: [new Uint8Array([...enc.streams[0], ...new Uint8Array(16)]), ...enc.streams.slice(1)] },
      { ...enc, streams: [...enc.streams.slice(0, -1), enc.streams[enc.streams.length - 1].subarray(1)] },
      { ...enc, streams: [...enc.streams.slice(0, -1), new Uint8Array([9, 2, 0, 0, 0, 0])] },
    ];
    for (const v of variants) await expect(codec.decode(v, shape, config)).rejects.toThrow(FormatError);
  });
});
