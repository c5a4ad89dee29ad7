// Decimal numbers read straight from bytes, correctly rounded. The fast path is Clinger's exact
// case (at most 15 significant digits and a power of ten up to 1e22: one IEEE operation on two
// exact operands); anything else goes through Number(), so every value is the nearest float64.

const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p; // every 10^i up to 1e22 is exact

const MAX_FAST_DIGITS = 15;

/**
 * The number written in bytes [start, end) as a plain decimal (sign, digits, optional '.',
 * optional exponent), or NaN when the text is anything else (the caller decides what it is).
 */
export function parseDecimal(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (i < end && (b[i] === 45 || b[i] === 43)) neg = b[i++] === 45;
  let mant = 0;
  let sig = 0;
  let digits = 0;
  let frac = 0;
  for (; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    digits++;
    if (mant !== 0 || d !== 0) {
      mant = mant * 10 + d;
      sig++;
    }
  }
  if (i < end && b[i] === 46) {
    for (i++; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      digits++;
      frac++;
      if (mant !== 0 || d !== 0) {
        mant = mant * 10 + d;
        sig++;
      }
    }
  }
  if (digits === 0) return NaN;
  let exp = 0;
  if (i < end && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < end && (b[i] === 45 || b[i] === 43)) eneg = b[i++] === 45;
    const e0 = i;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d; // beyond this the result is 0 or Infinity anyway
    }
    if (i === e0) return NaN;
    if (eneg) exp = -exp;
  }
  if (i !== end) return NaN;
  if (mant === 0) return neg ? -0 : 0;
  const e10 = exp - frac;
  let v: number;
  if (sig > MAX_FAST_DIGITS || e10 > 22 || e10 < -22) v = slowParse(b, start, end);
  else v = e10 >= 0 ? mant * POW10[e10] : mant / POW10[-e10];
  return neg ? -v : v;
}

/** Number() on the same text, which it reads the same way (already checked to be a plain decimal). */
function slowParse(b: Uint8Array, start: number, end: number): number {
  if (Buffer.isBuffer(b)) return Math.abs(Number(b.toString('latin1', start, end)));
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return Math.abs(Number(s));
}
