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
  initialized(): number;
  init(): void;
  encode(src: number, nx: number, minexp: number, tol: number, check: number, out: number, noted: number): number;
  noted(): number;
  decode(stream: number, size: number, nx: number, minexp: number, dst: number): number;
}

/** The kernel's bits per block at most (float32, 1-D, accuracy mode: maxbits never cuts). */
const BLOCK_BITS = maxBlockBits(accuracyParams(1), 'float32', 1);
/** Zero bytes the decoder may read past a stream: its 8-byte window, one block past the end. */
const READ_SLACK = 32;

/** An instance of the kernel (util/wasm.ts keeps one idle between operations), its tables in. */
function takeKernel(): KernelMemory<ZfpKernel> {
  const mem = KernelMemory.take<ZfpKernel>('zfp');
  const k = mem.exports;
  if (!k.initialized()) {
    const u8 = mem.heap.u8;
    u8.set(new Uint8Array(ENC4.buffer), k.enc4());
    u8.set(new Uint8Array(DEC4.buffer), k.dec4());
    u8.set(new Uint8Array(SPREAD.buffer), k.spread());
    k.init();
  }
  return mem;
}

/**
 * The stream of data[0..nx) (finite float32 values, nx <= COLUMN32_MAX) in libzfp's 1-D
 * accuracy mode with 2^minexp: the same bits encodeBlock32 writes for each block, padded to a
 * word of wordBits bits. With `check`, the positions restored farther than tol from their
 * value go to note(), in increasing order.
 */
export function encodeColumn32(data: Float32Array, nx: number, minexp: number, tol: number, check: number, note: (i: number) => void, wordBits: WordBits, arena?: StreamArena): Uint8Array {
  const mem = takeKernel();
  try {
    const src = mem.alloc(4 * nx);
    const out = mem.alloc(Math.ceil((Math.ceil(nx / 4) * BLOCK_BITS) / 8) + 8);
    const notes = check === CHECK_NONE ? 0 : mem.alloc(4 * nx);
    const heap = mem.heap;
    heap.f32.set(data.length === nx ? data : data.subarray(0, nx), src >> 2);
    const bits = mem.exports.encode(src, nx, minexp, tol, check, out, notes);
    const noted = mem.exports.noted();
    for (let k = 0; k < noted; k++) note(heap.i32[(notes >> 2) + k]);
    return paddedCopy(heap.u8.subarray(out), bits, wordBits, arena);
  } finally {
    mem.release();
  }
}

/**
 * Decodes into out[0..nx) what encodeColumn32 (or libzfp's 1-D float accuracy mode with
 * 2^minexp) wrote: decodeBlock32's values. Returns the bit position after the last block, for
 * the caller's check against the stream's end (past it when the stream is cut short: then
 * decoding stopped there, and out holds no values of use).
 */
export function decodeColumn32(bytes: Uint8Array, out: Float32Array, nx: number, minexp: number): number {
  const mem = takeKernel();
  try {
    const stream = mem.alloc(bytes.length + READ_SLACK);
    const dst = mem.alloc(4 * nx);
    const heap = mem.heap;
    heap.u8.set(bytes, stream);
    heap.u8.fill(0, stream + bytes.length, stream + bytes.length + READ_SLACK);
    const pos = mem.exports.decode(stream, bytes.length * 8, nx, minexp, dst);
    out.set(heap.f32.subarray(dst >> 2, (dst >> 2) + nx));
    return pos;
  } finally {
    mem.release();
  }
}
