// The encoder's working values of a float32 column, widened in the WebAssembly kernel
// (sdk/assembly/sz.ts's widen), must be working.ts's own loop's: the values, NaN where not
// finite, the column regular only when every value is finite, and the least finite value the
// first of its ties in row order (-0 and +0 are ties, and the bin origin keeps the sign).
import { ColumnPool, WorkingValues } from '@lossyml/sdk/reducers/sz/working';
import { SzEncodeKernel } from '@lossyml/sdk/reducers/sz/wasm';

const n = 37;

function columns(): Float32Array[] {
  const cols: Float32Array[] = [];
  const plain = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 100);
  cols.push(plain);
  const awkward = plain.slice();
  awkward[3] = NaN;
  awkward[5] = Infinity;
  awkward[6] = -Infinity;
  cols.push(awkward);
  const zerosFirstNegative = Float32Array.from({ length: n }, (_, i) => i + 1);
  zerosFirstNegative[4] = -0;
  zerosFirstNegative[9] = 0;
  cols.push(zerosFirstNegative);
  const zerosFirstPositive = zerosFirstNegative.slice();
  zerosFirstPositive[4] = 0;
  zerosFirstPositive[9] = -0;
  cols.push(zerosFirstPositive);
  cols.push(Float32Array.from({ length: n }, (_, i) => (i % 2 ? NaN : Infinity)));
  return cols;
}

test('float32 working values widened in the kernel are the JavaScript loop\'s (values, NaN, regularity, first least value)', () => {
  const cols = columns();
  const constant = cols.map(() => false);
  const kernel = new SzEncodeKernel(n, 2 * cols.length, 0);
  try {
    const viaKernel = new WorkingValues(cols, constant, false, new ColumnPool(n, kernel.slots), kernel);
    const viaLoop = new WorkingValues(cols, constant, false, new ColumnPool(n));
    for (let c = 0; c < cols.length; c++) {
      expect(Array.from(viaKernel.of(c))).toEqual(Array.from(viaLoop.of(c)));
      expect(viaKernel.regular(c)).toBe(viaLoop.regular(c));
      expect(Object.is(viaKernel.minOf(c), viaLoop.minOf(c))).toBe(true);
    }
    expect(viaKernel.regular(0)).toBe(true);
    expect(viaKernel.regular(1)).toBe(false);
    expect(Array.from(viaKernel.of(1).subarray(3, 7))).toEqual([NaN, cols[0][4], NaN, NaN]);
    expect(Object.is(viaKernel.minOf(2), -0)).toBe(true);
    expect(Object.is(viaKernel.minOf(3), 0)).toBe(true);
    expect(viaKernel.minOf(4)).toBe(0);
  } finally {
    kernel.release();
  }
});
