// zfp's embedded coder: the negabinary coefficients of a block are sent one bit plane at a
// time from the most significant, each plane as its first n bits verbatim (n = coefficients
// already known to be significant) and the rest by group tests (unary run lengths).
// Coefficients are held as two Int32Array halves (hi, lo) so one coder serves int32 and int64:
// 32-bit coefficients live in `lo` alone (intprec 32, planes 31..0).

import type { BitReader, BitWriter } from './bitstream';

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Plane k of the first `size` coefficients as a bit mask (size <= 16). */
function extractPlane(hi: Int32Array, lo: Int32Array, size: number, k: number): number {
  const a = k >= 32 ? hi : lo;
  const sh = k & 31;
  let x = 0;
  for (let i = 0; i < size; i++) x |= ((a[i] >>> sh) & 1) << i;
  return x;
}

function depositPlane(hi: Int32Array, lo: Int32Array, x: number, k: number): void {
  const a = k >= 32 ? hi : lo;
  const bit = 1 << (k & 31);
  while (x) {
    a[ctz(x)] |= bit;
    x &= x - 1;
  }
}

/**
 * Encodes planes intprec-1 .. intprec-maxprec of `size` coefficients in at most maxbits bits;
 * returns the bits written. Identical output to libzfp's encode_few_ints(_prec).
 */
export function encodePlanes(w: BitWriter, maxbits: number, maxprec: number, hi: Int32Array, lo: Int32Array, size: number, intprec: number): number {
  if (size === 4) return encodePlanes4(w, maxbits, maxprec, hi, lo, intprec);
  const kmin = intprec > maxprec ? intprec - maxprec : 0;
  // A plane never takes more than 2 size + 1 bits; while that much budget is left the plane
  // is coded a run at a time (group test, zeros, one bit in one write), the writer's state
  // held in locals; near the end of a fixed-rate budget, a bit at a time as libzfp counts.
  const roomy = 2 * size + 1;
  const words = w.words;
  let cur = w.cur;
  let nb = w.nbits;
  let wpos = w.wpos;
  let bits = maxbits;
  let n = 0;
  for (let k = intprec - 1; bits > 0 && k >= kmin; k--) {
    const x = extractPlane(hi, lo, size, k);
    if (bits >= roomy) {
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
        if (last || n >= size) break;
        if (r === 0) {
          // negative group test: the plane is done
          v = 0;
          len = 1;
          last = true;
          continue;
        }
        const t = ctz(r);
        if (n + t < size - 1) {
          // group test 1, t zeros, the one bit
          v = 1 | (1 << (t + 1));
          len = t + 2;
          n += t + 1;
          r >>>= t + 1;
        } else {
          // the one bit is the last coefficient: implied after the zeros
          v = 1;
          len = t + 1;
          n = size;
        }
      }
      bits -= wpos * 32 + nb - start;
    } else {
      w.cur = cur;
      w.nbits = nb;
      w.wpos = wpos;
      const left = encodePlaneCounted(w, x, n, size, bits);
      n = left >>> 16;
      bits = left & 0xffff;
      cur = w.cur;
      nb = w.nbits;
      wpos = w.wpos;
    }
  }
  w.cur = cur;
  w.nbits = nb;
  w.wpos = wpos;
  return maxbits - bits;
}

/** One plane, a bit at a time within `bits`; returns (new n << 16) | bits left. */
function encodePlaneCounted(w: BitWriter, x: number, n: number, size: number, bits: number): number {
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

/** Decodes what encodePlanes wrote into hi/lo (cleared first); returns the bits read. Mirrors libzfp's decode_ints. */
export function decodePlanes(r: BitReader, maxbits: number, maxprec: number, hi: Int32Array, lo: Int32Array, size: number, intprec: number): number {
  if (size === 4) return decodePlanes4(r, maxbits, maxprec, hi, lo, intprec);
  hi.fill(0, 0, size);
  lo.fill(0, 0, size);
  const kmin = intprec > maxprec ? intprec - maxprec : 0;
  const roomy = 2 * size + 1;
  const words = r.words;
  let pos = r.pos;
  let bits = maxbits;
  let n = 0;
  for (let k = intprec - 1; bits > 0 && k >= kmin; k--) {
    let x = 0;
    if (bits >= roomy) {
      const start = pos;
      if (n > 0) {
        x = peekAt(words, pos) & ((1 << n) - 1);
        pos += n;
      }
      // group tests: a 1 announces a one bit among the rest, found by its run of zeros
      while (n < size && (words[pos >>> 5] >>> (pos & 31)) & 1) {
        pos++;
        const limit = size - 1 - n;
        if (limit > 0) {
          const ahead = peekAt(words, pos) & ((1 << limit) - 1);
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
      // the negative group test that ended the plane
      if (n < size) pos++;
      bits -= pos - start;
    } else {
      r.pos = pos;
      x = decodePlaneCounted(r, n, size, bits);
      n = planeN;
      bits = planeBits;
      pos = r.pos;
    }
    depositPlane(hi, lo, x, k);
  }
  r.pos = pos;
  return maxbits - bits;
}

/** The 32 bits from bit position pos on (words has a spare zero word at its end). */
function peekAt(words: Uint32Array, pos: number): number {
  const i = pos >>> 5;
  const off = pos & 31;
  return off ? (words[i] >>> off) | (words[i + 1] << (32 - off)) : words[i];
}

// Second and third results of the plane decoders (module state: no allocation per plane).
let planeN = 0;
let planeBits = 0;

function decodePlaneCounted(r: BitReader, n: number, size: number, bits: number): number {
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

// 1-D blocks (4 coefficients) are the hot case of the `columns` layout: a plane there is at most
// 9 bits, so each (n, plane) pair has its code in a table, and each (n, next 9 bits) its
// decoding. Entries: code | length << 9 | new n << 13, and plane | length << 4 | new n << 8.
const ENC4 = new Uint32Array(5 * 16);
const DEC4 = new Uint32Array(5 * 512);

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
}
buildTables();

/** Longest code of a 1-D plane: with at least this much budget left the tables apply. */
const ROOMY4 = 9;

function encodePlanes4(w: BitWriter, maxbits: number, maxprec: number, hi: Int32Array, lo: Int32Array, intprec: number): number {
  const kmin = intprec > maxprec ? intprec - maxprec : 0;
  const h0 = hi[0], h1 = hi[1], h2 = hi[2], h3 = hi[3];
  const l0 = lo[0], l1 = lo[1], l2 = lo[2], l3 = lo[3];
  const words = w.words;
  let cur = w.cur;
  let nb = w.nbits;
  let wpos = w.wpos;
  let bits = maxbits;
  let n = 0;
  for (let k = intprec - 1; bits > 0 && k >= kmin; k--) {
    let x: number;
    if (k >= 32) {
      const s = k - 32;
      x = ((h0 >>> s) & 1) | (((h1 >>> s) & 1) << 1) | (((h2 >>> s) & 1) << 2) | (((h3 >>> s) & 1) << 3);
    } else {
      x = ((l0 >>> k) & 1) | (((l1 >>> k) & 1) << 1) | (((l2 >>> k) & 1) << 2) | (((l3 >>> k) & 1) << 3);
    }
    if (bits >= ROOMY4) {
      const e = ENC4[(n << 4) | x];
      const code = e & 0x1ff;
      const len = (e >>> 9) & 0xf;
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
  }
  w.cur = cur;
  w.nbits = nb;
  w.wpos = wpos;
  return maxbits - bits;
}

function decodePlanes4(r: BitReader, maxbits: number, maxprec: number, hi: Int32Array, lo: Int32Array, intprec: number): number {
  const kmin = intprec > maxprec ? intprec - maxprec : 0;
  const words = r.words;
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let pos = r.pos;
  let bits = maxbits;
  let n = 0;
  for (let k = intprec - 1; bits > 0 && k >= kmin; k--) {
    let x: number;
    if (bits >= ROOMY4) {
      const i = pos >>> 5;
      const off = pos & 31;
      let v = words[i] >>> off;
      if (off > 23) v |= words[i + 1] << (32 - off);
      const e = DEC4[(n << 9) | (v & 0x1ff)];
      x = e & 0xf;
      const len = (e >>> 4) & 0xf;
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
    if (k >= 32) {
      const s = k - 32;
      h0 |= (x & 1) << s;
      h1 |= ((x >>> 1) & 1) << s;
      h2 |= ((x >>> 2) & 1) << s;
      h3 |= ((x >>> 3) & 1) << s;
    } else {
      l0 |= (x & 1) << k;
      l1 |= ((x >>> 1) & 1) << k;
      l2 |= ((x >>> 2) & 1) << k;
      l3 |= ((x >>> 3) & 1) << k;
    }
  }
  r.pos = pos;
  hi[0] = h0; hi[1] = h1; hi[2] = h2; hi[3] = h3;
  lo[0] = l0; lo[1] = l1; lo[2] = l2; lo[3] = l3;
  return maxbits - bits;
}
