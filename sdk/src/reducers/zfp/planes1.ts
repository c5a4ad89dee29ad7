// zfp's embedded coder for 1-D blocks (4 coefficients), the hot case of the `columns` layout.
// The block is held as its coefficients' bits interleaved, plane 63 first, 8 planes (4 bits
// each) per 32-bit word, built from byte tables. Planes go from the most significant down:
// while some coefficient is not yet significant a plane is a group-tested code of at most 9
// bits, looked up in a table per (n, plane); once all four are, every further plane is its 4
// bits verbatim, so the rest of the block is a plain copy of the interleaved bits.
// Output is identical to libzfp's encode_ints / decode_ints (see planes.ts for the layout).

import type { BitReader, BitWriter } from './bitstream';
import { ctz, decodePlaneCounted, encodePlaneCounted, peekAt, planeBits, planeN, REV8 } from './planes';

// ENC4[n << 4 | plane]: code | length << 9 | new n << 13.  DEC4[n << 9 | next 9 bits]:
// plane | length << 4 | new n << 8.
export const ENC4 = new Uint32Array(5 * 16);
export const DEC4 = new Uint32Array(5 * 512);
/** SPREAD[b]: bit 7 - t of byte b moved to bit 4t (a byte of planes, most significant first). */
export const SPREAD = new Uint32Array(256);

function buildTables(): void {
  for (let n0 = 0; n0 <= 4; n0++) {
    for (let x = 0; x < 16; x++) {
      let code = n0 > 0 ? x & ((1 << n0) - 1) : 0;
      let len = n0;
      let n = n0;
      let r = x >>> n0;
      while (n < 4) {
        if (r === 0) {
          len++;
          break;
        }
        const t = ctz(r);
        if (n + t < 3) {
          code |= (1 | (1 << (t + 1))) << len;
          len += t + 2;
          n += t + 1;
          r >>>= t + 1;
        } else {
          code |= 1 << len;
          len += t + 1;
          n = 4;
        }
      }
      ENC4[(n0 << 4) | x] = code | (len << 9) | (n << 13);
    }
    for (let v = 0; v < 512; v++) {
      let x = n0 > 0 ? v & ((1 << n0) - 1) : 0;
      let pos = n0;
      let n = n0;
      while (n < 4 && (v >>> pos++) & 1) {
        const limit = 3 - n;
        if (limit > 0) {
          const ahead = (v >>> pos) & ((1 << limit) - 1);
          if (ahead !== 0) {
            const t = ctz(ahead);
            pos += t + 1;
            n += t;
          } else {
            pos += limit;
            n += limit;
          }
        }
        x |= 1 << n;
        n++;
      }
      DEC4[(n0 << 9) | v] = x | (pos << 4) | (n << 8);
    }
  }
  for (let b = 0; b < 256; b++) {
    let s = 0;
    for (let t = 0; t < 8; t++) s |= ((b >>> (7 - t)) & 1) << (4 * t);
    SPREAD[b] = s;
  }
}
buildTables();

/** The interleaved planes: bit 4 t + i of the stream of words is plane 63 - t of coefficient i. */
const inter = new Int32Array(9);

/** Bits 4t of v (t = 0..7) gathered into a byte in reverse order: bit 7 - t from bit 4t. */
function gather4(v: number): number {
  v &= 0x11111111;
  v = (v | (v >>> 3)) & 0x03030303;
  v = (v | (v >>> 6)) & 0x000f000f;
  return REV8[(v | (v >>> 12)) & 0xff];
}

/** Interleaves the top `prec` planes of the coefficients into inter[0 .. ceil(prec / 8)). */
function interleave(hi: Int32Array, lo: Int32Array, prec: number): void {
  const h0 = hi[0], h1 = hi[1], h2 = hi[2], h3 = hi[3];
  for (let j = 0; 8 * j < prec; j++) {
    const sh = 24 - 8 * (j & 3);
    if (j === 4) {
      const l0 = lo[0], l1 = lo[1], l2 = lo[2], l3 = lo[3];
      for (; 8 * j < prec; j++) {
        const s = 56 - 8 * j;
        inter[j] = SPREAD[(l0 >>> s) & 255] | (SPREAD[(l1 >>> s) & 255] << 1) | (SPREAD[(l2 >>> s) & 255] << 2) | (SPREAD[(l3 >>> s) & 255] << 3);
      }
      return;
    }
    inter[j] = SPREAD[(h0 >>> sh) & 255] | (SPREAD[(h1 >>> sh) & 255] << 1) | (SPREAD[(h2 >>> sh) & 255] << 2) | (SPREAD[(h3 >>> sh) & 255] << 3);
  }
}

/** Inverse of interleave over the first `words` words of inter (the rest of hi, lo cleared). */
function deinterleave(hi: Int32Array, lo: Int32Array, words: number): void {
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let j = 0; j < words && j < 4; j++) {
    const v = inter[j];
    const sh = 24 - 8 * j;
    h0 |= gather4(v) << sh;
    h1 |= gather4(v >>> 1) << sh;
    h2 |= gather4(v >>> 2) << sh;
    h3 |= gather4(v >>> 3) << sh;
  }
  for (let j = 4; j < words; j++) {
    const v = inter[j];
    const sh = 56 - 8 * j;
    l0 |= gather4(v) << sh;
    l1 |= gather4(v >>> 1) << sh;
    l2 |= gather4(v >>> 2) << sh;
    l3 |= gather4(v >>> 3) << sh;
  }
  hi[0] = h0; hi[1] = h1; hi[2] = h2; hi[3] = h3;
  lo[0] = l0; lo[1] = l1; lo[2] = l2; lo[3] = l3;
}

/**
 * Encodes the top `prec` planes of the 4 coefficients in at most maxbits bits; returns the
 * bits written.
 */
export function encodePlanes1(w: BitWriter, maxbits: number, prec: number, hi: Int32Array, lo: Int32Array): number {
  // Every plane takes at least a bit: a small budget (fixed rate) reaches no further than this.
  if (prec > maxbits) prec = maxbits;
  interleave(hi, lo, prec);
  const words = w.words;
  let cur = w.cur;
  let nb = w.nbits;
  let wpos = w.wpos;
  let bits = maxbits;
  let n = 0;
  let t = 0;
  while (bits > 0 && t < prec) {
    if (n === 4) {
      // Every coefficient significant: the remaining planes verbatim, up to the budget.
      let count = 4 * (prec - t);
      if (count > bits) count = bits;
      bits -= count;
      let at = 4 * t;
      while (count > 0) {
        const i = at >>> 5;
        const off = at & 31;
        let v = off ? (inter[i] >>> off) | (inter[i + 1] << (32 - off)) : inter[i];
        const m = count < 32 ? count : 32;
        if (m < 32) v &= (1 << m) - 1;
        at += m;
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
    const x = (inter[t >>> 3] >>> (4 * (t & 7))) & 15;
    const e = ENC4[(n << 4) | x];
    const len = (e >>> 9) & 0xf;
    if (len <= bits) {
      // The whole plane fits the budget: its code as the table has it.
      const code = e & 0x1ff;
      n = e >>> 13;
      bits -= len;
      cur |= code << nb;
      nb += len;
      if (nb >= 32) {
        words[wpos++] = cur;
        nb -= 32;
        cur = nb ? code >>> (len - nb) : 0;
      }
    } else {
      w.cur = cur;
      w.nbits = nb;
      w.wpos = wpos;
      const left = encodePlaneCounted(w, x, n, 4, bits);
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

/** Decodes what encodePlanes1 wrote into hi/lo (all four entries set); returns the bits read. */
export function decodePlanes1(r: BitReader, maxbits: number, prec: number, hi: Int32Array, lo: Int32Array): number {
  if (prec > maxbits) prec = maxbits;
  const nwords = (prec + 7) >>> 3;
  for (let j = 0; j < nwords; j++) inter[j] = 0;
  const words = r.words;
  let pos = r.pos;
  let bits = maxbits;
  let n = 0;
  let t = 0;
  while (bits > 0 && t < prec) {
    if (n === 4) {
      let count = 4 * (prec - t);
      if (count > bits) count = bits;
      bits -= count;
      let at = 4 * t;
      while (count > 0) {
        const m = count < 32 ? count : 32;
        let v = peekAt(words, pos);
        if (m < 32) v &= (1 << m) - 1;
        pos += m;
        count -= m;
        const i = at >>> 5;
        const off = at & 31;
        inter[i] |= v << off;
        if (off) inter[i + 1] |= v >>> (32 - off);
        at += m;
      }
      break;
    }
    let x: number;
    const i = pos >>> 5;
    const off = pos & 31;
    let v = words[i] >>> off;
    if (off > 23) v |= words[i + 1] << (32 - off);
    const e = DEC4[(n << 9) | (v & 0x1ff)];
    const len = (e >>> 4) & 0xf;
    if (len <= bits) {
      // The plane ends within the budget: decoded as the table has it.
      x = e & 0xf;
      n = e >>> 8;
      pos += len;
      bits -= len;
    } else {
      r.pos = pos;
      x = decodePlaneCounted(r, n, 4, bits);
      n = planeN;
      bits = planeBits;
      pos = r.pos;
    }
    inter[t >>> 3] |= x << (4 * (t & 7));
    t++;
  }
  r.pos = pos;
  deinterleave(hi, lo, nwords);
  return maxbits - bits;
}
