// What the 1-D and 2-D embedded coders (planes1.ts, planes2.ts) share: zfp's rule for one bit
// plane, a bit at a time, used where a fixed-rate block's budget may end inside the plane
// (libzfp counts every bit there), and small bit helpers.
//
// The coders see a block's negabinary coefficients as 64-bit patterns held in two Int32Arrays
// (hi, lo), top-aligned: plane 63 is the most significant. float64 blocks use all 64 planes;
// float32 blocks put their 32-bit coefficients in `hi` (lo = 0), so zfp's plane k is plane
// k + 32 here and "prec planes from the top" means the same for both.

import type { BitReader, BitWriter } from './bitstream';

export function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The 32 bits from bit position pos on (words has a spare zero word at its end). */
export function peekAt(words: Uint32Array, pos: number): number {
  const i = pos >>> 5;
  const off = pos & 31;
  return off ? (words[i] >>> off) | (words[i + 1] << (32 - off)) : words[i];
}

/**
 * One plane x (its bits as a mask over `size` <= 16 coefficients, n of them already significant),
 * a bit at a time within `bits`, as libzfp's encoder; returns (new n << 16) | bits left.
 */
export function encodePlaneCounted(w: BitWriter, x: number, n: number, size: number, bits: number): number {
  const m = Math.min(n, bits);
  bits -= m;
  if (m > 0) w.write(x & ((1 << m) - 1), m);
  x >>>= m;
  for (; bits > 0 && n < size; x >>>= 1, n++) {
    bits--;
    const any = x !== 0 ? 1 : 0;
    w.write(any, 1);
    if (!any) break;
    for (; bits > 0 && n < size - 1; x >>>= 1, n++) {
      bits--;
      const b = x & 1;
      w.write(b, 1);
      if (b) break;
    }
  }
  return (n << 16) | bits;
}

// Second and third results of decodePlaneCounted (module state: no allocation per plane).
export let planeN = 0;
export let planeBits = 0;

/** Mirror of encodePlaneCounted (libzfp's decoder): returns the plane; n and bits left in planeN, planeBits. */
export function decodePlaneCounted(r: BitReader, n: number, size: number, bits: number): number {
  const m = Math.min(n, bits);
  bits -= m;
  let x = m > 0 ? r.read(m) : 0;
  while (n < size && bits > 0) {
    bits--;
    if (!r.readBit()) break;
    while (n < size - 1 && bits > 0) {
      bits--;
      if (r.readBit()) break;
      n++;
    }
    x |= 1 << n;
    n++;
  }
  planeN = n;
  planeBits = bits;
  return x;
}

/** Bits of a byte in reverse order. */
export const REV8 = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let r = 0;
  for (let t = 0; t < 8; t++) r |= ((b >>> t) & 1) << (7 - t);
  REV8[b] = r;
}
