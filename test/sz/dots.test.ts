// The wide planner's dot products must not move a choice by a bit: the WebAssembly SIMD kernel
// (dots.ts) must return exactly dot4's sums, and dot4 exactly the four-sum order it documents,
// written here once more as plain scalar code.
import { WasmDots, dot4 } from '@lossyml/sdk/reducers/sz/dots';
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
  const wasm = WasmDots.create(length);
  // Node 20 has WebAssembly SIMD: the fast path must be there (without it, dot4 serves alone).
  expect(wasm).not.toBeNull();
  const w = wasm as WasmDots;
  const rng = new Rng(11);
  const a = w.take() as Float64Array;
  const b = w.take() as Float64Array;
  expect([w.holds(a), w.holds(b), w.holds(new Float64Array(length))]).toEqual([true, true, false]);
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
    if (!Object.is(w.dot(a.byteOffset + 8 * from, b.byteOffset + 8 * from, to - from), want)) mismatches++;
  }
  expect(mismatches).toBe(0);
});

test('slots are handed out until the memory is full, and taken again once given back', () => {
  const w = WasmDots.create(300) as WasmDots;
  const taken: Float64Array[] = [];
  for (let a = w.take(); a; a = w.take()) taken.push(a);
  expect(taken.length).toBeGreaterThan(128);
  expect(new Set(taken.map((a) => a.byteOffset)).size).toBe(taken.length);
  w.give(taken[3]);
  expect(w.take()).toBe(taken[3]);
});
