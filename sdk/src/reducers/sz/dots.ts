// The wide-table planner's dot products (planner.ts, stream version 4). Its choices must not
// move by a bit, so every path sums in one fixed order: four running sums, s_k taking the
// products from + k, k + 4, k + 8, ..., the leftover ones into s0, then (s0 + s1) + (s2 + s3).
// dot4 is that order in JavaScript; WasmDots the same order in WebAssembly SIMD (lanes
// (s0, s1) and (s2, s3) of two f64x2 sums: a lane's multiply and add round as the scalar ones
// do, and WebAssembly never fuses them), about 3x faster on the fit rows' length, for arrays
// that live in its memory.

/**
 * The dot product of a and b over [from, to) in the order above (about 2-3x faster on Node 20
 * than one running sum, which waits on each addition). Symmetric (a[r] * b[r] is b[r] * a[r] in
 * IEEE arithmetic), which the planner's pair cache relies on. The range is given by offsets,
 * not subarrays: a view per call was an allocation per candidate.
 */
export function dot4(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let r = from;
  // Eight products per pass, each sum taking the same ones in the same order as four per pass
  // would (s0 takes from + 0, 4, 8, ...): the same results with half the loop's overhead.
  for (; r + 7 < to; r += 8) {
    s0 += a[r] * b[r];
    s1 += a[r + 1] * b[r + 1];
    s2 += a[r + 2] * b[r + 2];
    s3 += a[r + 3] * b[r + 3];
    s0 += a[r + 4] * b[r + 4];
    s1 += a[r + 5] * b[r + 5];
    s2 += a[r + 6] * b[r + 6];
    s3 += a[r + 7] * b[r + 7];
  }
  for (; r + 3 < to; r += 4) {
    s0 += a[r] * b[r];
    s1 += a[r + 1] * b[r + 1];
    s2 += a[r + 2] * b[r + 2];
    s3 += a[r + 3] * b[r + 3];
  }
  for (; r < to; r++) s0 += a[r] * b[r];
  return s0 + s1 + (s2 + s3);
}

/**
 * A WebAssembly module (assembled by hand, 229 bytes) exporting its memory `mem` (8 pages) and
 * dot(a, b, n): f64, the dot product of the n doubles at byte offsets a and b, in dot4's order:
 *   end4 = a + (n & ~3) * 8; endAll = end4 + (n & 3) * 8
 *   while a < end4: v01 += load128(a) * load128(b); v23 += load128(a + 16) * load128(b + 16); a += 32; b += 32
 *   s0 = v01[0]; while a < endAll: s0 += f64(a) * f64(b); a += 8; b += 8
 *   return (s0 + v01[1]) + (v23[0] + v23[1])
 */
const DOT_WASM =
  'AGFzbQEAAAABCAFgA39/fwF8AwIBAAUDAQAIBw0CA2RvdAAAA21lbQIACrgBAbUBBAF/AnsBfAF/IAAgAkF8cUEDdGohAyADIAJBA3FBA3RqIQcCQANAIAAgA08NASAEIAD9AAMAIAH9AAMA/fIB/fABIQQgBSAA/QADECAB/QADEP3yAf3wASEFIABBIGohACABQSBqIQEMAAsLIAT9IQAhBgJAA0AgACAHTw0BIAYgACsDACABKwMAoqAhBiAAQQhqIQAgAUEIaiEBDAALCyAGIAT9IQGgIAX9IQAgBf0hAaCgCw==';

/** The part of the WebAssembly API used here (the build's type libraries do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { dot: DotFn; mem: { buffer: ArrayBuffer } } };
}
type DotFn = (a: number, b: number, n: number) => number;

const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function dotModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const bytes = Uint8Array.from(atob(DOT_WASM), (ch) => ch.charCodeAt(0));
    // Without SIMD (an old engine) the module does not validate: dot4 serves alone.
    if (wasmApi && wasmApi.validate(bytes)) compiled = new wasmApi.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Arrays of one length in a WebAssembly memory of their own, and the module's dot product over
 * them. A planner holds one: its centred columns are taken from here (as many as fit; beyond,
 * the caller allocates ordinary arrays, whose products dot4 computes, with the same results).
 */
export class WasmDots {
  private readonly free: Float64Array[] = [];
  readonly dot: DotFn;
  private readonly buffer: ArrayBuffer;

  private constructor(exports: { dot: DotFn; mem: { buffer: ArrayBuffer } }, length: number) {
    this.dot = exports.dot;
    this.buffer = exports.mem.buffer;
    // Slots 16-byte aligned (the module's 128-bit loads need not be, but they are cheaper so).
    const slot = Math.ceil((length * 8) / 16) * 16;
    for (let at = 0; at + slot <= this.buffer.byteLength; at += slot) this.free.push(new Float64Array(this.buffer, at, length));
    this.free.reverse();
  }

  /** Slots of `length` doubles, or null where WebAssembly SIMD is not available. */
  static create(length: number): WasmDots | null {
    const module = dotModule();
    if (!module || !wasmApi || length <= 0) return null;
    return new WasmDots(new wasmApi.Instance(module, {}).exports, length);
  }

  /** A slot (its contents are whatever was left there), or null when all are taken. */
  take(): Float64Array | null {
    return this.free.pop() ?? null;
  }

  /** Whether `a` is one of this memory's slots (to be given back, and dotted by `dot`). */
  holds(a: Float64Array): boolean {
    return a.buffer === this.buffer;
  }

  give(a: Float64Array): void {
    this.free.push(a);
  }
}
