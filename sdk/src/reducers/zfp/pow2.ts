// Exact powers of two for zfp's block-floating-point casts, with the scale split in two
// factors where 2^e alone would overflow or underflow a double (scale = S1 * S2).

const TABLE_MIN = -1074;
const TABLE = new Float64Array(1023 - TABLE_MIN + 1);
for (let e = TABLE_MIN; e <= 1023; e++) TABLE[e - TABLE_MIN] = 2 ** e;

/** 2^e for -1074 <= e <= 1023. */
export function pow2(e: number): number {
  return TABLE[e - TABLE_MIN];
}

/**
 * Writes into out[0], out[1] two factors with x * out[0] * out[1] rounding once to x 2^e for the
 * values zfp scales (|x 2^e| < 2^64, |x| >= 2^-1074): out[0] carries all of 2^e that a double
 * holds without overflow or underflow, out[1] the rest (1 in the common case).
 */
export function splitScale(e: number, out: Float64Array): void {
  if (e > 1023) {
    out[0] = pow2(1023);
    out[1] = pow2(e - 1023);
  } else if (e < -1022) {
    out[0] = pow2(e + 64);
    out[1] = pow2(-64);
  } else {
    out[0] = pow2(e);
    out[1] = 1;
  }
}
