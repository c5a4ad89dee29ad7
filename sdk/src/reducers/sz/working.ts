// The columns' working values (the value, or log2|value| for sz-pwrel; NaN where a value is
// not predicted), computed when first asked for and released once the encoder is WINDOW
// columns past them: a float32 matrix's float64 working copy would otherwise double its
// memory. A float64 column with nothing to mark is its own working copy.

import type { FloatColumn } from '../../data/dataset';
import type { SzEncodeKernel } from './wasm';

const NONE = new Float64Array(0);

/**
 * Recycles the per-column float64 arrays of one length: a wide matrix releases one per
 * column, and fresh ones would leave the garbage collector far behind (the arrays live
 * outside the JS heap), which is what raised the peak memory.
 */
export class ColumnPool {
  private readonly free: Float64Array[];
  /** @param areas arrays to hand out first (the SZ encoder's, in its WebAssembly kernel's memory) */
  constructor(readonly length: number, areas: readonly Float64Array[] = []) {
    this.free = [...areas].reverse();
  }
  /** A zeroed array. */
  take(): Float64Array {
    const a = this.free.pop();
    return a ? a.fill(0) : new Float64Array(this.length);
  }
  /** An array whose every value the caller overwrites (not zeroed). */
  takeAny(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }
  give(a: Float64Array): void {
    if (a.length === this.length && a.length > 0) this.free.push(a);
  }
}

export class WorkingValues {
  /** Per column: the working values when held (an empty array for constant and released columns). */
  readonly columns: Float64Array[];
  private readonly state: Uint8Array;
  /** Per computed column, the least of its working values that are not NaN (0 when none): planner.ts's minOf, found in the same pass. */
  private readonly mins: Float64Array;

  /** @param constant per column, true when it is not coded (it has no working values) */
  constructor(
    private readonly source: readonly FloatColumn[],
    private readonly constant: readonly boolean[],
    private readonly log: boolean,
    private readonly pool: ColumnPool,
    /** Widens float32 columns outside the log domain (the loop below, in WebAssembly). */
    private readonly kernel: SzEncodeKernel | null = null,
  ) {
    this.columns = new Array<Float64Array>(source.length).fill(NONE);
    // 0: not computed yet, 1: held, 2: released; bit 4: the column holds no NaN; bit 8: a copy (pooled).
    this.state = new Uint8Array(source.length);
    this.mins = new Float64Array(source.length);
  }

  get length(): number {
    return this.source.length;
  }

  /** Column c's working values (computed now if needed; c must not have been released). */
  of(c: number): Float64Array {
    if ((this.state[c] & 3) === 0) this.compute(c);
    return this.columns[c];
  }

  /** The least of column c's working values that are not NaN, 0 when none (c coded, not released). */
  minOf(c: number): number {
    this.of(c);
    return this.mins[c];
  }

  /** Makes columns [from, to) available in `columns`. */
  hold(from: number, to: number): readonly Float64Array[] {
    for (let c = Math.max(0, from); c < Math.min(to, this.length); c++) this.of(c);
    return this.columns;
  }

  /** True when column c is coded and none of its values is NaN in the working domain. */
  regular(c: number): boolean {
    this.of(c);
    return (this.state[c] & 4) !== 0;
  }

  release(c: number): void {
    if (this.state[c] & 8) this.pool.give(this.columns[c]);
    this.columns[c] = NONE;
    this.state[c] = (this.state[c] & 4) | 2;
  }

  private compute(c: number): void {
    if (this.constant[c]) {
      this.state[c] = 1;
      return;
    }
    const col = this.source[c];
    const log = this.log;
    let regular = true;
    let work: Float64Array | null = null;
    let lo = Infinity;
    if (!log && col instanceof Float64Array) {
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v - v !== 0) regular = false;
        else if (v < lo) lo = v;
      }
      if (regular) work = col;
    }
    let copy = false;
    if (!work) {
      copy = true;
      work = this.pool.takeAny();
      if (!log && col instanceof Float32Array && this.kernel) {
        const kernel = this.kernel;
        regular = kernel.widen(col, work) === col.length;
        lo = kernel.widenedMin;
      } else {
        regular = true;
        lo = Infinity;
        for (let i = 0; i < col.length; i++) {
          const v = col[i];
          if (v - v === 0 && (!log || v !== 0)) {
            const w = log ? Math.log2(Math.abs(v)) : v;
            work[i] = w;
            if (w < lo) lo = w;
          } else {
            work[i] = NaN;
            regular = false;
          }
        }
      }
    }
    this.mins[c] = lo === Infinity ? 0 : lo;
    this.columns[c] = work;
    this.state[c] = 1 | (regular ? 4 : 0) | (copy ? 8 : 0);
  }
}
