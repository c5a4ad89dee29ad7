// IEEE 754 half precision (binary16) conversion, done directly from float64 so that there
// is one rounding, not two (float64 -> float32 -> float16 can round a tie the wrong way).
// Round to nearest, ties to even. |x| >= 65520 (65504 + half an ulp) becomes +-Infinity;
// values under 2^-14 go to the subnormals (steps of 2^-24), and |x| <= 2^-25 to a signed
// zero; NaN becomes the quiet NaN 0x7e00 (sign and payload are not kept).
// Works on the double's two 32-bit words with integer operations only (fast, exact).

/** The binary16 pattern nearest to the double whose high and low words are given. */
export function halfFromWords(hi: number, lo: number): number {
  const sign = (hi >>> 16) & 0x8000;
  const e = (hi >>> 20) & 0x7ff;
  const m = hi & 0xfffff;
  if (e === 0x7ff) return m !== 0 || lo !== 0 ? 0x7e00 : sign | 0x7c00;
  const E = e - 1023;
  if (E > 15) return sign | 0x7c00;
  if (E >= -14) {
    // Normal: the top 10 of the 52 mantissa bits; the rest decide the rounding. A carry out
    // of the mantissa moves into the exponent, and out of 0x7bff into Infinity, as it should.
    const h = ((E + 15) << 10) | (m >>> 10);
    const rem = m & 0x3ff;
    return sign | (rem > 0x200 || (rem === 0x200 && (lo !== 0 || (h & 1) === 1)) ? h + 1 : h);
  }
  if (E < -25) return sign;
  // Subnormal: (2^20 + m) * 2^(E - 20) in steps of 2^-24 is (2^20 + m) >> s, s = -E - 4 in 11..21.
  const M = 0x100000 | m;
  const s = -E - 4;
  const q = M >>> s;
  const rem = M & ((1 << s) - 1);
  const half = 1 << (s - 1);
  return sign | (rem > half || (rem === half && (lo !== 0 || (q & 1) === 1)) ? q + 1 : q);
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** The binary16 pattern nearest to x. */
export function toHalfBits(x: number): number {
  scratch[0] = x;
  return halfFromWords(scratchWords[1], scratchWords[0]);
}

/** Patterns of a float64 array, read through its words (no per-value float round trip). */
export function halvesOf(values: Float64Array, out: Uint16Array): void {
  const w = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) out[i] = halfFromWords(w[2 * i + 1], w[2 * i]);
}

let table: Float64Array | undefined;

/** The value of every binary16 pattern, built once (512 KiB). */
export function halfValues(): Float64Array {
  if (table) return table;
  const t = new Float64Array(65536);
  for (let h = 0; h < 65536; h++) {
    const e = (h >>> 10) & 31;
    const m = h & 1023;
    const v = e === 0 ? m * 2 ** -24 : e === 31 ? (m === 0 ? Infinity : NaN) : (1024 + m) * 2 ** (e - 25);
    t[h] = h & 0x8000 ? -v : v;
  }
  table = t;
  return t;
}
