// SZ's hot loops in WebAssembly (compiled by sdk/scripts/build-wasm.js; the TypeScript side is
// sdk/src/reducers/sz/wasm.ts). Every pointer is a byte offset into this module's memory,
// laid out by the caller; nothing here allocates. The arithmetic is the JavaScript coder's
// (sz/segments.ts, sz/kernel.ts), operation for operation: WebAssembly's f64 and i32
// operations round as JavaScript's do and are never fused, so both give the same bits.

/** Where the caller's allocations may start (past the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

// ---- Stream version 4's segment decoder -------------------------------------------------
// The decoder's state, i32 fields at these offsets of a state block the caller lays out.
/** rANS lanes 0 and 1. */
export const ST_X0: i32 = 0;
export const ST_X1: i32 = 4;
/** rANS bytes: next, end (absolute offsets). */
export const ST_POS: i32 = 8;
export const ST_END: i32 = 12;
/** Raw bits: read-ahead bits and their count, next byte, end. */
export const ST_ACC: i32 = 16;
export const ST_FILL: i32 = 20;
export const ST_RAW_POS: i32 = 24;
export const ST_RAW_END: i32 = 28;
/** Values decoded so far in the segment (value v is in lane v & 1). */
export const ST_AT: i32 = 32;
/** Outliers: next one to read (an index), how many there are. */
export const ST_OUT_AT: i32 = 36;
export const ST_OUT_COUNT: i32 = 40;
export const STATE_BYTES: i32 = 48;

/** Errors, as decodeColumn's and the reconstructions' results (the caller names them). */
export const ERR_RANS_END: i32 = -1;
export const ERR_RAW_END: i32 = -2;
export const ERR_NO_LENGTHS: i32 = -3;
export const ERR_TOKEN: i32 = -4;
export const ERR_OUTLIERS: i32 = -5;

const RANS_BITS: i32 = 14;
const RANS_MASK: i32 = (1 << RANS_BITS) - 1;
const RANS_LOW: i32 = 1 << 23;
/** Largest token (entropy/symbols.ts's MAX_TOKEN). */
const MAX_TOKEN: i64 = 0x7ffffffe;

// A table, as the caller lays it out: `sym` u16 per slot (2^RANS_BITS), then `freq` and `cum`,
// i32 per symbol, at the offsets the caller gives.

/** One rANS symbol of lane `lane` through the table (sym, freq, cum); -1 when the stream ends early. */
function ransGet(st: usize, sym: usize, freq: usize, cum: usize, lane: i32): i32 {
  const at = st + (<usize>lane << 2);
  let x = load<i32>(at);
  const slot = x & RANS_MASK;
  const s = <i32>load<u16>(sym + (<usize>slot << 1));
  x = load<i32>(freq + (<usize>s << 2)) * (<i32>(<u32>x >>> RANS_BITS)) + slot - load<i32>(cum + (<usize>s << 2));
  let pos = load<i32>(st, ST_POS);
  const end = load<i32>(st, ST_END);
  while (x < RANS_LOW) {
    if (pos >= end) return -1;
    x = (x << 8) | <i32>load<u8>(<usize>pos);
    pos++;
  }
  store<i32>(st, pos, ST_POS);
  store<i32>(at, x);
  return s;
}

/** n (0..16) raw bits, or -1 when the raw stream ends early. */
function rawGet(st: usize, n: i32): i32 {
  let acc = load<i32>(st, ST_ACC);
  let fill = load<i32>(st, ST_FILL);
  let pos = load<i32>(st, ST_RAW_POS);
  const end = load<i32>(st, ST_RAW_END);
  while (fill < n) {
    if (pos >= end) return -1;
    acc = ((acc << 8) | <i32>load<u8>(<usize>pos)) & 0xffffff;
    pos++;
    fill += 8;
  }
  fill -= n;
  store<i32>(st, acc, ST_ACC);
  store<i32>(st, fill, ST_FILL);
  store<i32>(st, pos, ST_RAW_POS);
  return (<i32>(<u32>acc >>> fill)) & ((1 << n) - 1);
}

/** The token of an escape in lane `lane`: its remainder's bit length, then that many raw bits (segments.ts's `escaped`). */
function escaped(st: usize, escape: i32, lo: i32, lane: i32, lsym: usize, lfreq: usize, lcum: usize): i32 {
  if (lsym === 0) return ERR_NO_LENGTHS;
  const k = ransGet(st, lsym, lfreq, lcum, lane);
  if (k < 0) return ERR_RANS_END;
  let v: i64 = 1;
  if (k > 16) {
    const a = rawGet(st, k - 16);
    if (a < 0) return ERR_RAW_END;
    const b = rawGet(st, 16);
    if (b < 0) return ERR_RAW_END;
    v = (<i64>((1 << (k - 16)) | a)) * 65536 + <i64>b;
  } else if (k > 0) {
    const a = rawGet(st, k);
    if (a < 0) return ERR_RAW_END;
    v = <i64>((1 << k) | a);
  }
  const t = (<i64>escape << lo) + v - 1;
  if (t > MAX_TOKEN) return ERR_TOKEN;
  return <i32>t;
}

/**
 * n tokens of one column without signs (segments.ts's plainColumn): the group's table (sym,
 * freq, cum), its escape symbol and raw low bits `lo`, the lengths' table (lsym 0: none).
 * Returns 0, or an ERR_ code. The two lanes' states are kept in locals and swap after each
 * value (xa the lane of the value at hand), so their chains of lookups overlap.
 */
export function decodeColumn(st: usize, sym: usize, freq: usize, cum: usize, escape: i32, lo: i32, lsym: usize, lfreq: usize, lcum: usize, tokens: usize, n: i32): i32 {
  const at = load<i32>(st, ST_AT);
  const odd = at & 1;
  let xa = odd ? load<i32>(st, ST_X1) : load<i32>(st, ST_X0);
  let xb = odd ? load<i32>(st, ST_X0) : load<i32>(st, ST_X1);
  let pos = load<i32>(st, ST_POS);
  const end = load<i32>(st, ST_END);
  let acc = load<i32>(st, ST_ACC);
  let fill = load<i32>(st, ST_FILL);
  let rawPos = load<i32>(st, ST_RAW_POS);
  const rawEnd = load<i32>(st, ST_RAW_END);
  const loMask = (1 << lo) - 1;
  for (let i = 0; i < n; i++) {
    const slot = xa & RANS_MASK;
    const s = <i32>load<u16>(sym + (<usize>slot << 1));
    let x = load<i32>(freq + (<usize>s << 2)) * (<i32>(<u32>xa >>> RANS_BITS)) + slot - load<i32>(cum + (<usize>s << 2));
    // Renormalization without branches, as plainColumn's: the two bytes at pos are read
    // either way (the caller leaves room past the stream), and pos moves over those taken.
    let e = <i32>(<u32>(x - RANS_LOW) >>> 31);
    x = (x << (e << 3)) | (<i32>load<u8>(<usize>pos) & -e);
    pos += e;
    e = <i32>(<u32>(x - RANS_LOW) >>> 31);
    x = (x << (e << 3)) | (<i32>load<u8>(<usize>pos) & -e);
    pos += e;
    if (pos > end) return ERR_RANS_END;
    xa = xb;
    xb = x;
    let t: i32;
    if (s < escape) {
      if (lo === 0) t = s;
      else {
        while (fill < lo) {
          if (rawPos >= rawEnd) return ERR_RAW_END;
          acc = ((acc << 8) | <i32>load<u8>(<usize>rawPos)) & 0xffffff;
          rawPos++;
          fill += 8;
        }
        fill -= lo;
        t = (s << lo) + ((<i32>(<u32>acc >>> fill)) & loMask);
      }
    } else {
      // The escape's length is the next symbol of this value's lane, now in xb.
      const lane = (at + i) & 1;
      store<i32>(st, lane === 0 ? xb : xa, ST_X0);
      store<i32>(st, lane === 0 ? xa : xb, ST_X1);
      store<i32>(st, pos, ST_POS);
      store<i32>(st, acc, ST_ACC);
      store<i32>(st, fill, ST_FILL);
      store<i32>(st, rawPos, ST_RAW_POS);
      t = escaped(st, escape, lo, lane, lsym, lfreq, lcum);
      if (t < 0) return t;
      xb = lane === 0 ? load<i32>(st, ST_X0) : load<i32>(st, ST_X1);
      xa = lane === 0 ? load<i32>(st, ST_X1) : load<i32>(st, ST_X0);
      pos = load<i32>(st, ST_POS);
      acc = load<i32>(st, ST_ACC);
      fill = load<i32>(st, ST_FILL);
      rawPos = load<i32>(st, ST_RAW_POS);
    }
    store<i32>(tokens + (<usize>i << 2), t);
  }
  // After n values, xa is the lane of value at + n.
  const evenNext = ((at + n) & 1) === 0;
  store<i32>(st, evenNext ? xa : xb, ST_X0);
  store<i32>(st, evenNext ? xb : xa, ST_X1);
  store<i32>(st, pos, ST_POS);
  store<i32>(st, acc, ST_ACC);
  store<i32>(st, fill, ST_FILL);
  store<i32>(st, rawPos, ST_RAW_POS);
  store<i32>(st, at + n, ST_AT);
  return 0;
}

// ---- Reconstruction (kernel.ts's reconstructColumn, working domain = the values) -----------
/** Predictor kinds (spec.ts). */
const PRED_NONE: i32 = 1;
const PRED_ROWS: i32 = 2;
const PRED_LORENZO2: i32 = 3;
const PRED_LINEAR: i32 = 4;

/**
 * Rebuilds n values of a column from its tokens: `out` the restored values (f32 when outF32,
 * else f64), `work` the working values later predictions read (rounded to float32 when f32).
 * `coef` holds predictors.ts's six numbers [origin, intercept, c0, c1, c2, up of row 0];
 * r0..r2 the regressor columns (PRED_LINEAR; absent ones may be any column: their
 * coefficient is 0), `left` the left column (PRED_LORENZO2). Outliers (token 0) are read in
 * order from the f64 array `outliers` at the state's cursor. Returns 0, or ERR_OUTLIERS.
 */
export function reconstruct(kind: i32, signed: i32, coef: usize, twoEb: f64, f32: i32, tokens: usize, n: i32, r0: usize, r1: usize, r2: usize, left: usize, outliers: usize, st: usize, out: usize, outF32: i32, work: usize): i32 {
  // One loop per predictor, the kind a constant in each (inlined), as quantize's.
  if (kind === PRED_NONE) return reconstructLoop(PRED_NONE, signed, coef, twoEb, f32, tokens, n, r0, r1, r2, left, outliers, st, out, outF32, work);
  if (kind === PRED_ROWS) return reconstructLoop(PRED_ROWS, signed, coef, twoEb, f32, tokens, n, r0, r1, r2, left, outliers, st, out, outF32, work);
  if (kind === PRED_LINEAR) return reconstructLoop(PRED_LINEAR, signed, coef, twoEb, f32, tokens, n, r0, r1, r2, left, outliers, st, out, outF32, work);
  return reconstructLoop(PRED_LORENZO2, signed, coef, twoEb, f32, tokens, n, r0, r1, r2, left, outliers, st, out, outF32, work);
}

// @ts-ignore: decorator
@inline
function reconstructLoop(kind: i32, signed: i32, coef: usize, twoEb: f64, f32: i32, tokens: usize, n: i32, r0: usize, r1: usize, r2: usize, left: usize, outliers: usize, st: usize, out: usize, outF32: i32, work: usize): i32 {
  const origin = load<f64>(coef);
  const c1 = load<f64>(coef, 8);
  const c2 = load<f64>(coef, 16);
  const c3 = load<f64>(coef, 24);
  const c4 = load<f64>(coef, 32);
  let up = load<f64>(coef, 40);
  let oat = load<i32>(st, ST_OUT_AT);
  const ocount = load<i32>(st, ST_OUT_COUNT);
  let leftUp: f64 = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    let pred: f64;
    if (kind === PRED_NONE) pred = origin;
    else if (kind === PRED_ROWS) pred = up;
    else if (kind === PRED_LINEAR) pred = c1 + c2 * load<f64>(r0 + o) + c3 * load<f64>(r1 + o) + c4 * load<f64>(r2 + o);
    else {
      // 2-D Lorenzo: left + up - up-left (predict()'s order of operations).
      const l = load<f64>(left + o);
      pred = l + up - leftUp;
      leftUp = l;
    }
    const t = load<i32>(tokens + (<usize>i << 2));
    let w: f64;
    let v: f64;
    if (t === 0) {
      if (oat >= ocount) return ERR_OUTLIERS;
      v = load<f64>(outliers + (<usize>oat << 3));
      oat++;
      w = v - v === 0 ? v : origin;
    } else {
      const s = t - 1;
      const q: f64 = signed ? <f64>((<i32>(<u32>s >>> 1)) ^ -(s & 1)) : <f64>(<u32>s);
      v = pred + q * twoEb;
      w = f32 ? <f64>(<f32>v) : v;
    }
    if (outF32) store<f32>(out + (<usize>i << 2), <f32>v);
    else store<f64>(out + o, v);
    store<f64>(work + o, w);
    up = w;
  }
  store<i32>(st, oat, ST_OUT_AT);
  return 0;
}

// ---- The bounds' ranges (modes.ts: layout.ts's finiteRange of float32 columns) -------------
/**
 * The least and the greatest finite value of the n float32 values at x, as f64s at `out`
 * (Infinity and -Infinity when none is finite), each the first of its ties in row order as
 * finiteRange's loop keeps it: equal values other than -0 and +0 are the same bits, so only a
 * zero extreme is looked up again. f32x4.pmin and pmax keep the running extreme for NaN, as
 * the loop's comparisons do; an infinity takes the exact loop.
 */
export function rangeF32(x: usize, n: i32, out: usize): void {
  let vlo = f32x4.splat(Infinity);
  let vhi = f32x4.splat(-Infinity);
  const end4 = n & ~3;
  for (let i = 0; i < end4; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    vlo = f32x4.pmin(vlo, v);
    vhi = f32x4.pmax(vhi, v);
  }
  // The lanes through `out` (16 bytes), then the values past the last four.
  let lo: f32 = Infinity;
  let hi: f32 = -Infinity;
  v128.store(out, vlo);
  for (let l = 0; l < 4; l++) lo = min(lo, load<f32>(out + (<usize>l << 2)));
  v128.store(out, vhi);
  for (let l = 0; l < 4; l++) hi = max(hi, load<f32>(out + (<usize>l << 2)));
  for (let i = end4; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo - lo != 0 || hi - hi != 0) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      if (v - v == 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  } else if (lo == 0 || hi == 0) {
    let first: f32 = 0;
    for (let i = 0; i < n; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      if (v == 0) {
        first = v;
        break;
      }
    }
    if (lo == 0) lo = first;
    if (hi == 0) hi = first;
  }
  store<f64>(out, <f64>lo);
  store<f64>(out, <f64>hi, 8);
}

// ---- The encoder's working values (working.ts's loop for float32 columns) ------------------
/**
 * Widens the n float32 values at x into the f64 working values at `work` (NaN where a value is
 * not finite) and writes at `least` (16 bytes, which the lanes pass through) the least finite
 * value as an f64 (Infinity when none), the first of its ties in row order as working.ts's loop
 * keeps it: equal values other than -0 and +0 are the same bits, so only a zero is looked up
 * again. Four values at a time: non-finite ones become NaN first, which f32x4.pmin passes over
 * as the loop's comparison does. Returns how many values are finite.
 */
export function widen(x: usize, work: usize, n: i32, least: usize): i32 {
  const end4 = n & ~3;
  const zero = f32x4.splat(0);
  const nan = f32x4.splat(NaN);
  let vlo = f32x4.splat(Infinity);
  let vfinite = i32x4.splat(0);
  for (let i = 0; i < end4; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const ok = f32x4.eq(f32x4.sub(v, v), zero);
    const w = v128.bitselect(v, nan, ok);
    const at = work + (<usize>i << 3);
    v128.store(at, f64x2.promote_low_f32x4(w));
    v128.store(at, f64x2.promote_low_f32x4(f32x4.shuffle(w, w, 2, 3, 2, 3)), 16);
    vlo = f32x4.pmin(vlo, w);
    // A true lane is -1.
    vfinite = i32x4.sub(vfinite, ok);
  }
  v128.store(least, vlo);
  let lo: f32 = Infinity;
  for (let l = 0; l < 4; l++) lo = min(lo, load<f32>(least + (<usize>l << 2)));
  v128.store(least, vfinite);
  let finite = 0;
  for (let l = 0; l < 4; l++) finite += load<i32>(least + (<usize>l << 2));
  for (let i = end4; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    const ok = v - v == 0;
    store<f64>(work + (<usize>i << 3), ok ? <f64>v : NaN);
    if (ok) {
      finite++;
      if (v < lo) lo = v;
    }
  }
  if (lo == 0) {
    for (let i = 0; i < n; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      if (v == 0) {
        lo = v;
        break;
      }
    }
  }
  store<f64>(least, <f64>lo);
  return finite;
}

// ---- Quantization (kernel.ts's quantizeColumn, working domain = the values) ---------------
/** Largest quantization code (kernel.ts's QMAX). */
const QMAX: f64 = <f64>(1 << 29);

/** Math.round for the quantizer (kernel.ts's roundHalfUp, the same operations). */
// @ts-ignore: decorator
@inline
function roundHalfUp(y: f64): f64 {
  const k = Math.floor(y + 0.5);
  return k - 0.5 > y ? k - 1 : k;
}

/**
 * Quantizes rows [from, n) of a column (kernel.ts's quantizeOne, first bin only): a value whose
 * first bin holds the bound gets its token in `tokens` and its restored working value in
 * `work`, its squared scaled error added to the f64 at `sse`. Returns the first row it did not
 * settle (an outlier, a non-finite value, a second bin to try), which the caller settles through
 * kernel.ts's quantizeOne and hands back from the next row; n when done. `x` holds the values
 * (f32 when xF32), `coef` predictors.ts's six numbers, r0..r2 and `left` as for reconstruct
 * (reading `work`, zeroed, where absent).
 */
export function quantize(kind: i32, coef: usize, twoEb: f64, inv: f64, ebCheck: f64, errScale: f64, f32: i32, x: usize, xF32: i32, n: i32, from: i32, r0: usize, r1: usize, r2: usize, left: usize, tokens: usize, work: usize, sse: usize): i32 {
  // One loop per predictor and input type, the kind a constant in each (inlined): a branch on
  // the kind per value cost a third of the loop.
  if (xF32) {
    if (kind === PRED_NONE) return quantizeLoop(PRED_NONE, true, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
    if (kind === PRED_ROWS) return quantizeLoop(PRED_ROWS, true, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
    if (kind === PRED_LINEAR) return quantizeLoop(PRED_LINEAR, true, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
    return quantizeLoop(PRED_LORENZO2, true, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
  }
  if (kind === PRED_NONE) return quantizeLoop(PRED_NONE, false, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
  if (kind === PRED_ROWS) return quantizeLoop(PRED_ROWS, false, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
  if (kind === PRED_LINEAR) return quantizeLoop(PRED_LINEAR, false, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
  return quantizeLoop(PRED_LORENZO2, false, coef, twoEb, inv, ebCheck, errScale, f32, x, n, from, r0, r1, r2, left, tokens, work, sse);
}

// @ts-ignore: decorator
@inline
function quantizeLoop(kind: i32, xF32: bool, coef: usize, twoEb: f64, inv: f64, ebCheck: f64, errScale: f64, f32: i32, x: usize, n: i32, from: i32, r0: usize, r1: usize, r2: usize, left: usize, tokens: usize, work: usize, sse: usize): i32 {
  const origin = load<f64>(coef);
  const c1 = load<f64>(coef, 8);
  const c2 = load<f64>(coef, 16);
  const c3 = load<f64>(coef, 24);
  const c4 = load<f64>(coef, 32);
  const signed = kind !== PRED_NONE;
  let sum = load<f64>(sse);
  // No prediction and the linear model read no working value of the column: two rows at a
  // time in f64x2 lanes, each lane the scalar steps below (the same IEEE operations, none
  // fused), kept when both rows settle in their first bin; a pair that does not goes row by row.
  const pairs = kind === PRED_NONE || kind === PRED_LINEAR;
  const vOrigin = f64x2.splat(origin);
  const vc1 = f64x2.splat(c1);
  const vc2 = f64x2.splat(c2);
  const vc3 = f64x2.splat(c3);
  const vc4 = f64x2.splat(c4);
  const vInv = f64x2.splat(inv);
  const vHalf = f64x2.splat(0.5);
  const vOne = f64x2.splat(1);
  const vTwoEb = f64x2.splat(twoEb);
  const vEbCheck = f64x2.splat(ebCheck);
  const vErrScale = f64x2.splat(errScale);
  const vQmax = f64x2.splat(QMAX);
  const vLeast = f64x2.splat(signed ? -QMAX : 0);
  const tokenOne = i32x4.splat(1);
  for (let i = from; i < n; i++) {
    if (pairs && i + 1 < n) {
      const o = <usize>i << 3;
      const v = xF32 ? f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2))) : v128.load(x + o);
      const pred =
        kind === PRED_NONE ? vOrigin : f64x2.add(f64x2.add(f64x2.add(vc1, f64x2.mul(vc2, v128.load(r0 + o))), f64x2.mul(vc3, v128.load(r1 + o))), f64x2.mul(vc4, v128.load(r2 + o)));
      // roundHalfUp: floor(y + 0.5), less one where k - 0.5 > y.
      const y = f64x2.mul(f64x2.sub(v, pred), vInv);
      const k0 = f64x2.floor(f64x2.add(y, vHalf));
      const k = f64x2.sub(k0, v128.and(f64x2.gt(f64x2.sub(k0, vHalf), y), vOne));
      const recon = f64x2.add(pred, f64x2.mul(k, vTwoEb));
      const fin = f32 ? f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(recon)) : recon;
      const err = f64x2.abs(f64x2.sub(v, fin));
      const ok = v128.and(v128.and(f64x2.le(k, vQmax), f64x2.ge(k, vLeast)), f64x2.le(err, vEbCheck));
      if (i64x2.all_true(ok)) {
        const t = i32x4.trunc_sat_f64x2_s_zero(k);
        v128.store64_lane(tokens + (<usize>i << 2), i32x4.add(signed ? v128.xor(i32x4.shl(t, 1), i32x4.shr_s(t, 31)) : t, tokenOne), 0);
        v128.store(work + o, fin);
        const e = f64x2.mul(err, vErrScale);
        const sq = f64x2.mul(e, e);
        sum += f64x2.extract_lane(sq, 0);
        sum += f64x2.extract_lane(sq, 1);
        i++;
        continue;
      }
    }
    const o = <usize>i << 3;
    const v: f64 = xF32 ? <f64>load<f32>(x + (<usize>i << 2)) : load<f64>(x + o);
    let pred: f64;
    if (kind === PRED_NONE) pred = origin;
    else if (kind === PRED_ROWS) pred = i > 0 ? load<f64>(work + o - 8) : load<f64>(coef, 40);
    else if (kind === PRED_LINEAR) pred = c1 + c2 * load<f64>(r0 + o) + c3 * load<f64>(r1 + o) + c4 * load<f64>(r2 + o);
    else {
      const up = i > 0 ? load<f64>(work + o - 8) : load<f64>(coef, 40);
      pred = load<f64>(left + o) + up - (i > 0 ? load<f64>(left + o - 8) : 0);
    }
    const k = roundHalfUp((v - pred) * inv);
    if (k <= QMAX && (signed ? k >= -QMAX : k >= 0)) {
      const recon = pred + k * twoEb;
      const fin: f64 = f32 ? <f64>(<f32>recon) : recon;
      const err = Math.abs(v - fin);
      if (err <= ebCheck) {
        const ki = <i32>k;
        store<i32>(tokens + (<usize>i << 2), (signed ? (ki << 1) ^ (ki >> 31) : ki) + 1);
        store<f64>(work + o, fin);
        // kernel.ts adds only errors above 0: a zero error's square is +0, and adding +0 to a
        // sum of squares (never -0) leaves it as it is, so adding it costs no branch.
        const e = err * errScale;
        sum += e * e;
        continue;
      }
    }
    store<f64>(sse, sum);
    return i;
  }
  store<f64>(sse, sum);
  return n;
}

// ---- Stream version 4's segment encoder (segments.ts's countColumn and putColumn) -----------
// The encoder's state, i32 fields at these offsets of a block the caller lays out.
/** Raw bits: next byte (absolute), pending bits and their count. */
export const EN_RAW_POS: i32 = 0;
export const EN_ACC: i32 = 4;
export const EN_FILL: i32 = 8;
/** rANS: the first written byte (absolute; the stream grows down), lanes 0 and 1. */
export const EN_POS: i32 = 12;
export const EN_X0: i32 = 16;
export const EN_X1: i32 = 20;
export const EN_STATE_BYTES: i32 = 32;

/** x may take a symbol of frequency f without overflowing while x < f * 2^(31 - RANS_BITS). */
const XMAX_UNIT: i32 = 1 << (31 - RANS_BITS);

/** Raw bits: the n (0..16) low bits of `value` after the pending ones (BitWriter.put). */
function rawPut(st: usize, value: i32, n: i32): void {
  let acc = (load<i32>(st, EN_ACC) << n) | (value & ((1 << n) - 1));
  let fill = load<i32>(st, EN_FILL) + n;
  let pos = load<i32>(st, EN_RAW_POS);
  while (fill >= 8) {
    fill -= 8;
    store<u8>(<usize>pos, <u8>(<u32>acc >>> fill));
    pos++;
  }
  store<i32>(st, acc & ((1 << fill) - 1), EN_ACC);
  store<i32>(st, fill, EN_FILL);
  store<i32>(st, pos, EN_RAW_POS);
}

/**
 * Counts a column's symbols into `counts` (i32 per symbol of its group) and `lengths` (i32 per
 * escape length), and writes its raw bits: the low `lo` bits of tokens under the escape, an
 * escape's remainder after its length.
 */
export function countColumn(st: usize, tokens: usize, n: i32, lo: i32, escape: i32, counts: usize, lengths: usize): void {
  const loMask = (1 << lo) - 1;
  let pos = load<i32>(st, EN_RAW_POS);
  let acc = load<i32>(st, EN_ACC);
  let fill = load<i32>(st, EN_FILL);
  for (let i = 0; i < n; i++) {
    const t = load<i32>(tokens + (<usize>i << 2));
    const hi = <i32>(<u32>t >>> lo);
    if (hi < escape) {
      const c = counts + (<usize>hi << 2);
      store<i32>(c, load<i32>(c) + 1);
      if (lo > 0) {
        acc = (acc << lo) | (t & loMask);
        fill += lo;
        while (fill >= 8) {
          fill -= 8;
          store<u8>(<usize>pos, <u8>(<u32>acc >>> fill));
          pos++;
        }
        acc &= (1 << fill) - 1;
      }
    } else {
      const c = counts + (<usize>escape << 2);
      store<i32>(c, load<i32>(c) + 1);
      const v = t - (escape << lo) + 1;
      const k = 31 - clz(v);
      const l = lengths + (<usize>k << 2);
      store<i32>(l, load<i32>(l) + 1);
      store<i32>(st, pos, EN_RAW_POS);
      store<i32>(st, acc, EN_ACC);
      store<i32>(st, fill, EN_FILL);
      if (k > 16) {
        rawPut(st, (v >>> 16) & ((1 << (k - 16)) - 1), k - 16);
        rawPut(st, v & 0xffff, 16);
      } else if (k > 0) rawPut(st, v & ((1 << k) - 1), k);
      pos = load<i32>(st, EN_RAW_POS);
      acc = load<i32>(st, EN_ACC);
      fill = load<i32>(st, EN_FILL);
    }
  }
  store<i32>(st, pos, EN_RAW_POS);
  store<i32>(st, acc, EN_ACC);
  store<i32>(st, fill, EN_FILL);
}

/** The rANS encoder's `pos` while a column is put (a module global: putSymbol moves it). */
let putPos: i32 = 0;

/**
 * Puts a symbol into state x (RansEncoder.put), its record at `sym`: four i32, its frequency
 * f, the reciprocal r, the bias, and the complement M - f | the shift << 16 (SzEncodeKernel.table).
 * x first leaves the bytes that keep it under f * XMAX_UNIT (at most two, stored below putPos
 * without branches: whether a byte goes out is a coin toss per symbol). Then x / f without a
 * division: q = (x * r) >> (32 + shift) is exactly floor(x / f) for every x < 2^31 (the
 * reciprocal rounded up, as in ryg_rans), and x + bias + q (M - f) is (q << RANS_BITS) +
 * (x - q f) + start, RansEncoder.put's state (for f = 1, q = x - 1 and the bias makes up for it).
 */
// @ts-ignore: decorator
@inline
function putSymbol(x: i32, sym: usize): i32 {
  const f = load<i32>(sym);
  const lim = f * XMAX_UNIT - 1;
  const out = ((lim - x) >> 31) + ((lim - (x >> 8)) >> 31);
  const pos = putPos;
  store<u8>(<usize>(pos - 1), <u8>x);
  store<u8>(<usize>(pos - 2), <u8>(x >> 8));
  putPos = pos + out;
  x = x >> (-out << 3);
  const packed = load<i32>(sym, 12);
  const q = <i32>((<u64>x * <u64>load<u32>(sym, 4)) >>> (32 + <u64>(packed >>> 16)));
  return x + load<i32>(sym, 8) + q * (packed & 0xffff);
}

/**
 * A column's symbols, backwards (rANS is last in, first out); its first value is the
 * segment's value number `first`, whose parity is its lane. `table`: the group's symbol
 * records (putSymbol's), `lengths` the escape lengths' (used only where there are escapes).
 */
export function putColumn(st: usize, first: i32, tokens: usize, n: i32, lo: i32, escape: i32, table: usize, lengths: usize): void {
  putPos = load<i32>(st, EN_POS);
  // xa: the lane of the value at hand; xb: the other one's. They swap after each value.
  const lastOdd = (first + n - 1) & 1;
  let xa = lastOdd ? load<i32>(st, EN_X1) : load<i32>(st, EN_X0);
  let xb = lastOdd ? load<i32>(st, EN_X0) : load<i32>(st, EN_X1);
  for (let i = n - 1; i >= 0; i--) {
    const t = load<i32>(tokens + (<usize>i << 2));
    let hi = <i32>(<u32>t >>> lo);
    let x = xa;
    if (hi >= escape) {
      hi = escape;
      const k = 31 - clz(t - (escape << lo) + 1);
      x = putSymbol(x, lengths + (<usize>k << 4));
    }
    x = putSymbol(x, table + (<usize>hi << 4));
    xa = xb;
    xb = x;
  }
  // After value 0, xb is the lane of value `first`, xa the other.
  const odd = first & 1;
  store<i32>(st, odd ? xa : xb, EN_X0);
  store<i32>(st, odd ? xb : xa, EN_X1);
  store<i32>(st, putPos, EN_POS);
}

// ---- The wide planner's size estimate (planner.ts's costShared and sharedCodeBits) -----------
// The estimator's areas, laid out by the caller once per encode (estimatorInit): the codes of
// the sample, a histogram of 2^16 + 1 bins (kept zero between estimates), the list of bins
// used, the table c log2 c, the last merge level per kind of estimate, and the sample's rows.
let eCodes: usize = 0;
let eHist: usize = 0;
let eBins: usize = 0;
let eClog: usize = 0;
let eShift: usize = 0;
let eRows: usize = 0;
let eRowCount: i32 = 0;
let eBinsUsed: i32 = 0;
let eLo: i32 = 0;
let eHi: i32 = 0;
let eOutliers: i32 = 0;
/** planner.ts's SAMPLE_FILL: codes are merged until the sample holds this many per bin. */
const SAMPLE_FILL: i32 = 4;

export function estimatorInit(codes: usize, hist: usize, bins: usize, clog: usize, shift: usize, rows: usize, nrows: i32): void {
  eCodes = codes;
  eHist = hist;
  eBins = bins;
  eClog = clog;
  eShift = shift;
  eRows = rows;
  eRowCount = nrows;
  eBinsUsed = 0;
  memory.fill(hist, 0, (65536 + 1) << 2);
}

/** Outliers of the last estimate (codes beyond QMAX). */
export function estimateOutliers(): i32 {
  return eOutliers;
}

/**
 * costShared's sample loop for no prediction (kind PRED_NONE) or the linear model: the codes of
 * the sample rows (NaN working values skipped, a NaN prediction taken as the origin), their
 * range, then sharedCodeBits. `w` the column's working values, `coef` predictors.ts's numbers.
 */
export function estimate(kind: i32, w: usize, inv: f64, origin: f64, coef: usize, r0: usize, r1: usize, r2: usize, hint: i32): f64 {
  const c1 = load<f64>(coef, 8);
  const c2 = load<f64>(coef, 16);
  const c3 = load<f64>(coef, 24);
  const c4 = load<f64>(coef, 32);
  let m = 0;
  let outliers = 0;
  let lo: i32 = <i32>QMAX + 1;
  let hi: i32 = -<i32>QMAX - 1;
  const linear = kind === PRED_LINEAR;
  for (let r = 0; r < eRowCount; r++) {
    const o = <usize>load<i32>(eRows + (<usize>r << 2)) << 3;
    const v = load<f64>(w + o);
    if (v !== v) continue;
    let pred = origin;
    if (linear) {
      // predict()'s formula for PRED_LINEAR, term for term.
      pred = c1 + c2 * load<f64>(r0 + o) + c3 * load<f64>(r1 + o) + c4 * load<f64>(r2 + o);
      if (pred !== pred) pred = origin;
    }
    const q = roundHalfUp((v - pred) * inv);
    if (Math.abs(q) <= QMAX) {
      const qi = <i32>q;
      store<i32>(eCodes + (<usize>m << 2), qi);
      m++;
      if (qi < lo) lo = qi;
      if (qi > hi) hi = qi;
    } else outliers++;
  }
  eOutliers = outliers;
  eLo = lo;
  eHi = hi;
  return sharedBits(m, hint, 1);
}

/**
 * sharedCodeBits: coded bits of codes[0..m) when columns share statistics. The codes are
 * merged 2^s at a time until the sample fills its bins, each merge adding back s bits per
 * code; the level is searched from the last one of this kind (`hint`). `scanned`: the
 * codes' range was found as they were made.
 */
export function sharedBits(m: i32, hint: i32, scanned: i32): f64 {
  if (m === 0) return 0;
  if (!scanned) {
    let lo = load<i32>(eCodes);
    let hi = lo;
    for (let k = 1; k < m; k++) {
      const c = load<i32>(eCodes + (<usize>k << 2));
      if (c < lo) lo = c;
      else if (c > hi) hi = c;
    }
    eLo = lo;
    eHi = hi;
  }
  const lo = eLo;
  const hi = eHi;
  let s0 = 0;
  while ((hi >> s0) - (lo >> s0) >= 1 << 16) s0++;
  const at = eShift + (<usize>hint << 2);
  let s = max(s0, load<i32>(at) - 1);
  let distinct = binCodes(m, lo, hi, s);
  if (distinct * SAMPLE_FILL <= m) {
    while (s > s0 && binCodes(m, lo, hi, s - 1) * SAMPLE_FILL <= m) s--;
    distinct = binCodes(m, lo, hi, s);
  } else {
    while (distinct * SAMPLE_FILL > m) distinct = binCodes(m, lo, hi, ++s);
  }
  store<i32>(at, s);
  // m log2 m - sum of c log2 c over the bins, from the table of c log2 c.
  let sum: f64 = 0;
  for (let b = 0; b < distinct; b++) {
    const bin = load<i32>(eBins + (<usize>b << 2));
    sum += load<f64>(eClog + (<usize>load<i32>(eHist + (<usize>bin << 2)) << 3));
  }
  clearBins();
  return load<f64>(eClog + (<usize>m << 3)) - sum + <f64>s * <f64>m;
}

/**
 * Counts codes[0..m) in bins of 2^s codes (planner.ts's binCodes): hist[bin] for the bins
 * listed in bins[0..distinct), in order of first appearance, without a branch per code.
 */
function binCodes(m: i32, lo: i32, hi: i32, s: i32): i32 {
  clearBins();
  const base = lo >> s;
  let distinct = 0;
  for (let k = 0; k < m; k++) {
    const b = (load<i32>(eCodes + (<usize>k << 2)) >> s) - base;
    const h = eHist + (<usize>b << 2);
    const c = load<i32>(h) + 1;
    store<i32>(h, c);
    store<i32>(eBins + (<usize>distinct << 2), b);
    distinct += <i32>(<u32>(c - 2) >>> 31);
  }
  eBinsUsed = distinct;
  return distinct;
}

function clearBins(): void {
  for (let d = 0; d < eBinsUsed; d++) store<i32>(eHist + (<usize>load<i32>(eBins + (<usize>d << 2)) << 2), 0);
  eBinsUsed = 0;
}

// ---- The wide planner's dot products (planner.ts; dots.ts's dot4 is the same sum in JavaScript) ----
/**
 * The dot product of the n doubles at a and b in dot4's order: four running sums, s_k taking
 * the products k, k + 4, k + 8, ..., the leftover ones into s0, then (s0 + s1) + (s2 + s3).
 * Sums s0, s1 are the lanes of one f64x2, s2, s3 of another: a lane's multiply and add round as
 * the scalar ones do, and WebAssembly never fuses them, so the result is dot4's bit for bit.
 */
export function dot(a: usize, b: usize, n: i32): f64 {
  let v01 = f64x2.splat(0);
  let v23 = f64x2.splat(0);
  const end4 = a + (<usize>(n & ~3) << 3);
  while (a < end4) {
    v01 = f64x2.add(v01, f64x2.mul(v128.load(a), v128.load(b)));
    v23 = f64x2.add(v23, f64x2.mul(v128.load(a, 16), v128.load(b, 16)));
    a += 32;
    b += 32;
  }
  let s0 = f64x2.extract_lane(v01, 0);
  for (let r = 0; r < (n & 3); r++) s0 += load<f64>(a + (<usize>r << 3)) * load<f64>(b + (<usize>r << 3));
  return s0 + f64x2.extract_lane(v01, 1) + (f64x2.extract_lane(v23, 0) + f64x2.extract_lane(v23, 1));
}

/**
 * The candidate screen's scores (planner.ts's candidates): for each of n candidates, whose
 * centred values start at the i32 offsets in `cands` and whose sketch norms are the f64s in
 * `norms`, (y.x)^2 / x.x over the `len` sketch values from byte `from` of each, 0 where x.x is 0.
 */
export function screen(y: usize, cands: usize, norms: usize, n: i32, from: usize, len: i32, scores: usize): void {
  for (let k = 0; k < n; k++) {
    const x = <usize>load<i32>(cands + (<usize>k << 2));
    const d = dot(y + from, x + from, len);
    const xx = load<f64>(norms + (<usize>k << 3));
    store<f64>(scores + (<usize>k << 3), xx > 0 ? (d * d) / xx : 0);
  }
}
