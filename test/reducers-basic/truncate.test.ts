// truncate32 against Math.fround (an independent float32 rounding), and truncate16 against
// hand-computed binary16 cases and a brute-force nearest-value search over all half values.

import fc from 'fast-check';
import { loadDataset } from '@lossyml/sdk/data';
import { DataError, FormatError } from '@lossyml/sdk/util/errors';
import { Dataset, encodeDataset } from '@lossyml/sdk';
import { listReducers } from '@lossyml/sdk/reducers';
import { toHalfBits } from '@lossyml/sdk/reducers/truncate/half';
import type { FeatureBlock } from '@lossyml/sdk/data/dataset';
import { blockArb, codecFor, roundTrip, sameBytes, shapeOf, value64 } from './helpers';

const LAYOUTS = ['columns', 'matrix'] as const;

function block64(values: number[]): FeatureBlock {
  return { dtype: 'float64', nRows: values.length, columns: [Float64Array.from(values)] };
}

/** Whether some finite value of the block would be stored as Infinity by `narrow`. */
function overflows(block: FeatureBlock, narrow: (v: number) => number): boolean {
  return block.columns.some((c) => c.some((v) => Number.isFinite(v) && !Number.isFinite(narrow(v))));
}

describe('truncate32', () => {
  test('every restored float64 value is Math.fround of the input (NaN stays NaN), both layouts; a value Math.fround makes infinite is refused', async () => {
    await fc.assert(
      fc.asyncProperty(blockArb(['float64']), fc.constantFrom(...LAYOUTS), async (block, layout) => {
        if (overflows(block, Math.fround)) {
          await expect(roundTrip(block, { id: 'truncate32', layout })).rejects.toThrow(DataError);
          return;
        }
        const { back, stored } = await roundTrip(block, { id: 'truncate32', layout });
        expect(back.dtype).toBe('float64');
        expect(stored).toBe(4 * block.nRows * block.columns.length);
        block.columns.forEach((c, j) => c.forEach((v, i) => expect(Object.is(back.columns[j][i], Math.fround(v))).toBe(true)));
      }),
      { numRuns: 150 },
    );
  });

  test('IEEE edge cases: ties to even, underflow to a signed zero, Infinity kept', async () => {
    const maxF32 = 3.4028234663852886e38;
    const cases: [number, number][] = [
      [Infinity, Infinity],
      [-Infinity, -Infinity],
      [3.4028235677973362e38, maxF32], // just under half-way between the largest float32 and 2^128
      [1e-46, 0],
      [-1e-46, -0],
      [2 ** -149, 2 ** -149],
      [1 + 2 ** -24, 1], // a tie: 1 is even
      [1 + 3 * 2 ** -24, 1 + 2 ** -22], // a tie: rounds up to the even neighbour
      [0.1, 0.10000000149011612],
      [-0, -0],
    ];
    const { back } = await roundTrip(block64(cases.map((c) => c[0])), { id: 'truncate32' });
    cases.forEach(([, want], i) => expect([i, back.columns[0][i]]).toEqual([i, want]));
  });

  test.each([1e39, -1e39, 3.4028235677973366e38, Number.MAX_VALUE])('a finite %p, which float32 rounding makes infinite, is refused naming column and row', async (v) => {
    const ds = new Dataset({ name: 'big', names: ['a', 'wide'], columns: [new Float64Array(3), Float64Array.of(1, 2, v)] });
    for (const layout of LAYOUTS) {
      await expect(encodeDataset(ds, { id: 'truncate32', layout })).rejects.toThrow(DataError);
      await expect(encodeDataset(ds, { id: 'truncate32', layout })).rejects.toThrow(`column "wide" row 2 holds ${v}, beyond IEEE float32's largest finite value`);
    }
  });

  test('on float32 input it is the identity, bit for bit (NaN payloads too)', async () => {
    await fc.assert(
      fc.asyncProperty(blockArb(['float32']), fc.constantFrom(...LAYOUTS), async (block, layout) => {
        expect(sameBytes(block, (await roundTrip(block, { id: 'truncate32', layout })).back)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('superconductor: CR exactly 2, relative error at most 2^-24', async () => {
    const data = await loadDataset('superconductor');
    for (const layout of LAYOUTS) {
      const { back, stored } = await roundTrip(data, { id: 'truncate32', layout });
      expect(data.featureBytes / stored).toBe(2);
      let worst = 0;
      data.columns.forEach((c, j) => c.forEach((v, i) => (worst = Math.max(worst, v === 0 ? 0 : Math.abs(back.columns[j][i] - v) / Math.abs(v)))));
      expect(worst).toBeGreaterThan(0);
      expect(worst).toBeLessThanOrEqual(2 ** -24);
    }
  });
});

/** The value of a binary16 pattern, written plainly from the IEEE definition. */
function plainHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  if (e === 0) return sign * m * Math.pow(2, -24);
  return sign * (1 + m / 1024) * Math.pow(2, e - 15);
}

// Magnitudes of patterns 0 .. 0x7c00, increasing; 0x7c00 stands for 2^16, the value that
// rounding to nearest would give just past the largest finite half (IEEE: overflow to Infinity).
const MAGNITUDES = Array.from({ length: 0x7c01 }, (_, h) => (h === 0x7c00 ? 65536 : plainHalf(h)));

/** Brute-force rounding: the nearest magnitude, ties to the even pattern. */
function referenceHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65536) return sign | 0x7c00;
  let lo = 0;
  let hi = 0x7c00;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (MAGNITUDES[mid] <= a) lo = mid;
    else hi = mid;
  }
  const dLo = a - MAGNITUDES[lo];
  const dHi = MAGNITUDES[hi] - a;
  const h = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
  return sign | h;
}

describe('truncate16 (IEEE binary16)', () => {
  test.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [65519.99, 0x7bff],
    [65520, 0x7c00], // half-way to 2^16: ties to even overflows
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [NaN, 0x7e00],
    [0, 0x0000],
    [-0, 0x8000],
    [2 ** -24, 0x0001],
    [2 ** -25, 0x0000], // a tie between 0 and the smallest subnormal
    [3 * 2 ** -25, 0x0002], // a tie between 1 and 2 steps: even
    [-(2 ** -26), 0x8000],
    [2 ** -14, 0x0400],
    [2 ** -14 - 2 ** -25, 0x0400], // a tie between the largest subnormal and the smallest normal
    [1 + 2 ** -11, 0x3c00], // a tie: even
    [1 + 3 * 2 ** -11, 0x3c02],
    [1 + 2 ** -11 + 2 ** -30, 0x3c01], // one rounding: via float32 this would be a tie and give 0x3c00
    [2049, 0x6800],
    [2051, 0x6802],
  ])('%p -> pattern %i', (x, bits) => {
    expect(toHalfBits(x)).toBe(bits);
  });

  test('every finite half value converts to its own pattern', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const v = plainHalf(h);
      if (toHalfBits(v) !== (Number.isNaN(v) ? 0x7e00 : h)) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  test('any double rounds to the nearest half value, ties to even (brute-force search)', () => {
    const near = fc.oneof(
      value64,
      fc.double({ min: -70000, max: 70000 }),
      fc.double({ min: -1e-3, max: 1e-3 }),
      // Exact ties: half-way between two neighbouring half values.
      fc.integer({ min: 0, max: 0x7bff }).map((h) => (MAGNITUDES[h] + MAGNITUDES[h + 1]) / 2),
    );
    fc.assert(fc.property(near, (x) => expect(toHalfBits(x)).toBe(referenceHalf(x))), { numRuns: 20000 });
  });

  test('the codec restores the nearest half value in the input dtype, 2 bytes per value, both layouts; a value rounding to Infinity is refused', async () => {
    await fc.assert(
      fc.asyncProperty(blockArb(), fc.constantFrom(...LAYOUTS), async (block, layout) => {
        if (overflows(block, (v) => plainHalf(referenceHalf(v)))) {
          await expect(roundTrip(block, { id: 'truncate16', layout })).rejects.toThrow(DataError);
          return;
        }
        const { back, stored } = await roundTrip(block, { id: 'truncate16', layout });
        expect(back.dtype).toBe(block.dtype);
        expect(stored).toBe(2 * block.nRows * block.columns.length);
        block.columns.forEach((c, j) => c.forEach((v, i) => expect(Object.is(back.columns[j][i], plainHalf(referenceHalf(v)))).toBe(true)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('truncate16 refuses what half precision cannot hold', () => {
  test('65519.99 is kept as 65504; 65520 and above (finite) are refused, naming the column and row', async () => {
    const { back } = await roundTrip(block64([65519.99, -65519.99, Infinity]), { id: 'truncate16' });
    expect(Array.from(back.columns[0])).toEqual([65504, -65504, Infinity]);
    for (const v of [65520, -65520, 1e6, Number.MAX_VALUE]) {
      const ds = new Dataset({ name: 'casp-like', names: ['F9'], columns: [Float64Array.of(1, v)] });
      await expect(encodeDataset(ds, { id: 'truncate16' })).rejects.toThrow(DataError);
      await expect(encodeDataset(ds, { id: 'truncate16' })).rejects.toThrow(`truncate16: column "F9" row 1 holds ${v}, beyond IEEE half precision's largest finite value 65504`);
    }
  });
});

describe('both truncations', () => {
  test('they describe themselves: truncate32 from the paper, truncate16 an extra, no parameter', () => {
    const info = (id: string) => listReducers().find((r) => r.id === id)!;
    expect(info('truncate32')).toMatchObject({ family: 'truncation', lossless: false, paper: true, layouts: ['columns', 'matrix'] });
    expect(info('truncate16')).toMatchObject({ family: 'truncation', lossless: false, paper: false });
    expect(info('truncate32').param).toBeUndefined();
  });
});
