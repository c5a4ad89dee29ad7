// The hot case of zfp-rel and zfp-accuracy by column: a 1-D float32 array in accuracy mode,
// where maxbits never cuts a block short, coded by the WebAssembly kernel sdk/assembly/zfp.ts a
// whole array per call (the general path, array.ts with block32.ts and planes1.ts, moves each
// block through shared typed arrays and five calls; V8's JIT made a JavaScript copy of this
// loop fast only after it had warmed up, and unevenly). This side copies the values and the
// stream in and out of the kernel's memory. The bits are the general path's (and libzfp's):
// test/zfp/fastpaths.test.ts compares them.

import type { StreamArena } from '../stream-arena';
import { KernelMemory } from '../../util/wasm';
import { paddedCopy, type WordBits } from './bitstream';
import { accuracyParams, maxBlockBits } from './params';
import { DEC4, ENC4, SPREAD } from './planes1';

/** What the encoder checks of each block's restored values against the tolerance. */
export const CHECK_NONE = 0;
export const CHECK_ALL = 1;
/** Only the blocks whose bound is not certain from their exponent (params.ts, provablyWithin). */
export const CHECK_UNPROVEN = 2;

/**
 * The longest array and stream the kernel takes: its bit positions are int32 (longer ones take
 * the general path). A stream of COLUMN32_MAX values takes less than COLUMN32_MAX * 4 bytes.
 */
export const COLUMN32_MAX = 2 ** 25;

interface ZfpKernel {
  enc4(): number;
  dec4(): number;
  spread(): number;
  init(): void;
  encode(src: number, nx: number, minexp: number, tol: number, check: number, out: number, noted: number): number;
  noted(): number;
  decode(stream: number, size: number, nx: number, minexp: number, dst: number): number;
}

/** The kernel's bits per block at most (float32, 1-D, accuracy mode: maxbits never cuts). */
const BLOCK_BITS = maxBlockBits(accuracyParams(1), 'float32', 1);
/** Zero bytes the decoder may read past a stream: its 8-byte window, one block past the end. */
const READ_SLACK = 32;

/**
 * A kernel instance laid out for arrays of up to `values` values: the values (read by encode,
 * written by decode), the stream, and the positions encode notes outside the tolerance.
 */
class Column32Kernel {
  private readonly mem = new KernelMemory<ZfpKernel>('zfp');
  private values = -1;
  private bytes = 0;
  private src = 0;
  private stream = 0;
  private notes = 0;
  private valueView = new Float32Array(0);
  private streamView = new Uint8Array(0);
  private noteView = new Int32Array(0);

  constructor() {
    const k = this.mem.exports;
    this.mem.u8(k.enc4(), ENC4.byteLength).set(new Uint8Array(ENC4.buffer));
    this.mem.u8(k.dec4(), DEC4.byteLength).set(new Uint8Array(DEC4.buffer));
    this.mem.u8(k.spread(), SPREAD.byteLength).set(new Uint8Array(SPREAD.buffer));
    k.init();
  }

  /** Lays out room for nx values and a stream of `bytes` bytes (and the decoder's slack), when there is not already. */
  private layout(nx: number, bytes: number): void {
    if (nx <= this.values && bytes <= this.bytes) return;
    this.values = Math.max(nx, this.values);
    this.bytes = Math.max(bytes, Math.ceil((Math.ceil(this.values / 4) * BLOCK_BITS) / 8), this.bytes);
    this.mem.reset();
    this.mem.reserve(8 * this.values + this.bytes + READ_SLACK + 64);
    this.src = this.mem.alloc(4 * this.values);
    this.stream = this.mem.alloc(this.bytes + READ_SLACK);
    this.notes = this.mem.alloc(4 * this.values);
    this.valueView = this.mem.f32(this.src, this.values);
    this.streamView = this.mem.u8(this.stream, this.bytes + READ_SLACK);
    this.noteView = this.mem.i32(this.notes, this.values);
  }

  encode(data: Float32Array, nx: number, minexp: number, tol: number, check: number, note: (i: number) => void, wordBits: WordBits, arena?: StreamArena): Uint8Array {
    this.layout(nx, 0);
    this.valueView.set(data.length === nx ? data : data.subarray(0, nx));
    const bits = this.mem.exports.encode(this.src, nx, minexp, tol, check, this.stream, this.notes);
    const noted = this.mem.exports.noted();
    for (let k = 0; k < noted; k++) note(this.noteView[k]);
    return paddedCopy(this.streamView, bits, wordBits, arena);
  }

  decode(bytes: Uint8Array, out: Float32Array, nx: number, minexp: number): number {
    this.layout(nx, bytes.length);
    this.streamView.set(bytes);
    this.streamView.fill(0, bytes.length, bytes.length + READ_SLACK);
    const pos = this.mem.exports.decode(this.stream, bytes.length * 8, nx, minexp, this.src);
    out.set(this.valueView.subarray(0, nx));
    return pos;
  }
}

/**
 * Arrays up to this many values share one kernel instance for the life of the process (a wide
 * table's columns: an instance each would cost more than coding them); a longer one gets its
 * own, so that its memory goes with it.
 */
const SHARED_VALUES = 1 << 18;
let shared: Column32Kernel | undefined;

function kernelFor(nx: number, bytes: number): Column32Kernel {
  if (nx > SHARED_VALUES || bytes > SHARED_VALUES * 4) return new Column32Kernel();
  shared ??= new Column32Kernel();
  return shared;
}

/**
 * The stream of data[0..nx) (finite float32 values, nx <= COLUMN32_MAX) in libzfp's 1-D
 * accuracy mode with 2^minexp: the same bits encodeBlock32 writes for each block, padded to a
 * word of wordBits bits. With `check`, the positions restored farther than tol from their
 * value go to note(), in increasing order.
 */
export function encodeColumn32(data: Float32Array, nx: number, minexp: number, tol: number, check: number, note: (i: number) => void, wordBits: WordBits, arena?: StreamArena): Uint8Array {
  return kernelFor(nx, 0).encode(data, nx, minexp, tol, check, note, wordBits, arena);
}

/**
 * Decodes into out[0..nx) what encodeColumn32 (or libzfp's 1-D float accuracy mode with
 * 2^minexp) wrote: decodeBlock32's values. Returns the bit position after the last block, for
 * the caller's check against the stream's end (past it when the stream is cut short: then
 * decoding stopped there, and out holds no values of use).
 */
export function decodeColumn32(bytes: Uint8Array, out: Float32Array, nx: number, minexp: number): number {
  return kernelFor(nx, bytes.length).decode(bytes, out, nx, minexp);
}
