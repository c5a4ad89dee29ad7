// The wide planner's dot products must not move a choice by a bit: the SZ kernel's WebAssembly
// SIMD dot (sdk/assembly/sz.ts) must return exactly dot4's sums, and dot4 exactly the four-sum
// order it documents, written here once more as plain scalar code.
import { dot4 } from '@lossyml/sdk/reducers/sz/dots';
import { SzEncodeKernel } from '@lossyml/sdk/reducers/sz/wasm';
import { Rng } from '@lossyml/sdk/data/dataset';

/** The documented order, one product at a time. */
function reference(a: Float64Array, b: Float64Array, from: number, to: number): number {
  const s = [0, 0, 0, 0];
  const whole = from + Math.floor((to - from) / 4) * 4;
  for (let r = from; r < whole; r++) s[(r - from) % 4] += a[r] * b[r];
  for (let r = whole; r < to; r++) s[0] += a[r] * b[r];
  return s[0] + s[1] + (s[2] + s[3]);
}

test('dot4 and the WebAssembly kernel sum in the documented order, bit for bit, at every length and offset', () => {
  const length = 320;
  const kernel = new SzEncodeKernel(1, 0, 0, { costRows: new Int32Array(0), centredLength: length, centredCount: 3, window: 8 });
  try {
    const rng = new Rng(11);
    const a = kernel.takeCentred() as Float64Array;
    const b = kernel.takeCentred() as Float64Array;
    expect([kernel.holds(a), kernel.holds(b), kernel.holds(new Float64Array(length))]).toEqual([true, true, false]);
    let mismatches = 0;
    for (let trial = 0; trial < 400; trial++) {
      // Magnitudes over many decades, so that the order of the additions shows in the last bits.
      for (let i = 0; i < length; i++) {
        a[i] = (rng.next() - 0.5) * Math.exp(rng.next() * 40 - 20);
        b[i] = (rng.next() - 0.5) * Math.exp(rng.next() * 40 - 20);
      }
      const from = trial % 7;
      const to = from + (trial % (length - from));
      const want = reference(a, b, from, to);
      if (!Object.is(dot4(a, b, from, to), want)) mismatches++;
      if (!Object.is(kernel.dot(a.byteOffset + 8 * from, b.byteOffset + 8 * from, to - from), want)) mismatches++;
    }
    expect(mismatches).toBe(0);
    // The screen's scores are (y.x)^2 / x.x over the sketch part, by the same sums.
    const c = kernel.takeCentred() as Float64Array;
    for (let i = 0; i < length; i++) c[i] = (rng.next() - 0.5) * 3;
    const at = Int32Array.from([a.byteOffset, c.byteOffset, b.byteOffset]);
    const norms = Float64Array.from([dot4(a, a, 100, 164), 0, dot4(b, b, 100, 164)]);
    const scores = new Float64Array(3);
    kernel.screen(c.byteOffset, at, norms, 3, 100, 64, scores);
    const dotA = dot4(c, a, 100, 164);
    const dotB = dot4(c, b, 100, 164);
    expect(Array.from(scores)).toEqual([(dotA * dotA) / norms[0], 0, (dotB * dotB) / norms[2]]);
  } finally {
    kernel.release();
  }
});

test('centred areas are handed out until none is left (the planner then makes plain arrays, dotted by dot4)', () => {
  const kernel = new SzEncodeKernel(1, 0, 0, { costRows: new Int32Array(0), centredLength: 300, centredCount: 5, window: 8 });
  const taken: Float64Array[] = [];
  for (let a = kernel.takeCentred(); a; a = kernel.takeCentred()) taken.push(a);
  expect(taken.length).toBe(5);
  expect(new Set(taken.map((a) => a.byteOffset)).size).toBe(taken.length);
  kernel.release();
});
