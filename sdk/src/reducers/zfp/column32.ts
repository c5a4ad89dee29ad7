// The hot case of zfp-rel and zfp-accuracy by column: a 1-D float32 array in accuracy mode,
// where maxbits never cuts a block short, coded in one loop per array with the block, its
// coefficients and the bit stream's state in local variables. The general path (array.ts,
// block32.ts, planes1.ts) moves each block through shared typed arrays and five calls; here
// V8 keeps everything in registers, which roughly doubles the speed on a wide table's columns.
// The bits are the general path's (and libzfp's): test/zfp/fastpaths.test.ts compares them.

import type { BitReader, BitWriter } from './bitstream';
import { pow2 } from './pow2';
import { DEC4, ENC4, SPREAD } from './planes1';

/** What the encoder checks of each block's restored values against the tolerance. */
export const CHECK_NONE = 0;
export const CHECK_ALL = 1;
/** Only the blocks whose bound is not certain from their exponent (params.ts, provablyWithin). */
export const CHECK_UNPROVEN = 2;

/** -0x55555556: zfp's negabinary mask 0xaaaaaaaa as an int32, so that the conversion stays in int32 arithmetic. */
const NB = 0xaaaaaaaa | 0;

/**
 * A block's interleaved planes, as in planes1.ts (bit 4t + i of the words is plane 31 - t of
 * coefficient i), plus a spare zero word so that reads of 32 bits at any offset need no test.
 */
const inter = new Int32Array(5);

/**
 * Two planes at a time: ENC8[n << 8 | byte of interleaved planes t, t + 1] is code | length << 18
 * | new n << 23 of both (ENC4 twice; at most 11 bits, see DEC11). The coder's n after one plane decides the
 * next plane's code, a chain of dependent lookups: taking two planes per lookup halves it.
 */
const ENC8 = new Uint32Array(5 * 256);
for (let n0 = 0; n0 <= 4; n0++) {
  for (let byte = 0; byte < 256; byte++) {
    const e1 = ENC4[(n0 << 4) | (byte & 15)];
    const len1 = (e1 >>> 9) & 0xf;
    const e2 = ENC4[((e1 >>> 13) << 4) | (byte >>> 4)];
    const len2 = (e2 >>> 9) & 0xf;
    ENC8[(n0 << 8) | byte] = (e1 & 0x1ff) | ((e2 & 0x1ff) << len1) | ((len1 + len2) << 18) | ((e2 >>> 13) << 23);
  }
}

/**
 * The inverse of the interleave, a byte at a time: UNI[byte of interleaved planes t, t + 1] has
 * coefficient i's two bits at bits 8i + 7 (plane t) and 8i + 6, so that four bytes, shifted by
 * 0, 2, 4, 6, give each coefficient's 8 planes in its own byte.
 */
const UNI = new Int32Array(256);
for (let byte = 0; byte < 256; byte++) {
  let q = 0;
  for (let i = 0; i < 4; i++) q |= (((byte >>> i) & 1) << (8 * i + 7)) | (((byte >>> (4 + i)) & 1) << (8 * i + 6));
  UNI[byte] = q;
}

/**
 * The decoder's group tests two planes at a time: two planes' codes take at most 11 bits (7 + 4
 * from n = 0, less from larger n), so DEC11[n << 11 | next 11 bits] is both planes' nibbles
 * | bits used << 8 | new n << 12 (DEC4 twice; a plane's code is a prefix code, so the second
 * lookup sees only bits of its own). 20 kB of Uint16: it stays in cache.
 */
const DEC11 = new Uint16Array(5 * 2048);
for (let n0 = 0; n0 <= 4; n0++) {
  for (let v = 0; v < 2048; v++) {
    const e1 = DEC4[(n0 << 9) | (v & 0x1ff)];
    const len1 = (e1 >>> 4) & 0xf;
    const e2 = DEC4[((e1 >>> 8) << 9) | ((v >>> len1) & 0x1ff)];
    const len = len1 + ((e2 >>> 4) & 0xf);
    if (len > 11) throw new Error('zfp: two planes\' codes longer than 11 bits');
    DEC11[(n0 << 11) | v] = (e1 & 0xf) | ((e2 & 0xf) << 4) | (len << 8) | ((e2 >>> 8) << 12);
  }
}

/** Pads a partial last block (libzfp's pad_block) and codes it through the same loop. */
const tail = new Float32Array(4);
const tailBits = new Uint32Array(tail.buffer);

/**
 * Encodes data[0..nx) (finite float32 values) as libzfp's 1-D accuracy mode with 2^minexp:
 * the same bits encodeBlock32 writes for each block. With `check`, the positions restored
 * farther than tol from their value go to note(), in increasing order.
 */
export function encodeColumn32(w: BitWriter, data: Float32Array, nx: number, minexp: number, tol: number, check: number, note: (i: number) => void): void {
  const full = nx & ~3;
  const bits = new Uint32Array(data.buffer, data.byteOffset, full);
  encodeBlocks(w, data, bits, full, minexp, tol, check, 0, full, note);
  const n = nx - full;
  if (n === 0) return;
  for (let i = 0; i < n; i++) tail[i] = data[full + i];
  if (n <= 1) tail[1] = tail[0];
  if (n <= 2) tail[2] = tail[1];
  tail[3] = tail[0];
  encodeBlocks(w, tail, tailBits, 4, minexp, tol, check, full, n, note);
}

/**
 * The blocks of v[0..end) (end a multiple of 4), u being v's bits. Positions noted are
 * base + index, for indexes below `valid` (the padding of a partial block is not checked).
 */
function encodeBlocks(w: BitWriter, v: Float32Array, u: Uint32Array, end: number, minexp: number, tol: number, check: number, base: number, valid: number, note: (i: number) => void): void {
  const words = w.words;
  let wpos = w.wpos;
  let cur = w.cur;
  let nb = w.nbits;
  for (let x = 0; x < end; x += 4) {
    // The largest magnitude's exponent from the float32 bits: for finite values the order of
    // |bits| is the order of the magnitudes, and no frexp is needed. The maxima are taken
    // without branches (which of four noisy values is largest is a coin toss for the predictor):
    // for 0 <= p, q < 2^31, p - ((p - q) & ((p - q) >> 31)) is max(p, q).
    const m0 = u[x] & 0x7fffffff;
    const m1 = u[x + 1] & 0x7fffffff;
    const m2 = u[x + 2] & 0x7fffffff;
    const m3 = u[x + 3] & 0x7fffffff;
    const d01 = m0 - m1;
    const d23 = m2 - m3;
    const p = m0 - (d01 & (d01 >> 31));
    const q = m2 - (d23 & (d23 >> 31));
    const dpq = p - q;
    const m = p - (dpq & (dpq >> 31));
    const biased = m >>> 23;
    // frexp's exponent, clamped to -126 for subnormals (blockExponent32).
    const emax = biased > 0 ? biased - 126 : -126;
    let maxprec = emax - minexp + 4;
    if (m === 0 || maxprec <= 0) {
      // Nothing to code (maxprec 0, or all zeros): one 0 bit; the block is restored as zeros.
      nb++;
      if (nb === 32) {
        words[wpos++] = cur;
        nb = 0;
        cur = 0;
      }
      // Restored as zeros: within the bound for certain (values below 2^(minexp - 4)) unless all are checked.
      if (check === CHECK_ALL) {
        for (let i = 0; i < 4; i++) if (!(Math.abs(v[x + i]) <= tol) && x + i < valid) note(base + x + i);
      }
      continue;
    }
    const prec = maxprec < 32 ? maxprec : 32;
    // The header: a 1 bit, then the biased exponent in 8 bits.
    // (Appended as the group tests' codes are, below.)
    const head = 2 * (emax + 127) + 1;
    cur |= head << nb;
    words[wpos] = cur;
    let spill = (head >>> 1) >>> (31 - nb);
    nb += 9;
    let full = nb >>> 5;
    wpos += full;
    cur = (spill & -full) | (cur & (full - 1));
    nb &= 31;
    // The cast to 30-bit integers and the forward lift (block32.ts, fwdLift).
    const s = pow2(30 - emax);
    let a = (v[x] * s) | 0;
    let b = (v[x + 1] * s) | 0;
    let c = (v[x + 2] * s) | 0;
    let d = (v[x + 3] * s) | 0;
    a = (a + d) >> 1; d = (d - a) | 0;
    c = (c + b) >> 1; b = (b - c) | 0;
    a = (a + c) >> 1; c = (c - a) | 0;
    d = (d + b) >> 1; b = (b - d) | 0;
    d = (d + (b >> 1)) | 0; b = (b - (d >> 1)) | 0;
    // Negabinary.
    const u0 = ((a + NB) | 0) ^ NB;
    const u1 = ((b + NB) | 0) ^ NB;
    const u2 = ((c + NB) | 0) ^ NB;
    const u3 = ((d + NB) | 0) ^ NB;
    // The top prec planes interleaved, 8 planes a word.
    for (let j = 0; 8 * j < prec; j++) {
      const sh = 24 - 8 * j;
      inter[j] = SPREAD[(u0 >>> sh) & 255] | (SPREAD[(u1 >>> sh) & 255] << 1) | (SPREAD[(u2 >>> sh) & 255] << 2) | (SPREAD[(u3 >>> sh) & 255] << 3);
    }
    inter[(prec + 7) >>> 3] = 0;
    // Group-tested planes while some coefficient is not yet significant, two at a time (ENC8);
    // once all four are, ENC8's second plane is that plane's 4 bits, as the verbatim copy has it.
    let n = 0;
    let t = 0;
    while (n < 4 && t + 1 < prec) {
      const e = ENC8[(n << 8) | ((inter[t >>> 3] >>> (4 * (t & 7))) & 255)];
      const code = e & 0x3ffff;
      n = e >>> 23;
      // Appended without a branch (whether the word fills is a coin toss for the predictor): the
      // word is stored every time, and the bits that did not fit start the next one when it fills.
      cur |= code << nb;
      words[wpos] = cur;
      spill = (code >>> 1) >>> (31 - nb);
      nb += (e >>> 18) & 0x1f;
      full = nb >>> 5;
      wpos += full;
      cur = (spill & -full) | (cur & (full - 1));
      nb &= 31;
      t += 2;
    }
    if (n < 4 && t < prec) {
      // The last plane of an odd prec.
      const e = ENC4[(n << 4) | ((inter[t >>> 3] >>> (4 * (t & 7))) & 15)];
      const code = e & 0x1ff;
      const len = (e >>> 9) & 0xf;
      cur |= code << nb;
      nb += len;
      if (nb >= 32) {
        words[wpos++] = cur;
        nb -= 32;
        cur = nb ? code >>> (len - nb) : 0;
      }
      t++;
    }
    // Then every further plane verbatim: a copy of the interleaved bits, 32 at a time. The
    // interleaved words past the top prec planes may hold other planes: the count masks them.
    let count = 4 * (prec - t);
    let at = 4 * t;
    while (count > 0) {
      const i = at >>> 5;
      const off = at & 31;
      // (y << 1) << (31 - off) is y << (32 - off), also for off = 0 (where JS would shift by 0).
      let bitsOut = (inter[i] >>> off) | ((inter[i + 1] << 1) << (31 - off));
      const k = count < 32 ? count : 32;
      if (k < 32) bitsOut &= (1 << k) - 1;
      cur |= bitsOut << nb;
      nb += k;
      if (nb >= 32) {
        words[wpos++] = cur;
        nb -= 32;
        cur = nb ? bitsOut >>> (k - nb) : 0;
      }
      at += k;
      count -= k;
    }
    if (check === CHECK_NONE) continue;
    // Blocks whose bound is certain are not restored (params.ts, provablyWithin for float32 1-D).
    const span = emax - minexp;
    if (check === CHECK_UNPROVEN && span >= 0 && span <= 16 && emax >= -90 && emax <= 126) continue;
    // The decoder's values: the planes below the top prec dropped, then restoreFrom's steps.
    const mask = prec < 32 ? ~((1 << (32 - prec)) - 1) : -1;
    a = (((u0 & mask) ^ NB) - NB) | 0;
    b = (((u1 & mask) ^ NB) - NB) | 0;
    c = (((u2 & mask) ^ NB) - NB) | 0;
    d = (((u3 & mask) ^ NB) - NB) | 0;
    b = (b + (d >> 1)) | 0; d = (d - (b >> 1)) | 0;
    b = (b + d) | 0; d = ((d << 1) - b) | 0;
    c = (c + a) | 0; a = ((a << 1) - c) | 0;
    b = (b + c) | 0; c = ((c << 1) - b) | 0;
    d = (d + a) | 0; a = ((a << 1) - d) | 0;
    const r = pow2(emax - 30);
    if (!(Math.abs(Math.fround(Math.fround(a) * r) - v[x]) <= tol) && x < valid) note(base + x);
    if (!(Math.abs(Math.fround(Math.fround(b) * r) - v[x + 1]) <= tol) && x + 1 < valid) note(base + x + 1);
    if (!(Math.abs(Math.fround(Math.fround(c) * r) - v[x + 2]) <= tol) && x + 2 < valid) note(base + x + 2);
    if (!(Math.abs(Math.fround(Math.fround(d) * r) - v[x + 3]) <= tol) && x + 3 < valid) note(base + x + 3);
  }
  w.wpos = wpos;
  w.cur = cur;
  w.nbits = nb;
}

/**
 * Decodes into out[0..nx) what encodeColumn32 (or libzfp's 1-D float accuracy mode with
 * 2^minexp) wrote: decodeBlock32's values. The caller checks r.pos against the stream's end.
 */
export function decodeColumn32(r: BitReader, out: Float32Array, nx: number, minexp: number): void {
  const words = r.words;
  let pos = r.pos;
  for (let x = 0; x < nx; x += 4) {
    let i = pos >>> 5;
    let off = pos & 31;
    let win = (words[i] >>> off) | ((words[i + 1] << 1) << (31 - off));
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    let scale = 0;
    if ((win & 1) === 0) {
      pos++;
    } else {
      const emax = ((win >>> 1) & 255) - 127;
      let prec = emax - minexp + 4;
      if (prec > 32) prec = 32;
      else if (prec < 0) prec = 0;
      inter[0] = 0;
      inter[1] = 0;
      inter[2] = 0;
      inter[3] = 0;
      // Group-tested planes, two per lookup (DEC11), as the encoder wrote them (ENC8). They are
      // read from a window of 32 bits at pos (the header's already in it), refilled when fewer
      // than 11 are left: the chain from one code's length to the next lookup stays in registers.
      let used = 9;
      let n = 0;
      let t = 0;
      while (n < 4 && t + 1 < prec) {
        if (used > 21) {
          pos += used;
          used = 0;
          i = pos >>> 5;
          off = pos & 31;
          win = (words[i] >>> off) | ((words[i + 1] << 1) << (31 - off));
        }
        const e = DEC11[(n << 11) | ((win >>> used) & 0x7ff)];
        used += (e >>> 8) & 0xf;
        n = e >>> 12;
        // t is even here: the byte of planes t, t + 1 lies within one interleaved word.
        inter[t >>> 3] |= (e & 0xff) << (4 * (t & 7));
        t += 2;
      }
      if (n < 4 && t < prec) {
        // The last plane of an odd prec.
        if (used > 23) {
          pos += used;
          used = 0;
          i = pos >>> 5;
          off = pos & 31;
          win = (words[i] >>> off) | ((words[i + 1] << 1) << (31 - off));
        }
        const e = DEC4[(n << 9) | ((win >>> used) & 0x1ff)];
        used += (e >>> 4) & 0xf;
        n = e >>> 8;
        inter[t >>> 3] |= (e & 0xf) << (4 * (t & 7));
        t++;
      }
      pos += used;
      // Verbatim planes, 32 bits at a time, into the interleaved words at bit 4t.
      let count = 4 * (prec - t);
      let at = 4 * t;
      while (count > 0) {
        i = pos >>> 5;
        off = pos & 31;
        win = (words[i] >>> off) | ((words[i + 1] << 1) << (31 - off));
        const k = count < 32 ? count : 32;
        if (k < 32) win &= (1 << k) - 1;
        pos += k;
        count -= k;
        const j = at >>> 5;
        const o = at & 31;
        inter[j] |= win << o;
        inter[j + 1] |= (win >>> 1) >>> (31 - o);
        at += k;
      }
      // Back to one coefficient per variable, top-aligned (plane 31 at bit 31).
      const nw = (prec + 7) >>> 3;
      for (let j = 0; j < nw; j++) {
        const y = inter[j];
        const q = UNI[y & 255] | (UNI[(y >>> 8) & 255] >>> 2) | (UNI[(y >>> 16) & 255] >>> 4) | (UNI[y >>> 24] >>> 6);
        const sh = 24 - 8 * j;
        a |= (q & 255) << sh;
        b |= ((q >>> 8) & 255) << sh;
        c |= ((q >>> 16) & 255) << sh;
        d |= (q >>> 24) << sh;
      }
      a = ((a ^ NB) - NB) | 0;
      b = ((b ^ NB) - NB) | 0;
      c = ((c ^ NB) - NB) | 0;
      d = ((d ^ NB) - NB) | 0;
      b = (b + (d >> 1)) | 0; d = (d - (b >> 1)) | 0;
      b = (b + d) | 0; d = ((d << 1) - b) | 0;
      c = (c + a) | 0; a = ((a << 1) - c) | 0;
      b = (b + c) | 0; c = ((c << 1) - b) | 0;
      d = (d + a) | 0; a = ((a << 1) - d) | 0;
      scale = pow2(emax - 30);
    }
    // The integer to float32, then one rounding of the exact product: the store to out.
    if (nx - x >= 4) {
      out[x] = Math.fround(a) * scale;
      out[x + 1] = Math.fround(b) * scale;
      out[x + 2] = Math.fround(c) * scale;
      out[x + 3] = Math.fround(d) * scale;
    } else {
      tail[0] = Math.fround(a) * scale;
      tail[1] = Math.fround(b) * scale;
      tail[2] = Math.fround(c) * scale;
      tail[3] = Math.fround(d) * scale;
      for (let k = 0; k < nx - x; k++) out[x + k] = tail[k];
    }
  }
  r.pos = pos;
}
