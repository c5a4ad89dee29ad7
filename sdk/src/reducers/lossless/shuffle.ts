// Byte and bit shuffle filters, done here rather than in blosc because numcodecs' blosc
// wrapper fixes blosc's typesize at 4, which would cut float64 values in halves. Both are
// applied to a whole stream (one block) and both are exact permutations of its bytes/bits.
//
// Layouts, for a stream of n = floor(len / T) elements of T bytes (T = 4 or 8):
// - byte: c-blosc's shuffle. out[k * n + i] = in[i * T + k]: byte k of every element
//   together, k = 0 (least significant, little-endian) first. The len % T trailing bytes
//   are copied unchanged at the end.
// - bit: the bitshuffle library's layout (bshuf_trans_bit_elem) over one block of
//   m = 8 * floor(n / 8) elements. Row r = 8 * k + b (byte k, bit b, b = 0 least
//   significant) holds bit b of byte k of every element, m / 8 bytes per row, element i's
//   bit at bit (i % 8) of the row's byte floor(i / 8). Rows follow each other in r order;
//   the bytes from element m on (n % 8 elements and len % T bytes) are copied unchanged.

export type ShuffleKind = 'none' | 'byte' | 'bit';
export const SHUFFLE_KINDS: readonly ShuffleKind[] = ['none', 'byte', 'bit'];

/** The filtered bytes, in a new array of the same length. */
export function shuffle(src: Uint8Array, typesize: number, kind: ShuffleKind): Uint8Array {
  const out = new Uint8Array(src.length);
  shuffleInto(src, typesize, kind, out);
  return out;
}

/** The filtered bytes, written into dst (same length as src), so an encoder can reuse one buffer for every stream. */
export function shuffleInto(src: Uint8Array, typesize: number, kind: ShuffleKind, dst: Uint8Array): void {
  if (dst.length !== src.length) throw new RangeError(`shuffle: ${src.length} bytes into ${dst.length}`);
  if (kind === 'byte') byteShuffle(src, typesize, dst);
  else if (kind === 'bit') bitShuffle(src, typesize, dst);
  else dst.set(src);
}

/** The inverse of shuffle, in a new array of the same length. */
export function unshuffle(src: Uint8Array, typesize: number, kind: ShuffleKind): Uint8Array {
  const out = new Uint8Array(src.length);
  unshuffleInto(src, typesize, kind, out);
  return out;
}

/** The inverse of shuffle, written into dst (same length as src), so a decoder can restore straight into its column. */
export function unshuffleInto(src: Uint8Array, typesize: number, kind: ShuffleKind, dst: Uint8Array): void {
  if (dst.length !== src.length) throw new RangeError(`unshuffle: ${src.length} bytes into ${dst.length}`);
  if (kind === 'byte') byteUnshuffle(src, typesize, dst);
  else if (kind === 'bit') bitUnshuffle(src, typesize, dst);
  else dst.set(src);
}

// Elements per pass: the strided side of a pass (CHUNK * typesize bytes) stays in cache
// while each of the typesize planes is visited, about twice as fast on long streams.
const CHUNK = 2048;

export function byteShuffle(src: Uint8Array, typesize: number, dst: Uint8Array): void {
  const n = Math.floor(src.length / typesize);
  for (let i0 = 0; i0 < n; i0 += CHUNK) {
    const i1 = Math.min(n, i0 + CHUNK);
    for (let k = 0; k < typesize; k++) {
      const base = k * n;
      for (let i = i0, s = i0 * typesize + k; i < i1; i++, s += typesize) dst[base + i] = src[s];
    }
  }
  copyTail(src, dst, n * typesize);
}

export function byteUnshuffle(src: Uint8Array, typesize: number, dst: Uint8Array): void {
  const n = Math.floor(src.length / typesize);
  for (let i0 = 0; i0 < n; i0 += CHUNK) {
    const i1 = Math.min(n, i0 + CHUNK);
    for (let k = 0; k < typesize; k++) {
      const base = k * n;
      for (let i = i0, d = i0 * typesize + k; i < i1; i++, d += typesize) dst[d] = src[base + i];
    }
  }
  copyTail(src, dst, n * typesize);
}

export function bitShuffle(src: Uint8Array, typesize: number, dst: Uint8Array): void {
  const groups = Math.floor(src.length / typesize / 8);
  const stride = typesize;
  for (let k = 0; k < typesize; k++) {
    const rowBase = 8 * k * groups;
    for (let g = 0; g < groups; g++) {
      // The 8 bytes k of elements 8g..8g+7, little-endian in two 32-bit words.
      let s = 8 * g * stride + k;
      const lo = src[s] | (src[(s += stride)] << 8) | (src[(s += stride)] << 16) | (src[(s += stride)] << 24);
      const hi = src[(s += stride)] | (src[(s += stride)] << 8) | (src[(s += stride)] << 16) | (src[(s += stride)] << 24);
      writeTransposed(lo, hi, dst, rowBase + g, groups);
    }
  }
  copyTail(src, dst, groups * 8 * typesize);
}

export function bitUnshuffle(src: Uint8Array, typesize: number, dst: Uint8Array): void {
  const groups = Math.floor(src.length / typesize / 8);
  const stride = typesize;
  for (let k = 0; k < typesize; k++) {
    const rowBase = 8 * k * groups;
    for (let g = 0; g < groups; g++) {
      let s = rowBase + g;
      const lo = src[s] | (src[(s += groups)] << 8) | (src[(s += groups)] << 16) | (src[(s += groups)] << 24);
      const hi = src[(s += groups)] | (src[(s += groups)] << 8) | (src[(s += groups)] << 16) | (src[(s += groups)] << 24);
      // The 8x8 bit transpose is its own inverse.
      writeTransposed(lo, hi, dst, 8 * g * stride + k, stride);
    }
  }
  copyTail(src, dst, groups * 8 * typesize);
}

/**
 * Transposes the 8x8 bit matrix held in (lo, hi) (byte j = row j) and writes byte b of the
 * result (bit b of every input byte, input byte j at bit j) to dst[at + b * step].
 * bitshuffle's TRANS_BIT_8X8 on a 64-bit word, split into 32-bit halves: the first two
 * steps never mix the halves, the third exchanges nibbles between them.
 */
function writeTransposed(lo: number, hi: number, dst: Uint8Array, at: number, step: number): void {
  let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
  lo = lo ^ t ^ (t << 7);
  t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
  hi = hi ^ t ^ (t << 7);
  t = (lo ^ (lo >>> 14)) & 0x0000cccc;
  lo = lo ^ t ^ (t << 14);
  t = (hi ^ (hi >>> 14)) & 0x0000cccc;
  hi = hi ^ t ^ (t << 14);
  t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
  lo ^= t;
  hi ^= t >>> 4;
  dst[at] = lo;
  dst[(at += step)] = lo >>> 8;
  dst[(at += step)] = lo >>> 16;
  dst[(at += step)] = lo >>> 24;
  dst[(at += step)] = hi;
  dst[(at += step)] = hi >>> 8;
  dst[(at += step)] = hi >>> 16;
  dst[(at += step)] = hi >>> 24;
}

function copyTail(src: Uint8Array, dst: Uint8Array, from: number): void {
  if (from < src.length) dst.set(src.subarray(from), from);
}
