// The TypeScript side of SZ's WebAssembly kernel (sdk/assembly/sz.ts): its exports, the
// memory one operation lays out in it, and the kernel's error codes as FormatErrors.

import { FormatError } from '../../util/errors';
import { KernelMemory } from '../../util/wasm';
import { RANS_LOW, RANS_TOTAL, readState, type DecodeTable } from '../entropy/rans';

type Ptr = number;

interface Global {
  value: number;
}

/** sdk/assembly/sz.ts's exports. */
interface SzExports {
  decodeColumn(st: Ptr, sym: Ptr, freq: Ptr, cum: Ptr, escape: number, lo: number, lsym: Ptr, lfreq: Ptr, lcum: Ptr, tokens: Ptr, n: number): number;
  reconstruct(kind: number, signed: number, coef: Ptr, twoEb: number, f32: number, tokens: Ptr, n: number, r0: Ptr, r1: Ptr, r2: Ptr, left: Ptr, outliers: Ptr, st: Ptr, out: Ptr, outF32: number, work: Ptr): number;
  ST_X0: Global;
  ST_X1: Global;
  ST_POS: Global;
  ST_END: Global;
  ST_ACC: Global;
  ST_FILL: Global;
  ST_RAW_POS: Global;
  ST_RAW_END: Global;
  ST_AT: Global;
  ST_OUT_AT: Global;
  ST_OUT_COUNT: Global;
  STATE_BYTES: Global;
  ERR_RANS_END: Global;
  ERR_RAW_END: Global;
  ERR_NO_LENGTHS: Global;
  ERR_TOKEN: Global;
  ERR_OUTLIERS: Global;
}

/** A decode table laid out in the kernel's memory. */
export interface WasmTable {
  sym: Ptr;
  freq: Ptr;
  cum: Ptr;
}

/** Bytes the kernel may read past a stream's end (decodeColumn reads two bytes ahead). */
const PAD = 8;

/** The memory of one decode: its state block and the segment, table and column areas. */
export class SzDecodeKernel {
  private readonly mem = new KernelMemory<SzExports>('sz');
  private readonly k: SzExports;
  /** The state block (i32 fields at the kernel's ST_ offsets). */
  readonly st: Ptr;
  private readonly outCount: number;
  private streamAt: Ptr = 0;
  private readonly tables = new Map<number, WasmTable & { symbols: number }>();
  private streamRoom = 0;

  /** @param outliers the stored outliers, copied in as f64 */
  constructor(outliers: ArrayLike<number>) {
    this.k = this.mem.exports;
    this.st = this.mem.alloc(this.k.STATE_BYTES.value);
    const at = this.mem.alloc(outliers.length * 8);
    this.mem.f64(at, outliers.length).set(outliers);
    this.outliersAt = at;
    this.outCount = outliers.length;
    this.set(this.k.ST_OUT_COUNT, outliers.length);
  }

  readonly outliersAt: Ptr;

  /** Room for `bytes` bytes (zeroed where fresh) at a fresh offset. */
  alloc(bytes: number): Ptr {
    return this.mem.alloc(bytes);
  }

  f64(at: Ptr, n: number): Float64Array {
    return this.mem.f64(at, n);
  }

  f32(at: Ptr, n: number): Float32Array {
    return this.mem.f32(at, n);
  }

  /**
   * A decode table copied in (its symbol per slot, and each symbol's frequency and start), in
   * the area of `slot` (each segment's tables take the areas of the last one's).
   */
  table(slot: number, t: DecodeTable): WasmTable {
    let area = this.tables.get(slot);
    if (!area || area.symbols < t.freq.length) {
      area = { sym: this.mem.alloc(RANS_TOTAL * 2), freq: this.mem.alloc(t.freq.length * 4), cum: this.mem.alloc(t.cum.length * 4), symbols: t.freq.length };
      this.tables.set(slot, area);
    }
    new Uint16Array(this.mem.buffer, area.sym, RANS_TOTAL).set(t.sym);
    this.mem.i32(area.freq, t.freq.length).set(t.freq);
    this.mem.i32(area.cum, t.cum.length).set(t.cum);
    return area;
  }

  /** Starts a segment: its rANS bytes (two 4-byte states first) and raw bits, copied in. */
  segment(coded: Uint8Array, bits: Uint8Array): void {
    if (coded.length < 8) throw new FormatError(`rans: stream of ${coded.length} bytes is shorter than its two 4-byte states`);
    const need = coded.length + bits.length + 2 * PAD;
    if (need > this.streamRoom) {
      // A larger segment than any before: a fresh area (the old one is not reused; segments
      // are of about one size, so this happens a few times per stream at most).
      this.streamRoom = Math.ceil(need * 1.25);
      this.streamAt = this.mem.alloc(this.streamRoom);
    }
    const codedAt = this.streamAt;
    const bitsAt = codedAt + coded.length + PAD;
    const bytes = new Uint8Array(this.mem.buffer);
    bytes.set(coded, codedAt);
    bytes.set(bits, bitsAt);
    const k = this.k;
    this.set(k.ST_X0, readState(coded, 0));
    this.set(k.ST_X1, readState(coded, 4));
    this.set(k.ST_POS, codedAt + 8);
    this.set(k.ST_END, codedAt + coded.length);
    this.set(k.ST_ACC, 0);
    this.set(k.ST_FILL, 0);
    this.set(k.ST_RAW_POS, bitsAt);
    this.set(k.ST_RAW_END, bitsAt + bits.length);
    this.set(k.ST_AT, 0);
  }

  /** n tokens of a column of the group with `table`, into `tokens`. */
  decodeColumn(table: WasmTable, escape: number, lo: number, lengths: WasmTable | null, tokens: Ptr, n: number): void {
    this.check(this.k.decodeColumn(this.st, table.sym, table.freq, table.cum, escape, lo, lengths?.sym ?? 0, lengths?.freq ?? 0, lengths?.cum ?? 0, tokens, n));
  }

  reconstruct(kind: number, signed: boolean, coef: Ptr, twoEb: number, f32: boolean, tokens: Ptr, n: number, r0: Ptr, r1: Ptr, r2: Ptr, left: Ptr, out: Ptr, outF32: boolean, work: Ptr): void {
    this.check(this.k.reconstruct(kind, signed ? 1 : 0, coef, twoEb, f32 ? 1 : 0, tokens, n, r0, r1, r2, left, this.outliersAt, this.st, out, outF32 ? 1 : 0, work));
  }

  /** Throws unless the segment's rANS stream was read to its end, both states back where the encoder began. */
  finishSegment(): void {
    const k = this.k;
    if (this.get(k.ST_POS) !== this.get(k.ST_END) || this.get(k.ST_X0) !== RANS_LOW || this.get(k.ST_X1) !== RANS_LOW) {
      throw new FormatError('sz segment: coded symbols do not end where the stream does (corrupt stream)');
    }
  }

  /** Outliers stored and not used. */
  get outliersLeft(): number {
    return this.outCount - this.get(this.k.ST_OUT_AT);
  }

  private check(code: number): void {
    if (code === 0) return;
    const k = this.k;
    if (code === k.ERR_RANS_END.value) throw new FormatError('rans: stream ends early (truncated or corrupt)');
    if (code === k.ERR_RAW_END.value) throw new FormatError('raw bits: stream ends early (truncated or corrupt)');
    if (code === k.ERR_NO_LENGTHS.value) throw new FormatError('sz segment: an escaped token without a length table (corrupt stream)');
    if (code === k.ERR_TOKEN.value) throw new FormatError('sz segment: a token beyond the largest (corrupt stream)');
    if (code === k.ERR_OUTLIERS.value) throw new FormatError(`more outliers referenced than the ${this.outCount} stored (corrupt stream)`);
    throw new Error(`sz kernel: unknown result ${code}`);
  }

  private get(field: Global): number {
    return this.mem.i32(this.st + field.value, 1)[0];
  }

  private set(field: Global, v: number): void {
    this.mem.i32(this.st + field.value, 1)[0] = v;
  }
}
