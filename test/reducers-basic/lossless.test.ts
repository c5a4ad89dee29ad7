// gzip, lz4, zstd and blosclz: bit-exact round trips on the real superconductor table in both
// layouts and with every shuffle (random tables of awkward values: test/contract); the stored
// bytes checked against node's own gunzip and a plain shuffle; refusal of malformed streams and
// of bad configs.

import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { loadDataset, type Dataset } from '@lossyml/sdk/data';
import { FormatError, UsageError } from '@lossyml/sdk/util/errors';
import { listReducers, normalizeConfig } from '@lossyml/sdk/reducers';
import { lz4Acceleration } from '@lossyml/sdk/reducers/lossless/engines';
import { blockArb, bytes, codecFor, roundTrip, sameBytes, shapeOf } from './helpers';

const IDS = ['gzip', 'lz4', 'zstd', 'blosclz'] as const;
const SHUFFLES = ['none', 'byte', 'bit'] as const;
const LAYOUTS = ['columns', 'matrix'] as const;

describe('on the superconductor partial copy (LOSSYML_DATA_DIR)', () => {
  let data: Dataset;
  beforeAll(async () => {
    data = await loadDataset('superconductor');
  });

  test('the table is the expected one', () => {
    expect([data.nRows, data.nCols, data.dtype]).toEqual([4252, 81, 'float64']);
  });

  const cases = IDS.flatMap((id) => SHUFFLES.flatMap((shuffle) => LAYOUTS.map((layout) => [id, shuffle, layout] as const)));
  test.each(cases)('%s with shuffle %s restores every bit (%s)', async (id, shuffle, layout) => {
    const { back, stored } = await roundTrip(data, { id, shuffle, layout });
    expect(sameBytes(data, back)).toBe(true);
    // Every codec finds some redundancy in this table (the weakest, blosclz, still > 1).
    expect(stored).toBeLessThan(data.featureBytes);
  });

  test('the default zstd reaches the native ratio of the anchors (1.79 by column, 1.83 as a matrix)', async () => {
    // Same codec, same level, same input bytes as native zstd 1.5.4: the ratio must agree.
    const col = await roundTrip(data, { id: 'zstd', level: 3, layout: 'columns' });
    const mat = await roundTrip(data, { id: 'zstd', level: 3, layout: 'matrix' });
    expect(data.featureBytes / col.stored).toBeCloseTo(1.79, 1);
    expect(data.featureBytes / mat.stored).toBeCloseTo(1.83, 1);
  });
});

describe('the stored stream is the documented one', () => {
  // A plain c-blosc byte shuffle, written independently of the SDK's.
  function plainByteShuffle(src: Uint8Array, T: number): Uint8Array {
    const n = Math.floor(src.length / T);
    const out = new Uint8Array(src.length);
    for (let i = 0; i < n; i++) for (let k = 0; k < T; k++) out[k * n + i] = src[i * T + k];
    out.set(src.subarray(n * T), n * T);
    return out;
  }

  test.each([
    ['float64', 8],
    ['float32', 4],
  ] as const)('gzip + byte shuffle on %s: node gunzip gives the byte planes of each column (typesize %d)', async (dtype, T) => {
    const col = dtype === 'float64' ? Float64Array.from({ length: 101 }, (_, i) => i / 7) : Float32Array.from({ length: 101 }, (_, i) => i / 7);
    const block = { dtype, nRows: 101, columns: [col, col.map((v) => -v)] };
    const { codec, config } = codecFor({ id: 'gzip', shuffle: 'byte', layout: 'columns' });
    const enc = await codec.encode(block, config);
    expect(enc.streams.length).toBe(2);
    enc.streams.forEach((s, j) => {
      expect(new Uint8Array(zlib.gunzipSync(s))).toEqual(plainByteShuffle(new Uint8Array(bytes(block.columns[j])), T));
    });
  });

  test('matrix layout stores the row-major matrix in one stream', async () => {
    const block = { dtype: 'float64' as const, nRows: 3, columns: [Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)] };
    const { codec, config } = codecFor({ id: 'gzip', shuffle: 'none', layout: 'matrix' });
    const enc = await codec.encode(block, config);
    expect(enc.streams.length).toBe(1);
    expect(Array.from(new Float64Array(new Uint8Array(zlib.gunzipSync(enc.streams[0])).buffer))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  test('lz4 levels follow c-blosc: acceleration = 10 - level', () => {
    expect([1, 5, 9].map(lz4Acceleration)).toEqual([9, 5, 1]);
  });
});

describe('malformed streams are refused with a FormatError, never a crash', () => {
  const block = { dtype: 'float64' as const, nRows: 50, columns: [Float64Array.from({ length: 50 }, (_, i) => Math.sqrt(i)), new Float64Array(50).fill(3)] };

  test.each(IDS)('%s: wrong stream count, truncated and emptied streams', async (id) => {
    for (const layout of LAYOUTS) {
      const { codec, config } = codecFor({ id, layout, shuffle: 'byte' });
      const enc = await codec.encode(block, config);
      const shape = shapeOf(block);
      await expect(codec.decode({ streams: [...enc.streams, enc.streams[0]], meta: {} }, shape, config)).rejects.toThrow(FormatError);
      await expect(codec.decode({ streams: [], meta: {} }, shape, config)).rejects.toThrow(/streams, expected/);
      const cut = enc.streams.map((s, j) => (j === 0 ? s.subarray(0, Math.floor(s.length / 2)) : s));
      await expect(codec.decode({ streams: cut, meta: {} }, shape, config)).rejects.toThrow(FormatError);
      const empty = enc.streams.map((s, j) => (j === 0 ? new Uint8Array(0) : s));
      await expect(codec.decode({ streams: empty, meta: {} }, shape, config)).rejects.toThrow(FormatError);
      // The same streams read as a block of another shape.
      await expect(codec.decode(enc, { ...shape, nRows: shape.nRows + 1 }, config)).rejects.toThrow(FormatError);
    }
  });

  test.each(IDS)('%s: random bytes either fail with a FormatError or restore the asked shape', async (id) => {
    const { codec, config } = codecFor({ id, layout: 'columns' });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 64 }), async (streams, nRows) => {
        try {
          const back = await codec.decode({ streams, meta: {} }, { nRows, nCols: 2, dtype: 'float64' }, config);
          // lz4 and blosclz do not detect every corruption (the container's CRC does).
          expect(back.columns.map((c) => c.length)).toEqual([nRows, nRows]);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('an error names the codec and the stream', async () => {
    const { codec, config } = codecFor({ id: 'zstd', layout: 'columns' });
    const enc = await codec.encode(block, config);
    const bad = [enc.streams[0], enc.streams[1].subarray(0, 5)];
    await expect(codec.decode({ streams: bad, meta: {} }, shapeOf(block), config)).rejects.toThrow(/zstd column 1/);
  });
});

describe('configs', () => {
  test.each([
    [{ id: 'zstd', level: 23 }, /level is 23, expected an integer in \[1, 22\]/],
    [{ id: 'zstd', level: 0 }, /level is 0/],
    [{ id: 'gzip', level: 10 }, /level is 10, expected an integer in \[1, 9\]/],
    [{ id: 'lz4', level: 2.5 }, /level is 2.5/],
    [{ id: 'blosclz', level: 0 }, /level is 0/],
    [{ id: 'zstd', shuffle: 'bytes' }, /shuffle is "bytes", expected one of none, byte, bit/],
    [{ id: 'gzip', shuffle: 1 }, /shuffle is 1/],
    [{ id: 'lz4', layout: 'rows' }, /layout "rows"/],
  ])('%j is refused: %s', (config, message) => {
    expect(() => normalizeConfig(config)).toThrow(UsageError);
    expect(() => normalizeConfig(config)).toThrow(message);
  });

  test('defaults are filled in: the measured levels, no shuffle, one frame per column', () => {
    expect(normalizeConfig({ id: 'zstd' })).toEqual({ id: 'zstd', layout: 'columns', level: 3, shuffle: 'none' });
    expect(normalizeConfig({ id: 'gzip' })).toMatchObject({ level: 6, shuffle: 'none' });
    expect(normalizeConfig({ id: 'lz4' })).toMatchObject({ level: 9, shuffle: 'none' });
    expect(normalizeConfig({ id: 'blosclz' })).toMatchObject({ level: 9, shuffle: 'none' });
  });

  test('each lossless id describes its level as lossless, on a linear scale', () => {
    for (const id of IDS) {
      const info = listReducers().find((r) => r.id === id)!;
      expect(info).toMatchObject({ family: 'lossless', lossless: true, paper: true, layouts: ['columns', 'matrix'] });
      expect(info.param).toMatchObject({ name: 'level', lossier: 'none', scale: 'linear', integer: true });
      expect(info.options?.map((o) => o.name)).toEqual(['shuffle']);
    }
  });
});
