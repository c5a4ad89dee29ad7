// The SDK's WebAssembly kernels (sdk/assembly/*.ts, AssemblyScript, compiled by `npm run
// build` into sdk/wasm/*.wasm): loading them, and the memory an operation lays out in them.
// A kernel module is compiled once per process; each operation (one encode, one decode) takes
// an instance of its own and hands it back when done. One idle instance per kernel is kept for
// the next operation (up to KEEP_BYTES of memory): on this project's machines the first write
// to fresh memory costs more than the kernels' work on it (about 15 microseconds per 4 KiB page,
// 3.7 ns a byte, measured), and a sweep runs one operation after another on the same shapes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UnavailableError } from './errors';

/** The part of the WebAssembly API used here (the build's type libraries do not declare it). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** An idle instance is kept when its memory is at most this large (WebAssembly memory cannot shrink). */
const KEEP_BYTES = 256 * 2 ** 20;
const compiled = new Map<string, object>();
const idle = new Map<string, KernelMemory<unknown>>();

/** The compiled kernel module `name` (sdk/wasm/<name>.wasm; the path is the same from src/ and dist/). */
export function kernelModule(name: string): object {
  const known = compiled.get(name);
  if (known) return known;
  const file = path.join(__dirname, '..', '..', 'wasm', `${name}.wasm`);
  if (!wasmApi) throw new UnavailableError('this JavaScript engine has no WebAssembly, which the SDK\'s kernels need');
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UnavailableError(`the WebAssembly kernel ${file} is missing: run \`npm run build\` first`);
  }
  const module = new wasmApi.Module(bytes);
  compiled.set(name, module);
  return module;
}

/**
 * One instance of a kernel module and its memory, laid out by a bump allocator from the end
 * of the module's own data. An allocation may grow the memory, which detaches every view taken
 * of it before: an operation allocates first and takes views after, or reads and writes through
 * `heap`, whose views are made again after a growth.
 */
export class KernelMemory<E> {
  readonly exports: E;
  private readonly memory: WasmMemory;
  private readonly base: number;
  private top: number;
  private views: HeapViews | null = null;

  private constructor(private readonly name: string) {
    const instance = new (wasmApi as WasmApi).Instance(kernelModule(name), {});
    this.exports = instance.exports as E;
    this.memory = instance.exports.memory as WasmMemory;
    this.base = align((instance.exports.heapBase as () => number)());
    this.top = this.base;
  }

  /**
   * An instance of kernel `name` with nothing allocated: the one kept idle (whose memory holds
   * what its last operation left there), or a new one.
   */
  static take<E>(name: string): KernelMemory<E> {
    const kept = idle.get(name);
    if (kept) {
      idle.delete(name);
      kept.reset();
      return kept as KernelMemory<E>;
    }
    return new KernelMemory<E>(name);
  }

  /** Hands the instance back (no view of its memory may be used after this). */
  release(): void {
    if (this.memory.buffer.byteLength <= KEEP_BYTES) idle.set(this.name, this);
  }

  /** Grows the memory to hold `bytes` more than is allocated now (this detaches earlier views). */
  private reserve(bytes: number): void {
    const need = this.top + bytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) {
      if (need > 2 ** 32 - PAGE) throw new UnavailableError(`a WebAssembly kernel needs ${need} bytes, over its 4 GiB address space`);
      this.memory.grow(Math.ceil((need - have) / PAGE));
    }
  }

  /** The offset of `bytes` bytes (16-aligned; not zeroed: an instance taken again holds its last operation's data). */
  alloc(bytes: number): number {
    const at = this.top;
    this.reserve(align(bytes));
    this.top = at + align(bytes);
    return at;
  }

  /** Forgets every allocation (the memory stays, for the next ones). */
  reset(): void {
    this.top = this.base;
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /** Views of the whole memory, for reads and writes at offsets (index = offset / element size), made again after it grows. */
  get heap(): HeapViews {
    const buffer = this.memory.buffer;
    if (this.views?.buffer !== buffer) this.views = { buffer, u8: new Uint8Array(buffer), i32: new Int32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
    return this.views;
  }
  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, at, n);
  }
  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n);
  }
  i32(at: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, n);
  }
  u8(at: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, n);
  }
}

export interface HeapViews {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}
