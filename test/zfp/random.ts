// Seeded random arrays of the kinds the zfp interoperability tests run on besides the real
// data: smooth signals, white noise, mixed magnitudes and mostly zeros.

import { Rng } from '@lossyml/sdk/data/dataset';

export type Kind = 'smooth' | 'noise' | 'mixed' | 'sparse';

/** Seeded arrays of a given kind: smooth signals, white noise, mixed magnitudes, mostly zeros. */
export function randomArray(kind: Kind, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 'smooth':
        out[i] = 100 * Math.sin(i / 7) + rng.normal();
        break;
      case 'noise':
        out[i] = rng.normal() * 1e3;
        break;
      case 'mixed':
        out[i] = rng.normal() * 10 ** (rng.int(40) - 20);
        break;
      case 'sparse':
        out[i] = rng.next() < 0.8 ? 0 : rng.normal();
        break;
    }
  }
  return out;
}
