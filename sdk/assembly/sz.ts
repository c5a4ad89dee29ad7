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
