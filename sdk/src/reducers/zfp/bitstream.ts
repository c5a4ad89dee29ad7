// The bit stream under zfp's compressed format: bits are written least significant first into
// little-endian words, and a finished stream is padded with zeros to a whole word. libzfp's
// default word is 64 bits (Debian builds it with 8); the bits are the same, only the padding differs.

import { FormatError } from '../../util/errors';
import type { StreamArena } from '../stream-arena';

/** Stream word sizes: 64 is libzfp's default, 8 what Debian's libzfp-dev is built with. */
export type WordBits = 8 | 64;

let scratch = new Uint32Array(1024);

/**
 * Appends bits LSB first. The capacity is fixed up front (callers know the worst case); the
 * buffer is shared between writers, so only one may be in use at a time (finish copies out).
 * The state is public so that the hot coders in planes.ts can keep it in locals.
 */
export class BitWriter {
  readonly words: Uint32Array;
  /** Whole 32-bit words written. */
  wpos = 0;
  /** Pending bits, nbits of them (0 <= nbits < 32). */
  cur = 0;
  nbits = 0;

  constructor(maxBits: number) {
    const need = Math.ceil(maxBits / 64) * 2 + 2;
    if (scratch.length < need) scratch = new Uint32Array(Math.max(need, scratch.length * 2));
    this.words = scratch;
  }

  /** Writes the low n bits of value, 0 <= n <= 32; value must have no bits above n. */
  write(value: number, n: number): void {
    this.cur |= value << this.nbits;
    this.nbits += n;
    if (this.nbits >= 32) {
      this.words[this.wpos++] = this.cur;
      this.nbits -= 32;
      this.cur = this.nbits ? value >>> (n - this.nbits) : 0;
    }
  }

  /** Writes n zero bits (any n >= 0): the padding of fixed-rate blocks. */
  pad(n: number): void {
    while (n > 32) {
      this.write(0, 32);
      n -= 32;
    }
    this.write(0, n);
  }

  /** Bits written so far. */
  get position(): number {
    return this.wpos * 32 + this.nbits;
  }

  /**
   * The stream padded to a whole word of wordBits (8 or 64) bits, as bytes: a copy of the used
   * part, in `arena` when given (many small streams: no buffer of their own each).
   */
  finish(wordBits: WordBits = 64, arena?: StreamArena): Uint8Array {
    const bits = this.position;
    // The shared buffer may hold an earlier stream's words past this one's end: clear them.
    this.words[this.wpos] = this.cur;
    this.words[this.wpos + 1] = 0;
    return paddedCopy(new Uint8Array(this.words.buffer), bits, wordBits, arena);
  }
}

/**
 * The stream of `bits` bits at the start of `bytes` (zeros after them up to the next 64-bit
 * word) padded to a whole word of wordBits bits: a copy, in `arena` when given.
 */
export function paddedCopy(bytes: Uint8Array, bits: number, wordBits: WordBits, arena?: StreamArena): Uint8Array {
  const used = bytes.subarray(0, (Math.ceil(bits / wordBits) * wordBits) / 8);
  return arena ? arena.copy(used) : used.slice();
}

/**
 * Streams up to this many words are read from one shared buffer (a column of a wide table is a
 * stream of a few kB: a buffer of its own each would cost more than decoding it); larger ones
 * get their own, so that one big stream does not pin its size in memory for good.
 */
const SHARED_READ_WORDS = 1 << 18;
let readScratch = new Uint32Array(1024);
/** readScratch's bytes (a view kept with it: a wide table's streams would each make one). */
let readScratchBytes = new Uint8Array(readScratch.buffer);
/** Words of readScratch that may be non-zero (written by the last reader). */
let readDirty = 0;

/** The shared read buffer, at least `need` words, all zero from word `from` on. */
function sharedReadWords(need: number, from: number): Uint32Array {
  if (readScratch.length < need) {
    readScratch = new Uint32Array(Math.min(SHARED_READ_WORDS, Math.max(need, readScratch.length * 2)));
    readScratchBytes = new Uint8Array(readScratch.buffer);
  } else if (from < readDirty) {
    readScratch.fill(0, from, readDirty);
  }
  readDirty = need;
  return readScratch;
}

/**
 * Reads bits LSB first from a stream written by BitWriter or by libzfp. A small stream is read
 * from a buffer shared between readers, so only the latest reader may be in use.
 */
export class BitReader {
  readonly words: Uint32Array;
  /** Bit position of the next read. */
  pos = 0;
  /** Bits in the stream (reads beyond it see zeros and are caught by `checkInside`). */
  readonly size: number;

  constructor(bytes: Uint8Array) {
    if (bytes.length >= 2 ** 29) throw new FormatError(`zfp stream of ${bytes.length} bytes is larger than the 512 MB this reader handles`);
    // Two spare zero words let `peek` read past the last word without a bounds test.
    const need = Math.ceil(bytes.length / 4) + 2;
    if (need <= SHARED_READ_WORDS) {
      this.words = sharedReadWords(need, bytes.length >>> 2);
      readScratchBytes.set(bytes);
    } else {
      this.words = new Uint32Array(need);
      new Uint8Array(this.words.buffer).set(bytes);
    }
    this.size = bytes.length * 8;
  }

  /** The next n bits (0 <= n <= 31) without consuming them. */
  peek(n: number): number {
    const i = this.pos >>> 5;
    const off = this.pos & 31;
    let v = this.words[i] >>> off;
    if (off) v |= this.words[i + 1] << (32 - off);
    return v & ((1 << n) - 1);
  }

  read(n: number): number {
    const v = this.peek(n);
    this.pos += n;
    return v;
  }

  readBit(): number {
    const p = this.pos++;
    return (this.words[p >>> 5] >>> (p & 31)) & 1;
  }

  skip(n: number): void {
    this.pos += n;
  }

  /** Throws when decoding has run past the end of the stream (truncated or foreign bytes). */
  checkInside(what: string): void {
    checkInside(this.pos, this.size, what);
  }
}

/** Throws when decoding has reached bit `pos` of a stream of `size` bits. */
export function checkInside(pos: number, size: number, what: string): void {
  if (pos > size) throw new FormatError(`${what}: zfp stream truncated (needs more than its ${size / 8} bytes)`);
}
