// `truncate32`: float64 values stored as IEEE float32 (JavaScript's Math.fround: round to
// nearest, ties to even; below half its smallest subnormal, a zero of the same sign; NaN stays
// NaN, its payload is not kept). Restored widened to the input dtype, exactly. On float32 input
// it is the identity. A column with a finite value beyond float32's range (which IEEE rounding
// would make Infinity) is refused.

import type { FloatColumn } from '../../data/dataset';
import { bytesOf } from '../layout';
import { narrowingCodec, type NarrowFormat } from './narrow';

const float32: NarrowFormat = {
  name: 'IEEE float32',
  size: 4,
  maxFinite: 3.4028234663852886e38,
  // The largest float32 plus half an ulp (2^103): ties to even round up to Infinity.
  overflowAt: 3.4028235677973366e38,
  narrow(values: FloatColumn): Uint8Array {
    // Float32Array's conversion is IEEE round-to-nearest-even, the same as Math.fround.
    return bytesOf(values instanceof Float32Array ? values.slice() : new Float32Array(values));
  },
  widen(bytes: Uint8Array, out: FloatColumn): void {
    const f32 = new Float32Array(out.length);
    bytesOf(f32).set(bytes);
    out.set(f32);
  },
};

export const truncate32 = narrowingCodec(
  {
    id: 'truncate32',
    family: 'truncation',
    description: 'float64 values stored as float32 (round to nearest even); the identity on float32 data; a column with a finite value beyond float32\'s range is refused.',
    lossless: false,
    // Half an ulp: 2^-24 relative for normal values, 2^-150 in the subnormal range.
    guarantee: { kind: 'rounding', relative: 2 ** -24, absolute: 2 ** -150, overflowAt: float32.overflowAt },
    layouts: ['columns', 'matrix'],
    defaultLayout: 'columns',
    paper: true,
  },
  float32,
);
