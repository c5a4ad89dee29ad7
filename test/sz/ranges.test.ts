// The bounds' ranges of float32 columns, found in the WebAssembly kernel (sdk/assembly/sz.ts's
// rangeF32), must be layout.ts's finiteRange's least and greatest values bit for bit: NaN
// skipped, infinities excluded, the first of -0 and +0 in row order where a zero is the extreme
// (the bound's sign of zero is stored), 0 and 0 for a column with no finite value.
import { finiteRange } from '@lossyml/sdk/reducers/layout';
import { finiteRangesF32 } from '@lossyml/sdk/reducers/sz/wasm';

function col(values: number[]): Float32Array {
  return Float32Array.from(values);
}

const cases: [string, Float32Array][] = [
  ['plain, length not a multiple of 4', Float32Array.from({ length: 37 }, (_, i) => Math.sin(i) * 100)],
  ['NaN', col([3, NaN, -2, 7, NaN, 1, 0.5])],
  ['infinities', col([3, Infinity, -2, 7, -Infinity, 1, 0.5, 2])],
  ['-0 before +0 at the least', col([3, -0, 5, 0, 1, 2, 8, 9, 4])],
  ['+0 before -0 at the least', col([3, 0, 5, -0, 1, 2, 8, 9, 4])],
  ['-0 before +0 at the greatest', col([-3, -0, -5, 0, -1, -2, -8, -9, -4])],
  ['+0 before -0 at both, with an infinity', col([0, -0, 0, -Infinity])],
  ['only zeros', col([-0, 0, 0, -0, 0])],
  ['no finite value', col([NaN, Infinity, NaN, -Infinity, NaN])],
  ['empty', col([])],
];

test.each(cases)('float32 ranges in the kernel are finiteRange\'s (%s)', (_name, c) => {
  const [got] = finiteRangesF32([c]);
  const want = finiteRange(c);
  expect(Object.is(got.min, want.min)).toBe(true);
  expect(Object.is(got.max, want.max)).toBe(true);
});

test('float32 ranges of many columns of different lengths, in order', () => {
  const columns = cases.map(([, c]) => c);
  const got = finiteRangesF32(columns);
  columns.forEach((c, k) => {
    const want = finiteRange(c);
    expect([k, Object.is(got[k].min, want.min), Object.is(got[k].max, want.max)]).toEqual([k, true, true]);
  });
});
