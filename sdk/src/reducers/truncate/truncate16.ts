// `truncate16` (an extra beyond the paper): values stored as IEEE half precision, 2 bytes
// each (8x on float64), with half.ts's rounding and range: finite only up to 65504 in
// magnitude, about 3.3 significant decimal digits, subnormals down to 2^-24 (6e-8).
// Restored widened to the input dtype (every half value is exact in float32 and float64).
// A column with a finite value of magnitude 65520 or more (which would become Infinity) is refused.

import type { FloatColumn } from '../../data/dataset';
import { bytesOf } from '../layout';
import { halfValues, halvesOf } from './half';
import { narrowingCodec, type NarrowFormat } from './narrow';

const float16: NarrowFormat = {
  name: 'IEEE half precision',
  size: 2,
  maxFinite: 65504,
  // 65504 + half an ulp (16): ties to even round up to Infinity.
  overflowAt: 65520,
  narrow(values: FloatColumn): Uint8Array {
    const out = new Uint16Array(values.length);
    // float32 widens to float64 exactly, so one rounding path serves both dtypes.
    halvesOf(values instanceof Float64Array ? values : Float64Array.from(values), out);
    return bytesOf(out);
  },
  widen(bytes: Uint8Array, out: FloatColumn): void {
    const bits = new Uint16Array(out.length);
    bytesOf(bits).set(bytes);
    const value = halfValues();
    for (let i = 0; i < bits.length; i++) out[i] = value[bits[i]];
  },
};

export const truncate16 = narrowingCodec(
  {
    id: 'truncate16',
    family: 'truncation',
    description: 'Values stored as IEEE half precision (round to nearest even); a column with a finite |x| >= 65520, which would become Infinity, is refused.',
    lossless: false,
    // Half an ulp: 2^-11 relative for normal values, 2^-25 in the subnormal range.
    guarantee: { kind: 'rounding', relative: 2 ** -11, absolute: 2 ** -25, overflowAt: float16.overflowAt },
    layouts: ['columns', 'matrix'],
    defaultLayout: 'columns',
    paper: false,
  },
  float16,
);
