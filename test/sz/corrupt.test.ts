// Damaged SZ and fpzip streams are refused with a FormatError: truncation, flipped bits,
// foreign bytes, a wrong shape; and bodies that pass the checksum but hold garbage decode
// to an error or to values of the right shape, never to a crash or a hang.
import fc from 'fast-check';
import { szReducers } from '@lossyml/sdk/reducers/sz';
import { fpzipReducers } from '@lossyml/sdk/reducers/fpzip';
import { openStream, sealStream } from '@lossyml/sdk/reducers/entropy/envelope';
import type { BlockShape, Codec, NormalizedConfig } from '@lossyml/sdk/reducers/types';
import type { FeatureBlock } from '@lossyml/sdk/data/dataset';
import { FormatError } from '@lossyml/sdk/util/errors';
import { WIDE } from '@lossyml/sdk/reducers/sz/planner';

const n = 500;
const block: FeatureBlock = {
  dtype: 'float64',
  nRows: n,
  columns: [
    Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10),
    Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 20 + 1),
    Float64Array.from({ length: n }, (_, i) => (i % 7) + (i === 3 ? NaN : 0)),
  ],
};
const shape: BlockShape = { nRows: n, nCols: 3, dtype: 'float64' };
// More columns than the planner's WIDE: the SZ encoder writes stream version 4 (segments; sz-rel's decoded in WebAssembly, sz-pwrel's in JavaScript).
const wideRows = 20;
const wide: FeatureBlock = {
  dtype: 'float32',
  nRows: wideRows,
  columns: Array.from({ length: WIDE + 20 }, (_, j) => Float32Array.from({ length: wideRows }, (_, i) => Math.sin(i + j / 7) * (1 + (j % 5)) + (j === 270 && i === 4 ? NaN : 0))),
};
const wideShape: BlockShape = { nRows: wideRows, nCols: WIDE + 20, dtype: 'float32' };

const cases: [string, Codec, NormalizedConfig, string, FeatureBlock, BlockShape][] = [
  ['sz-rel', szReducers.find((r) => r.info.id === 'sz-rel') as Codec, { id: 'sz-rel', layout: 'columns', bound: 1e-3, predictor: 'auto' }, 'SZL1', block, shape],
  ['sz-pwrel', szReducers.find((r) => r.info.id === 'sz-pwrel') as Codec, { id: 'sz-pwrel', layout: 'matrix', bound: 1e-3, predictor: 'auto' }, 'SZL1', block, shape],
  ['sz-rel, stream version 4', szReducers.find((r) => r.info.id === 'sz-rel') as Codec, { id: 'sz-rel', layout: 'columns', bound: 1e-3, predictor: 'auto' }, 'SZL1', wide, wideShape],
  ['sz-pwrel, stream version 4', szReducers.find((r) => r.info.id === 'sz-pwrel') as Codec, { id: 'sz-pwrel', layout: 'columns', bound: 1e-4, predictor: 'auto' }, 'SZL1', wide, wideShape],
  ['fpzip columns', fpzipReducers[0] as Codec, { id: 'fpzip', layout: 'columns' }, 'FPZ1', block, shape],
  ['fpzip matrix', fpzipReducers[0] as Codec, { id: 'fpzip', layout: 'matrix' }, 'FPZ1', block, shape],
];

describe.each(cases)('%s refuses damaged streams', (_name, codec, config, tag, block, shape) => {
  const n = shape.nRows;
  let good: Uint8Array;
  beforeAll(async () => {
    good = (await codec.encode(block, config)).streams[0];
  });
  const decode = (s: Uint8Array, sh = shape) => codec.decode({ streams: [s], meta: {} }, sh, config);

  test('truncated at any of several points', async () => {
    for (const len of [0, 3, 12, 13, 20, good.length >> 1, good.length - 1]) {
      await expect(decode(good.slice(0, len))).rejects.toThrow(FormatError);
    }
  });

  test('a flipped bit anywhere', async () => {
    for (let k = 0; k < 40; k++) {
      const bad = good.slice();
      const at = Math.floor(((k + 0.5) / 40) * bad.length);
      bad[at] ^= 1 << k % 8;
      await expect(decode(bad)).rejects.toThrow(FormatError);
    }
  });

  test('foreign bytes, a wrong shape, a wrong stream count', async () => {
    await expect(decode(new TextEncoder().encode('this is not a stream of ours'))).rejects.toThrow(FormatError);
    await expect(decode(good, { ...shape, nRows: n + 1 })).rejects.toThrow(FormatError);
    await expect(decode(good, { ...shape, dtype: shape.dtype === 'float64' ? 'float32' : 'float64' })).rejects.toThrow(FormatError);
    await expect(codec.decode({ streams: [good, good], meta: {} }, shape, config)).rejects.toThrow(FormatError);
  });

  test('garbage behind a valid checksum is an error or a block of the right shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(120), async (garbage, keep) => {
        // Keep the start of the real body (its header, some records), garble the rest, and
        // frame it with a correct CRC so that only the decoder's own checks stand guard.
        const real = await openStream(tag, good, 1 << 24);
        const head = real.subarray(0, Math.min(keep, real.length));
        const body = new Uint8Array(head.length + garbage.length);
        body.set(head);
        body.set(garbage, head.length);
        const framed = await sealStream(tag, body);
        try {
          const out = await decode(framed);
          expect(out.columns.length).toBe(shape.nCols);
          expect(out.columns.every((c) => c.length === n)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
