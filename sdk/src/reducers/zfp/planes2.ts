// zfp's embedded coder for 2-D blocks (16 coefficients). The planes to code are first cut out
// of the coefficients all at once, 8 planes x 8 coefficients per 8x8 bit-matrix transpose, into
// 16-bit masks; each plane is then its first n bits verbatim and the rest by group tests (one
// write per run), and once all 16 coefficients are significant, two planes per 32-bit write.
// The decoder fills the masks the same way and transposes them back. Output is identical to
// libzfp's encode_ints / decode_ints (see planes.ts for the layout).

import type { BitReader, BitWriter } from './bitstream';
import { ctz, decodePlaneCounted, encodePlaneCounted, peekAt, planeBits, planeN } from './planes';

/** masks[t]: plane 63 - t of the block, bit i for coefficient i (one spare entry past plane 0). */
const masks = new Int32Array(66);
const pair = new Int32Array(2);

/** A plane takes at most this many bits (16 verbatim or 16 tests + 15 zeros, + 1). */
const ROOMY = 33;

/**
 * Transposes the 8x8 bit matrix whose rows are the bytes of x (rows 0-3, top byte first) and y
 * (rows 4-7), bit 7 of a row being column 0 (Hacker's Delight, transpose8); into pair[0..1].
 */
function transpose8(x: number, y: number): void {
  let t = (x ^ (x >>> 7)) & 0x00aa00aa;
  x = x ^ t ^ (t << 7);
  t = (y ^ (y >>> 7)) & 0x00aa00aa;
  y = y ^ t ^ (t << 7);
  t = (x ^ (x >>> 14)) & 0x0000cccc;
  x = x ^ t ^ (t << 14);
  t = (y ^ (y >>> 14)) & 0x0000cccc;
  y = y ^ t ^ (t << 14);
  pair[0] = (x & 0xf0f0f0f0) | ((y >>> 4) & 0x0f0f0f0f);
  pair[1] = ((x << 4) & 0xf0f0f0f0) | (y & 0x0f0f0f0f);
}

/** Byte (from the top, sh = 24 - 8 j) of coefficients c+3, c+2, c+1, c as one word, c+3 on top. */
function bytesOf4(a: Int32Array, c: number, sh: number): number {
  return (((a[c + 3] >>> sh) & 255) << 24) | (((a[c + 2] >>> sh) & 255) << 16) | (((a[c + 1] >>> sh) & 255) << 8) | ((a[c] >>> sh) & 255);
}

/** Fills masks[0 .. 8 ceil(prec / 8)) from the coefficients. */
function cutPlanes(hi: Int32Array, lo: Int32Array, prec: number): void {
  for (let j = 0; 8 * j < prec; j++) {
    const a = j < 4 ? hi : lo;
    const sh = 24 - 8 * (j & 3);
    // Rows in reverse coefficient order, so that coefficient i lands on bit i of its plane.
    transpose8(bytesOf4(a, 4, sh), bytesOf4(a, 0, sh));
    const x = pair[0];
    const y = pair[1];
    transpose8(bytesOf4(a, 12, sh), bytesOf4(a, 8, sh));
    const u = pair[0];
    const v = pair[1];
    const t = 8 * j;
    masks[t] = (x >>> 24) | ((u >>> 24) << 8);
    masks[t + 1] = ((x >>> 16) & 255) | (u >>> 16 & 255) << 8;
    masks[t + 2] = ((x >>> 8) & 255) | (u >>> 8 & 255) << 8;
    masks[t + 3] = (x & 255) | (u & 255) << 8;
    masks[t + 4] = (y >>> 24) | ((v >>> 24) << 8);
    masks[t + 5] = ((y >>> 16) & 255) | (v >>> 16 & 255) << 8;
    masks[t + 6] = ((y >>> 8) & 255) | (v >>> 8 & 255) << 8;
    masks[t + 7] = (y & 255) | (v & 255) << 8;
  }
}

/** Writes the bytes of one transposed word (top byte: coefficient c+3) into a[c..c+3] at sh. */
function placeBytes4(a: Int32Array, c: number, sh: number, x: number): void {
  a[c + 3] |= (x >>> 24) << sh;
  a[c + 2] |= ((x >>> 16) & 255) << sh;
  a[c + 1] |= ((x >>> 8) & 255) << sh;
  a[c] |= (x & 255) << sh;
}

/** The masks of the top `prec` planes back into coefficients (hi, lo cleared first). */
function joinPlanes(hi: Int32Array, lo: Int32Array, prec: number): void {
  for (let i = 0; i < 16; i++) {
    hi[i] = 0;
    lo[i] = 0;
  }
  for (let j = 0; 8 * j < prec; j++) {
    const a = j < 4 ? hi : lo;
    const sh = 24 - 8 * (j & 3);
    const t = 8 * j;
    const m0 = masks[t], m1 = masks[t + 1], m2 = masks[t + 2], m3 = masks[t + 3];
    const m4 = masks[t + 4], m5 = masks[t + 5], m6 = masks[t + 6], m7 = masks[t + 7];
    transpose8(((m0 & 255) << 24) | ((m1 & 255) << 16) | ((m2 & 255) << 8) | (m3 & 255), ((m4 & 255) << 24) | ((m5 & 255) << 16) | ((m6 & 255) << 8) | (m7 & 255));
    placeBytes4(a, 4, sh, pair[0]);
    placeBytes4(a, 0, sh, pair[1]);
    transpose8(((m0 >>> 8) << 24) | ((m1 >>> 8) << 16) | ((m2 >>> 8) << 8) | (m3 >>> 8), ((m4 >>> 8) << 24) | ((m5 >>> 8) << 16) | ((m6 >>> 8) << 8) | (m7 >>> 8));
    placeBytes4(a, 12, sh, pair[0]);
    placeBytes4(a, 8, sh, pair[1]);
  }
}

/** Encodes the top `prec` planes of the 16 coefficients in at most maxbits bits; returns the bits written. */
export function encodePlanes2(w: BitWriter, maxbits: number, prec: number, hi: Int32Array, lo: Int32Array): number {
  // Every plane takes at least a bit: a small budget (fixed rate) reaches no further than this.
  if (prec > maxbits) prec = maxbits;
  cutPlanes(hi, lo, prec);
  const words = w.words;
  let cur = w.cur;
  let nb = w.nbits;
  let wpos = w.wpos;
  let bits = maxbits;
  let n = 0;
  let t = 0;
  while (bits > 0 && t < prec) {
    if (n === 16) {
      // Every coefficient significant: the remaining planes verbatim, two per word.
      let count = 16 * (prec - t);
      if (count > bits) count = bits;
      bits -= count;
      while (count > 0) {
        let v = masks[t] | (masks[t + 1] << 16);
        t += 2;
        const m = count < 32 ? count : 32;
        if (m < 32) v &= (1 << m) - 1;
        count -= m;
        cur |= v << nb;
        nb += m;
        if (nb >= 32) {
          words[wpos++] = cur;
          nb -= 32;
          cur = nb ? v >>> (m - nb) : 0;
        }
      }
      break;
    }
    const x = masks[t];
    if (bits >= ROOMY) {
      const start = wpos * 32 + nb;
      // each (v, len) below is appended as: cur |= v << nb; flush a full word
      let v = n > 0 ? x & ((1 << n) - 1) : 0;
      let len = n;
      let r = x >>> n;
      let last = false;
      for (;;) {
        cur |= v << nb;
        nb += len;
        if (nb >= 32) {
          words[wpos++] = cur;
          nb -= 32;
          cur = nb ? v >>> (len - nb) : 0;
        }
        if (last || n >= 16) break;
        if (r === 0) {
          // negative group test: the plane is done
          v = 0;
          len = 1;
          last = true;
          continue;
        }
        const z = ctz(r);
        if (n + z < 15) {
          // group test 1, z zeros, the one bit
          v = 1 | (1 << (z + 1));
          len = z + 2;
          n += z + 1;
          r >>>= z + 1;
        } else {
          // the one bit is the last coefficient: implied after the zeros
          v = 1;
          len = z + 1;
          n = 16;
        }
      }
      bits -= wpos * 32 + nb - start;
    } else {
      w.cur = cur;
      w.nbits = nb;
      w.wpos = wpos;
      const left = encodePlaneCounted(w, x, n, 16, bits);
      n = left >>> 16;
      bits = left & 0xffff;
      cur = w.cur;
      nb = w.nbits;
      wpos = w.wpos;
    }
    t++;
  }
  w.cur = cur;
  w.nbits = nb;
  w.wpos = wpos;
  return maxbits - bits;
}

/** Decodes what encodePlanes2 wrote into hi/lo (all 16 entries set); returns the bits read. */
export function decodePlanes2(r: BitReader, maxbits: number, prec: number, hi: Int32Array, lo: Int32Array): number {
  if (prec > maxbits) prec = maxbits;
  const words = r.words;
  let pos = r.pos;
  let bits = maxbits;
  let n = 0;
  let t = 0;
  while (bits > 0 && t < prec) {
    if (n === 16) {
      let count = 16 * (prec - t);
      if (count > bits) count = bits;
      bits -= count;
      while (count > 0) {
        const m = count < 32 ? count : 32;
        let v = peekAt(words, pos);
        if (m < 32) v &= (1 << m) - 1;
        pos += m;
        count -= m;
        masks[t] = v & 0xffff;
        masks[t + 1] = v >>> 16;
        t += 2;
      }
      break;
    }
    let x = 0;
    if (bits >= ROOMY) {
      const start = pos;
      if (n > 0) {
        x = peekAt(words, pos) & ((1 << n) - 1);
        pos += n;
      }
      // group tests: a 1 announces a one bit among the rest, found by its run of zeros
      while (n < 16 && (words[pos >>> 5] >>> (pos & 31)) & 1) {
        pos++;
        const limit = 15 - n;
        if (limit > 0) {
          const ahead = peekAt(words, pos) & ((1 << limit) - 1);
          if (ahead !== 0) {
            const z = ctz(ahead);
            pos += z + 1;
            n += z;
          } else {
            pos += limit;
            n += limit;
          }
        }
        x |= 1 << n;
        n++;
      }
      // the negative group test that ended the plane
      if (n < 16) pos++;
      bits -= pos - start;
    } else {
      r.pos = pos;
      x = decodePlaneCounted(r, n, 16, bits);
      n = planeN;
      bits = planeBits;
      pos = r.pos;
    }
    masks[t++] = x;
  }
  // Planes not reached (budget spent, or below prec within the last byte) are zero.
  const end = 8 * Math.ceil(prec / 8);
  for (; t < end; t++) masks[t] = 0;
  r.pos = pos;
  joinPlanes(hi, lo, prec);
  return maxbits - bits;
}
