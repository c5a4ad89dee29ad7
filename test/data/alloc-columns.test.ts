// allocColumns: the columns a wide decoder writes into are views of a few shared buffers; each
// must behave as a column of its own (its length, its dtype, zeroed, no overlap with another).

import { allocColumns } from '@lossyml/sdk/data/dataset';

test.each(['float32', 'float64'] as const)('allocColumns(%s): zeroed columns of n values that do not overlap', (dtype) => {
  const n = 37;
  const cols = allocColumns(dtype, n, 50);
  expect(cols).toHaveLength(50);
  cols.forEach((c, j) => {
    expect(c).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
    expect(c.length).toBe(n);
    expect(c.every((v) => v === 0)).toBe(true);
    c.fill(j + 1);
  });
  // writing every column left the others as they were written
  cols.forEach((c, j) => expect(c.every((v) => v === j + 1)).toBe(true));
});

test('allocColumns: columns spread over several buffers (300 x 1,000 float64, 2.4 MB) stay whole and apart', () => {
  const cols = allocColumns('float64', 1000, 300);
  expect(new Set(cols.map((c) => c.buffer)).size).toBeGreaterThan(1);
  cols.forEach((c, j) => {
    expect(c.length).toBe(1000);
    expect(c.every((v) => v === 0)).toBe(true);
    c.fill(j + 1);
  });
  cols.forEach((c, j) => expect(c.every((v) => v === j + 1)).toBe(true));
});

test('allocColumns: zero rows or zero columns', () => {
  expect(allocColumns('float32', 0, 3).map((c) => c.length)).toEqual([0, 0, 0]);
  expect(allocColumns('float64', 10, 0)).toEqual([]);
});
