// fast-check generators of feature blocks for the zfp property tests: columns of ordinary
// values, constants, spikes, huge and tiny magnitudes, subnormals, signed zeros, NaN and
// infinities, of either dtype and of lengths that are and are not multiples of 4.

import fc from 'fast-check';
import type { DType, FeatureBlock, FloatColumn } from '@lossyml/sdk/data/dataset';

const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1, -1, Number.MIN_VALUE, -5e-324, 2.2250738585072014e-308, 1e-310, Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e-300, 3.4028234663852886e38, 1.401298464324817e-45, -1.1754943508222875e-38];

const ordinary = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
const special = fc.constantFrom(...SPECIAL);
const tiny = fc.double({ min: -1e-300, max: 1e-300, noNaN: true });

/** One value of a mixed column. */
const value = fc.oneof({ weight: 6, arbitrary: ordinary }, { weight: 2, arbitrary: anyFinite }, { weight: 2, arbitrary: special }, { weight: 1, arbitrary: tiny });

function column(n: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    fc.array(value, { minLength: n, maxLength: n }),
    fc.array(ordinary, { minLength: n, maxLength: n }),
    // a smooth signal with noise, what zfp is made for
    fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true })).map(([a, b]) => Array.from({ length: n }, (_, i) => a + b * Math.sin(i / 3))),
    // constant
    value.map((v) => new Array<number>(n).fill(v)),
    // zeros with one spike
    fc.tuple(fc.nat(), anyFinite).map(([i, v]) => {
      const c = new Array<number>(n).fill(0);
      if (n > 0) c[i % n] = v;
      return c;
    }),
  );
}

function toColumn(values: number[], dtype: DType): FloatColumn {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

export function blockArb(maxRows = 41, maxCols = 4): fc.Arbitrary<FeatureBlock> {
  return fc
    .record({ dtype: fc.constantFrom<DType>('float64', 'float32'), nRows: fc.oneof(fc.constantFrom(0, 1, 3, 4, 5, 8), fc.integer({ min: 0, max: maxRows })), nCols: fc.integer({ min: 1, max: maxCols }) })
    .chain(({ dtype, nRows, nCols }) =>
      fc.array(column(nRows), { minLength: nCols, maxLength: nCols }).map((cols) => ({ dtype, nRows, columns: cols.map((c) => toColumn(c, dtype)) })),
    );
}
