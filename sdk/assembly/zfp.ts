// zfp's hot case in WebAssembly: 1-D float32 arrays in accuracy mode (zfp-rel and zfp-accuracy
// by column), coded a whole array per call between float32 values and the bit stream's bytes,
// both laid out by the caller (sdk/src/reducers/zfp/column32.ts). The bits are libzfp's and the
// general JavaScript path's (block32.ts, planes1.ts): test/zfp/fastpaths.test.ts compares them.
// Every pointer is a byte offset into this module's memory; nothing here allocates.

/** Where the caller's allocations may start (past the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

// The plane coder's tables. ENC4, DEC4 and SPREAD are planes1.ts's, copied in by the caller
// (one definition of zfp's group test); init() derives the others from them.

/** ENC4[n << 4 | plane]: code | length << 9 | new n << 13. */
const ENC4 = memory.data(5 * 16 * 4, 16);
/** DEC4[n << 9 | next 9 bits]: plane | length << 4 | new n << 8. */
const DEC4 = memory.data(5 * 512 * 4, 16);
/** SPREAD[b]: bit 7 - t of byte b moved to bit 4t (a byte of planes, most significant first). */
const SPREAD = memory.data(256 * 4, 16);
/**
 * Two planes at a time: ENC8[n << 8 | byte of interleaved planes t, t + 1] is code | length << 18
 * | new n << 23 of both (ENC4 twice; at most 11 bits, see DEC11). The coder's n after one plane
 * decides the next plane's code, a chain of dependent lookups: taking two planes per lookup halves it.
 */
const ENC8 = memory.data(5 * 256 * 4, 16);
/**
 * The decoder's group tests two planes at a time: two planes' codes take at most 11 bits (7 + 4
 * from n = 0, less from larger n), so DEC11[n << 11 | next 11 bits] is both planes' nibbles
 * | bits used << 8 | new n << 12 (DEC4 twice; a plane's code is a prefix code, so the second
 * lookup sees only bits of its own).
 */
const DEC11 = memory.data(5 * 2048 * 2, 16);
/**
 * The inverse of the interleave, a byte at a time: UNI[byte of interleaved planes t, t + 1] has
 * coefficient i's two bits at bits 8i + 7 (plane t) and 8i + 6, so that four bytes, shifted by
 * 0, 2, 4, 6, give each coefficient's 8 planes in its own byte.
 */
const UNI = memory.data(256 * 4, 16);

/**
 * A block's interleaved planes (bit 4t + i is plane 31 - t of coefficient i: byte t / 2 holds
 * planes t and t + 1), with room behind for the 8-byte loads and stores of the verbatim planes.
 */
const INTER = memory.data(32, 16);
/** A partial last block, padded (libzfp's pad_block), for the decoder. */
const TAIL = memory.data(16, 16);
/** The encoder's last group of 4 blocks (a partial block padded, blocks past the end zeros). */
const GROUP = memory.data(64, 16);
/** The encoder's front end for a group of 4 blocks: each block's largest magnitude's bits, and its coefficients. */
const FRONT_MAX = memory.data(16, 16);
const FRONT_U = memory.data(64, 16);

/** The caller's copy of planes1.ts's ENC4 (320 bytes), DEC4 (10,240) and SPREAD (1,024) goes here. */
export function enc4(): usize {
  return ENC4;
}
export function dec4(): usize {
  return DEC4;
}
export function spread(): usize {
  return SPREAD;
}

let tablesIn = false;

/** Whether init() has run in this instance (whose tables then stay for its life). */
export function initialized(): bool {
  return tablesIn;
}

/** Derives ENC8, DEC11 and UNI; once per instance, after ENC4, DEC4 and SPREAD are in. */
export function init(): void {
  tablesIn = true;
  for (let n0: u32 = 0; n0 <= 4; n0++) {
    for (let byte: u32 = 0; byte < 256; byte++) {
      const e1 = load<u32>(ENC4 + ((n0 << 4) | (byte & 15)) * 4);
      const len1 = (e1 >>> 9) & 0xf;
      const e2 = load<u32>(ENC4 + (((e1 >>> 13) << 4) | (byte >>> 4)) * 4);
      const len2 = (e2 >>> 9) & 0xf;
      store<u32>(ENC8 + ((n0 << 8) | byte) * 4, (e1 & 0x1ff) | ((e2 & 0x1ff) << len1) | ((len1 + len2) << 18) | ((e2 >>> 13) << 23));
    }
    for (let v: u32 = 0; v < 2048; v++) {
      const e1 = load<u32>(DEC4 + ((n0 << 9) | (v & 0x1ff)) * 4);
      const len1 = (e1 >>> 4) & 0xf;
      const e2 = load<u32>(DEC4 + (((e1 >>> 8) << 9) | ((v >>> len1) & 0x1ff)) * 4);
      const len = len1 + ((e2 >>> 4) & 0xf);
      store<u16>(DEC11 + ((n0 << 11) | v) * 2, <u16>((e1 & 0xf) | ((e2 & 0xf) << 4) | (len << 8) | ((e2 >>> 8) << 12)));
    }
  }
  for (let byte: u32 = 0; byte < 256; byte++) {
    let q: u32 = 0;
    for (let i: u32 = 0; i < 4; i++) q |= (((byte >>> i) & 1) << (8 * i + 7)) | (((byte >>> (4 + i)) & 1) << (8 * i + 6));
    store<u32>(UNI + byte * 4, q);
  }
}

/** What encode checks of each block's restored values against the tolerance (column32.ts, CHECK_*). */
const CHECK_NONE = 0;
const CHECK_ALL = 1;

/** zfp's negabinary mask 0xaaaaaaaa. */
const NB: u32 = 0xaaaaaaaa;

/** 2^e as a double, for -1022 <= e <= 1023. */
// @ts-ignore: decorator
@inline function pow2(e: i32): f64 {
  return reinterpret<f64>(<u64>(e + 1023) << 52);
}

// The bit writer's state between calls of encodeBlocks: the next byte, and the bits not yet
// whole bytes (acc holds nb < 8 of them). Each step stores acc's 8 bytes at `at` before `at`
// moves on (by at most 7), so every byte is written once complete, and zeros follow the last bit.
let wAt: usize = 0;
let wAcc: u64 = 0;
let wNb: i32 = 0;
let notes: usize = 0;
let noteCount: i32 = 0;

/**
 * Encodes src[0..nx) (finite float32 values) as libzfp's 1-D accuracy mode with 2^minexp into
 * the bytes at `out` (room for nx / 4 rounded up blocks of 140 bits, plus 8 bytes); returns the
 * bits written, the bytes after them zero up to the next 8-byte word. With `check`, the
 * positions restored farther than tol from their value go to the u32 array at `noted` (room
 * for nx), in increasing order; noted() says how many.
 */
export function encode(src: usize, nx: i32, minexp: i32, tol: f64, check: i32, out: usize, noted: usize): i32 {
  wAt = out;
  wAcc = 0;
  wNb = 0;
  notes = noted;
  noteCount = 0;
  const whole = nx & ~15;
  encodeBlocks(src, whole >> 2, minexp, tol, check, 0, whole);
  const rest = nx - whole;
  if (rest > 0) {
    // The last blocks, copied where the group's other blocks are zeros, the partial one padded.
    memory.fill(GROUP, 0, 64);
    memory.copy(GROUP, src + (<usize>whole << 2), <usize>rest << 2);
    const n = rest & 3;
    if (n > 0) {
      const at = GROUP + (<usize>(rest & ~3) << 2);
      const a = load<f32>(at);
      const b = n > 1 ? load<f32>(at, 4) : a;
      const c = n > 2 ? load<f32>(at, 8) : b;
      store<f32>(at, b, 4);
      store<f32>(at, c, 8);
      store<f32>(at, a, 12);
    }
    encodeBlocks(GROUP, (rest + 3) >> 2, minexp, tol, check, whole, rest);
  }
  return <i32>(wAt - out) * 8 + wNb;
}

/** The positions the last encode noted. */
export function noted(): i32 {
  return noteCount;
}

// @ts-ignore: decorator
@inline function note(i: i32): void {
  store<u32>(notes + (<usize>noteCount << 2), i);
  noteCount++;
}

/**
 * Four blocks at v (16 values) through the steps that do not depend on the bit stream, a block
 * per SIMD lane: the largest magnitude's bits into FRONT_MAX, and the negabinary coefficients
 * after the cast and the forward lift (block32.ts, fwdLift) into FRONT_U (coefficient i of
 * block k at FRONT_U + 16i + 4k).
 */
// @ts-ignore: decorator
@inline function front(v: usize): void {
  const q0 = v128.load(v);
  const q1 = v128.load(v, 16);
  const q2 = v128.load(v, 32);
  const q3 = v128.load(v, 48);
  // Transposed: value i of blocks 0..3.
  const h0 = v128.shuffle<i32>(q0, q1, 0, 4, 1, 5);
  const h1 = v128.shuffle<i32>(q2, q3, 0, 4, 1, 5);
  const h2 = v128.shuffle<i32>(q0, q1, 2, 6, 3, 7);
  const h3 = v128.shuffle<i32>(q2, q3, 2, 6, 3, 7);
  const v0 = v128.shuffle<i64>(h0, h1, 0, 2);
  const v1 = v128.shuffle<i64>(h0, h1, 1, 3);
  const v2 = v128.shuffle<i64>(h2, h3, 0, 2);
  const v3 = v128.shuffle<i64>(h2, h3, 1, 3);
  // The largest magnitude from the float32 bits: for finite values the order of |bits| is the
  // order of the magnitudes.
  const abs = i32x4.splat(0x7fffffff);
  const m = i32x4.max_u(i32x4.max_u(v128.and(v0, abs), v128.and(v1, abs)), i32x4.max_u(v128.and(v2, abs), v128.and(v3, abs)));
  v128.store(FRONT_MAX, m);
  // The cast to 30-bit integers: x 2^(30 - emax) in two exact float32 steps of 2^k1 and 2^k2
  // (either factor alone may be out of float32's range; a value the first step takes below
  // float32's normal range ends below 1, and truncates to 0 as its exact product does), then
  // truncated; emax = biased exponent - 126 (frexp's, -126 for subnormals and zeros).
  const k = i32x4.sub(i32x4.splat(156), i32x4.shr_u(m, 23));
  const k1 = i32x4.shr_s(k, 1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(k, k1), i32x4.splat(127)), 23);
  let a = i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.mul(v0, s1), s2));
  let b = i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.mul(v1, s1), s2));
  let c = i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.mul(v2, s1), s2));
  let d = i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.mul(v3, s1), s2));
  a = i32x4.shr_s(i32x4.add(a, d), 1); d = i32x4.sub(d, a);
  c = i32x4.shr_s(i32x4.add(c, b), 1); b = i32x4.sub(b, c);
  a = i32x4.shr_s(i32x4.add(a, c), 1); c = i32x4.sub(c, a);
  d = i32x4.shr_s(i32x4.add(d, b), 1); b = i32x4.sub(b, d);
  d = i32x4.add(d, i32x4.shr_s(b, 1)); b = i32x4.sub(b, i32x4.shr_s(d, 1));
  // Negabinary.
  const nb = i32x4.splat(NB);
  v128.store(FRONT_U, v128.xor(i32x4.add(a, nb), nb));
  v128.store(FRONT_U, v128.xor(i32x4.add(b, nb), nb), 16);
  v128.store(FRONT_U, v128.xor(i32x4.add(c, nb), nb), 32);
  v128.store(FRONT_U, v128.xor(i32x4.add(d, nb), nb), 48);
}

/** Bits sh..sh + 7 of four coefficients interleaved (a byte of each through SPREAD: bit 4t + i is coefficient i's bit sh + 7 - t). */
// @ts-ignore: decorator
@inline function interleaved(u0: u32, u1: u32, u2: u32, u3: u32, sh: u32): u32 {
  return (
    load<u32>(SPREAD + (((u0 >>> sh) & 255) << 2)) |
    (load<u32>(SPREAD + (((u1 >>> sh) & 255) << 2)) << 1) |
    (load<u32>(SPREAD + (((u2 >>> sh) & 255) << 2)) << 2) |
    (load<u32>(SPREAD + (((u3 >>> sh) & 255) << 2)) << 3)
  );
}

/** The plane coder's n before plane t: how many of the suffix minima of the leading zeros lie above it. */
// @ts-ignore: decorator
@inline function significant(z0: u32, z1: u32, z2: u32, z3: u32, t: u32): u32 {
  return <u32>(z0 < t) + <u32>(z1 < t) + <u32>(z2 < t) + <u32>(z3 < t);
}

/**
 * `blocks` blocks at v (whole groups of 4 readable: the last group padded). Positions noted
 * are base + index, for indexes below `valid` (the padding of a partial block is not checked).
 */
function encodeBlocks(v: usize, blocks: i32, minexp: i32, tol: f64, check: i32, base: i32, valid: i32): void {
  let at = wAt;
  let acc = wAcc;
  let nb = wNb;
  for (let blk = 0; blk < blocks; blk++) {
    const lane = <usize>(blk & 3) << 2;
    if (lane == 0) front(v + (<usize>blk << 4));
    const x = blk << 2;
    const p = v + (<usize>x << 2);
    const m = load<u32>(FRONT_MAX + lane);
    // frexp's exponent, clamped to -126 for subnormals (blockExponent32).
    const emax = <i32>(m >>> 23) - 126;
    const maxprec = emax - minexp + 4;
    if (m == 0 || maxprec <= 0) {
      // Nothing to code (maxprec 0, or all zeros): one 0 bit; the block is restored as zeros,
      // within the bound for certain (values below 2^(minexp - 4)) unless all are checked.
      nb++;
      store<u64>(at, acc);
      at += <usize>(nb >>> 3);
      acc >>= <u64>(nb & ~7);
      nb &= 7;
      if (check == CHECK_ALL) {
        if (!(abs<f64>(<f64>load<f32>(p)) <= tol) && x < valid) note(base + x);
        if (!(abs<f64>(<f64>load<f32>(p, 4)) <= tol) && x + 1 < valid) note(base + x + 1);
        if (!(abs<f64>(<f64>load<f32>(p, 8)) <= tol) && x + 2 < valid) note(base + x + 2);
        if (!(abs<f64>(<f64>load<f32>(p, 12)) <= tol) && x + 3 < valid) note(base + x + 3);
      }
      continue;
    }
    const prec = min(maxprec, 32);
    // The header: a 1 bit, then the biased exponent in 8 bits (written with the first planes).
    acc |= <u64>(2 * (emax + 127) + 1) << <u64>nb;
    nb += 9;
    const u0 = load<u32>(FRONT_U + lane);
    const u1 = load<u32>(FRONT_U + lane, 16);
    const u2 = load<u32>(FRONT_U + lane, 32);
    const u3 = load<u32>(FRONT_U + lane, 48);
    // The top planes interleaved, 8 planes a word: three words always (fewer planes are rare
    // and a branch on prec mispredicts more than the lookups cost), the fourth when needed.
    store<u32>(INTER, interleaved(u0, u1, u2, u3, 24));
    store<u32>(INTER, interleaved(u0, u1, u2, u3, 16), 4);
    store<u32>(INTER, interleaved(u0, u1, u2, u3, 8), 8);
    if (prec > 24) store<u32>(INTER, interleaved(u0, u1, u2, u3, 0), 12);
    // Group-tested planes while some coefficient is not yet significant, two at a time (ENC8),
    // the last of an odd prec alone (ENC4; t is even: its nibble is the low half of byte t / 2).
    // The coder's n before plane t is 1 + the last coefficient with a 1 bit above plane t (the
    // group test codes every coefficient up to each 1 it finds), so it follows from the leading
    // zeros' suffix minima z0 <= z1 <= z2 <= z3, and no lookup waits on the one before; n is 4
    // after plane z3, so planes below g are group-tested.
    const z3 = <u32>clz(u3);
    const z2 = min(<u32>clz(u2), z3);
    const z1 = min(<u32>clz(u1), z2);
    const z0 = min(<u32>clz(u0), z1);
    const g = min(<i32>z3 + 1, prec);
    let t = 0;
    if (prec >= 8) {
      // The first 8 planes in four lookups written with the header (9 + 4 x 11 bits, 7 pending).
      // Past g, ENC8 with n = 4 gives a pair's 8 bits as they are, as the verbatim copy has them.
      const w = load<u32>(INTER);
      const e0 = load<u32>(ENC8 + ((w & 255) << 2));
      const e1 = load<u32>(ENC8 + (((significant(z0, z1, z2, z3, 2) << 8) | ((w >>> 8) & 255)) << 2));
      const e2 = load<u32>(ENC8 + (((significant(z0, z1, z2, z3, 4) << 8) | ((w >>> 16) & 255)) << 2));
      const e3 = load<u32>(ENC8 + (((significant(z0, z1, z2, z3, 6) << 8) | (w >>> 24)) << 2));
      const l0 = (e0 >>> 18) & 0x1f;
      const l1 = (e1 >>> 18) & 0x1f;
      const l2 = (e2 >>> 18) & 0x1f;
      const l3 = (e3 >>> 18) & 0x1f;
      const lo = <u64>((e0 & 0x3ffff) | ((e1 & 0x3ffff) << l0));
      const hi = <u64>((e2 & 0x3ffff) | ((e3 & 0x3ffff) << l2));
      acc |= (lo | (hi << <u64>(l0 + l1))) << <u64>nb;
      nb += l0 + l1 + l2 + l3;
      t = 8;
    }
    store<u64>(at, acc);
    at += <usize>(nb >>> 3);
    acc >>= <u64>(nb & ~7);
    nb &= 7;
    while (t < g) {
      const planes = <u32>load<u8>(INTER + <usize>(t >>> 1));
      const n = significant(z0, z1, z2, z3, t);
      let code: u32;
      let len: u32;
      if (t + 1 < prec) {
        const e = load<u32>(ENC8 + (((n << 8) | planes) << 2));
        code = e & 0x3ffff;
        len = (e >>> 18) & 0x1f;
        t += 2;
      } else {
        const e = load<u32>(ENC4 + (((n << 4) | (planes & 15)) << 2));
        code = e & 0x1ff;
        len = (e >>> 9) & 0xf;
        t++;
      }
      acc |= <u64>code << <u64>nb;
      nb += len;
      store<u64>(at, acc);
      at += <usize>(nb >>> 3);
      acc >>= <u64>(nb & ~7);
      nb &= 7;
    }
    // Then every further plane verbatim, a copy of the interleaved bits 56 at a time. t is even
    // here (or prec reached), so they start on a byte; the bytes past the top prec planes may
    // hold other planes: the count masks them.
    let count = 4 * (prec - t);
    let from = INTER + <usize>(t >>> 1);
    while (count > 0) {
      const k = min(count, 56);
      const bits = load<u64>(from) & ((<u64>1 << <u64>k) - 1);
      acc |= bits << <u64>nb;
      nb += k;
      store<u64>(at, acc);
      at += <usize>(nb >>> 3);
      acc >>= <u64>(nb & ~7);
      nb &= 7;
      from += 7;
      count -= k;
    }
    if (check == CHECK_NONE) continue;
    // Blocks whose bound is certain are not restored (params.ts, provablyWithin for float32 1-D).
    const span = emax - minexp;
    if (check != CHECK_ALL && span >= 0 && span <= 16 && emax >= -90 && emax <= 126) continue;
    // The decoder's values: the planes below the top prec dropped, then restoreFrom's steps.
    const mask: u32 = prec < 32 ? ~((<u32>1 << (32 - prec)) - 1) : 0xffffffff;
    let a = <i32>(((u0 & mask) ^ NB) - NB);
    let b = <i32>(((u1 & mask) ^ NB) - NB);
    let c = <i32>(((u2 & mask) ^ NB) - NB);
    let d = <i32>(((u3 & mask) ^ NB) - NB);
    b = b + (d >> 1); d = d - (b >> 1);
    b = b + d; d = (d << 1) - b;
    c = c + a; a = (a << 1) - c;
    b = b + c; c = (c << 1) - b;
    d = d + a; a = (a << 1) - d;
    const r = pow2(emax - 30);
    if (!(abs<f64>(<f64><f32>(<f64><f32>a * r) - <f64>load<f32>(p)) <= tol) && x < valid) note(base + x);
    if (!(abs<f64>(<f64><f32>(<f64><f32>b * r) - <f64>load<f32>(p, 4)) <= tol) && x + 1 < valid) note(base + x + 1);
    if (!(abs<f64>(<f64><f32>(<f64><f32>c * r) - <f64>load<f32>(p, 8)) <= tol) && x + 2 < valid) note(base + x + 2);
    if (!(abs<f64>(<f64><f32>(<f64><f32>d * r) - <f64>load<f32>(p, 12)) <= tol) && x + 3 < valid) note(base + x + 3);
  }
  // The bytes from `at` on: the pending bits, then zeros.
  store<u64>(at, acc);
  wAt = at;
  wAcc = acc;
  wNb = nb;
}

/**
 * Decodes into dst[0..nx) what encode (or libzfp's 1-D float accuracy mode with 2^minexp) wrote
 * in the `size` bits at `stream` (followed by at least 32 zero bytes). Returns the bit position
 * after the last block; past `size` when the stream is cut short (decoding stops there).
 */
export function decode(stream: usize, size: i32, nx: i32, minexp: i32, dst: usize): i32 {
  const full = nx & ~3;
  let pos = decodeBlocks(stream, 0, size, full, minexp, dst);
  const n = nx - full;
  if (n > 0 && pos <= size) {
    pos = decodeBlocks(stream, pos, size, 4, minexp, TAIL);
    memory.copy(dst + (<usize>full << 2), TAIL, <usize>n << 2);
  }
  return pos;
}

function decodeBlocks(stream: usize, pos: i32, size: i32, end: i32, minexp: i32, dst: usize): i32 {
  for (let x = 0; x < end && pos <= size; x += 4) {
    // A window of 57 bits at pos, refilled when fewer than 11 are left.
    let win = load<u64>(stream + (<usize>pos >>> 3)) >>> <u64>(pos & 7);
    let a: u32 = 0;
    let b: u32 = 0;
    let c: u32 = 0;
    let d: u32 = 0;
    let scale: f64 = 0;
    if ((win & 1) == 0) {
      pos++;
    } else {
      const emax = <i32>((win >>> 1) & 255) - 127;
      const prec = min(max(emax - minexp + 4, 0), 32);
      store<u64>(INTER, 0);
      store<u64>(INTER, 0, 8);
      // Group-tested planes, two per lookup (DEC11), as the encoder wrote them (ENC8).
      let used = 9;
      let n: u32 = 0;
      let t = 0;
      while (n < 4 && t + 1 < prec) {
        if (used > 46) {
          pos += used;
          used = 0;
          win = load<u64>(stream + (<usize>pos >>> 3)) >>> <u64>(pos & 7);
        }
        const e = <u32>load<u16>(DEC11 + (((n << 11) | (<u32>(win >>> <u64>used) & 0x7ff)) << 1));
        used += (e >>> 8) & 0xf;
        n = e >>> 12;
        store<u8>(INTER + <usize>(t >>> 1), <u8>e);
        t += 2;
      }
      if (n < 4 && t < prec) {
        // The last plane of an odd prec.
        if (used > 48) {
          pos += used;
          used = 0;
          win = load<u64>(stream + (<usize>pos >>> 3)) >>> <u64>(pos & 7);
        }
        const e = load<u32>(DEC4 + (((n << 9) | (<u32>(win >>> <u64>used) & 0x1ff)) << 2));
        used += (e >>> 4) & 0xf;
        store<u8>(INTER + <usize>(t >>> 1), <u8>(e & 0xf));
        t++;
      }
      pos += used;
      // Verbatim planes, 56 bits at a time, into the interleaved bytes from t / 2 on (t is even
      // when any are left); what a store puts past them is zeros, or overwritten by the next.
      let count = 4 * (prec - t);
      let into = INTER + <usize>(t >>> 1);
      while (count > 0) {
        const k = min(count, 56);
        const bits = (load<u64>(stream + (<usize>pos >>> 3)) >>> <u64>(pos & 7)) & ((<u64>1 << <u64>k) - 1);
        store<u64>(into, bits);
        pos += k;
        into += 7;
        count -= k;
      }
      // Back to one coefficient per variable, top-aligned (plane 31 at bit 31).
      const nw = (prec + 7) >>> 3;
      for (let j = 0; j < nw; j++) {
        const y = load<u32>(INTER + (<usize>j << 2));
        const q =
          load<u32>(UNI + ((y & 255) << 2)) |
          (load<u32>(UNI + (((y >>> 8) & 255) << 2)) >>> 2) |
          (load<u32>(UNI + (((y >>> 16) & 255) << 2)) >>> 4) |
          (load<u32>(UNI + ((y >>> 24) << 2)) >>> 6);
        const sh = 24 - 8 * j;
        a |= (q & 255) << sh;
        b |= ((q >>> 8) & 255) << sh;
        c |= ((q >>> 16) & 255) << sh;
        d |= (q >>> 24) << sh;
      }
      let ia = <i32>((a ^ NB) - NB);
      let ib = <i32>((b ^ NB) - NB);
      let ic = <i32>((c ^ NB) - NB);
      let id = <i32>((d ^ NB) - NB);
      ib = ib + (id >> 1); id = id - (ib >> 1);
      ib = ib + id; id = (id << 1) - ib;
      ic = ic + ia; ia = (ia << 1) - ic;
      ib = ib + ic; ic = (ic << 1) - ib;
      id = id + ia; ia = (ia << 1) - id;
      a = <u32>ia;
      b = <u32>ib;
      c = <u32>ic;
      d = <u32>id;
      scale = pow2(emax - 30);
    }
    // The integer to float32, then one rounding of the exact product.
    const p = dst + (<usize>x << 2);
    store<f32>(p, <f32>(<f64><f32><i32>a * scale));
    store<f32>(p, <f32>(<f64><f32><i32>b * scale), 4);
    store<f32>(p, <f32>(<f64><f32><i32>c * scale), 8);
    store<f32>(p, <f32>(<f64><f32><i32>d * scale), 12);
  }
  return pos;
}
