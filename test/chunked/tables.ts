// Seeded tables for the chunked-container tests: smooth and noisy columns, a column whose range
// grows tenfold half-way (so chunk ranges differ from the global one), and non-finite values.

import { Dataset, Rng, type FloatColumn } from '@lossyml/sdk';

export function table(dtype: 'float64' | 'float32', n = 1000, seed = 7): Dataset {
  const rng = new Rng(seed);
  const r = () => rng.next();
  const make = (f: (i: number) => number): FloatColumn => {
    const a = Float64Array.from({ length: n }, (_, i) => f(i));
    return dtype === 'float64' ? a : Float32Array.from(a);
  };
  const smooth = make((i) => 50 * Math.sin(i / 17) + i / 10);
  const noise = make(() => (r() - 0.5) * 400);
  const growing = make((i) => (i < n / 2 ? 1 : 10) * (r() - 0.5));
  const special = make(() => r() * 3);
  [NaN, Infinity, -Infinity, -0].forEach((v, k) => (special[(k * 211 + 5) % n] = v));
  const columns: FloatColumn[] = [smooth, noise, growing, special];
  const target =
    dtype === 'float64'
      ? { name: 'y', kind: 'numeric' as const, values: Float64Array.from({ length: n }, () => Math.round(r() * 100)) }
      : { name: 'y', kind: 'label' as const, values: Array.from({ length: n }, () => (r() < 0.5 ? 'cat' : 'dog, "quoted"')) };
  return new Dataset({ name: `chunk-${dtype}`, names: ['smooth', 'noise', 'growing', 'special'], columns, target, targetIndex: 2 });
}

/** The bytes of a column (NaN payloads and -0 count). */
export function bitsOf(c: FloatColumn): Uint8Array {
  return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}

export function sameBits(a: FloatColumn, b: FloatColumn): boolean {
  const x = bitsOf(a);
  const y = bitsOf(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** [min, max] of the finite values, computed here independently of the SDK. */
export function finiteMinMax(values: ArrayLike<number>[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const c of values) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  return min <= max ? [min, max] : [0, 0];
}
