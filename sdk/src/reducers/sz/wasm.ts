// The TypeScript side of SZ's WebAssembly kernel (sdk/assembly/sz.ts): its exports, the
// memory one operation lays out in it, and the kernel's error codes as FormatErrors.

import { FormatError } from '../../util/errors';
import { KernelMemory, type HeapViews } from '../../util/wasm';
import type { FloatColumn } from '../../data/dataset';
import { GROUPS } from './groups';
import { RANS_LOW, RANS_TOTAL, readState, writeState, type DecodeTable, type EncodeTable } from '../entropy/rans';

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
  rangeF32(x: Ptr, n: number, out: Ptr): void;
  widen(x: Ptr, work: Ptr, n: number, least: Ptr): number;
  quantize(kind: number, coef: Ptr, twoEb: number, inv: number, ebCheck: number, errScale: number, f32: number, x: Ptr, xF32: number, n: number, from: number, r0: Ptr, r1: Ptr, r2: Ptr, left: Ptr, tokens: Ptr, work: Ptr, sse: Ptr): number;
  countColumn(st: Ptr, tokens: Ptr, n: number, lo: number, escape: number, counts: Ptr, lengths: Ptr): void;
  putColumn(st: Ptr, first: number, tokens: Ptr, n: number, lo: number, escape: number, table: Ptr, lengths: Ptr): void;
  EN_RAW_POS: Global;
  EN_ACC: Global;
  EN_FILL: Global;
  EN_POS: Global;
  EN_X0: Global;
  EN_X1: Global;
  EN_STATE_BYTES: Global;
  estimatorInit(codes: Ptr, hist: Ptr, bins: Ptr, clog: Ptr, shift: Ptr, rows: Ptr, nrows: number): void;
  estimate(kind: number, w: Ptr, inv: number, origin: number, coef: Ptr, r0: Ptr, r1: Ptr, r2: Ptr, hint: number): number;
  estimateOutliers(): number;
  sharedBits(m: number, hint: number, scanned: number): number;
  dot(a: Ptr, b: Ptr, n: number): number;
  screen(y: Ptr, cands: Ptr, norms: Ptr, n: number, from: number, len: number, scores: Ptr): void;
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
  private readonly mem = KernelMemory.take<SzExports>('sz');
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
    this.mem.heap.f64.set(outliers, at >> 3);
    this.outliersAt = at;
    this.outCount = outliers.length;
    this.set(this.k.ST_OUT_COUNT, outliers.length);
    this.set(this.k.ST_OUT_AT, 0);
  }

  readonly outliersAt: Ptr;

  /** Hands the kernel's memory back for the next operation (no view of it may be used after). */
  release(): void {
    this.mem.release();
  }

  /** Room for `bytes` bytes at a fresh offset (not zeroed). */
  alloc(bytes: number): Ptr {
    return this.mem.alloc(bytes);
  }

  /** The kernel's memory (views of it are valid until the next allocation that grows it). */
  get buffer(): ArrayBuffer {
    return this.mem.buffer;
  }

  /** Views of the whole memory (new ones after an allocation grew it). */
  get heap(): HeapViews {
    return this.mem.heap;
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
    return this.mem.heap.i32[(this.st + field.value) >> 2];
  }

  private set(field: Global, v: number): void {
    this.mem.heap.i32[(this.st + field.value) >> 2] = v;
  }
}

/**
 * layout.ts's finiteRange of float32 columns, least and greatest value only (modes.ts's bounds,
 * the first pass over a matrix): the same values (sdk/assembly/sz.ts's rangeF32) in a fraction
 * of the JavaScript loop's time.
 */
export function finiteRangesF32(columns: readonly Float32Array[]): { min: number; max: number }[] {
  const mem = KernelMemory.take<SzExports>('sz');
  try {
    let n = 0;
    for (const c of columns) n = Math.max(n, c.length);
    const x = mem.alloc(n * 4);
    const out = mem.alloc(16);
    const heap = mem.heap;
    const rangeF32 = mem.exports.rangeF32;
    return columns.map((c) => {
      heap.f32.set(c, x >> 2);
      rangeF32(x, c.length, out);
      const lo = heap.f64[out >> 3];
      return lo === Infinity ? { min: 0, max: 0 } : { min: lo, max: heap.f64[(out >> 3) + 1] };
    });
  } finally {
    mem.release();
  }
}

/** Token groups' tables hold at most this many symbols (segments.ts's 2^HI_BITS). */
const MAX_SYMBOLS = 1024;
/** Escape lengths (segments.ts's LENGTHS). */
const LENGTHS = 31;

/**
 * The memory of one encode, laid out once, up front (the planner reads the working-value
 * areas through views, which growing the memory would detach): areas for the columns'
 * working values (handed out by the encoder's ColumnPool), the input column, a segment's
 * tokens, and for stream version 4 the segment coder's counts, tables and output streams.
 * An array that is not in this memory (a pool beyond its areas) is copied into a stand-in.
 */
export class SzEncodeKernel {
  private readonly mem = KernelMemory.take<SzExports>('sz');
  private readonly k: SzExports;
  readonly buffer: ArrayBuffer;
  /** Working-value areas for the encoder's ColumnPool. */
  readonly slots: Float64Array[] = [];
  /** A segment's tokens (segCols x nRows). */
  readonly tokens: Int32Array;
  /** A zero column (read where a predictor's input is absent; nothing writes it). */
  readonly zeros: Float64Array;
  private readonly coef: Ptr;
  private readonly sse: Ptr;
  private readonly x: Ptr;
  /** The column whose values are at `x` (widen and quantize copy a column in only when it is not: columns do not change during an encode). */
  private loaded: FloatColumn | null = null;
  /** widen's least finite value (16 bytes: its lanes pass through them). */
  private readonly least: Ptr;
  /** Stand-ins for arrays outside this memory: r0, r1, r2, left, work. */
  private readonly standIns: Ptr[] = [];
  // The segment coder's areas (stream version 4).
  private readonly st: Ptr;
  private readonly counts: Ptr;
  private readonly lengths: Ptr;
  private readonly tableAreas: Ptr;
  private readonly rawAt: Ptr;
  private readonly ransAt: Ptr;
  private readonly ransEnd: Ptr;
  /** Per token group counted in this encode, its counts (a view: the memory does not grow once laid out). */
  private readonly countViews = new Map<number, Int32Array>();

  /** The size estimate's sample codes (a view). */
  private estimatorCodes: Int32Array | null = null;

  /** The wide planner's centred columns: areas not handed out, and the screen's scratch (candidates' offsets, sketch norms, scores). */
  private readonly centredFree: Float64Array[] = [];
  private screenAt: Ptr = 0;
  private screenCands: Int32Array | null = null;
  private screenNorms: Float64Array | null = null;
  private screenScores: Float64Array | null = null;

  /**
   * @param nRows values per column
   * @param slots working-value areas to lay out
   * @param segValues values per segment (segment columns x nRows; 0: not stream version 4)
   * @param planner the wide planner's areas: its sample rows (the estimator's), and its centred
   *   columns' length and count (their dot products and the candidate screen run here); none
   *   for other planners
   */
  constructor(nRows: number, slots: number, segValues: number, planner: WidePlannerAreas | null = null) {
    this.k = this.mem.exports;
    const mem = this.mem;
    // Every area is allocated before any view is taken: an allocation may grow the memory,
    // which would detach the views taken before it.
    const col = nRows * 8;
    const tokenValues = Math.max(nRows, segValues);
    const coder = segValues > 0;
    this.coef = mem.alloc(6 * 8);
    this.sse = mem.alloc(8);
    this.least = mem.alloc(16);
    this.x = mem.alloc(col);
    for (let i = 0; i < 5; i++) this.standIns.push(mem.alloc(col));
    const slotAt = Array.from({ length: slots }, () => mem.alloc(col));
    const zerosAt = mem.alloc(col);
    const tokensAt = mem.alloc(tokenValues * 4);
    this.st = mem.alloc(this.k.EN_STATE_BYTES.value);
    this.counts = coder ? mem.alloc(GROUPS_AND_LENGTHS * MAX_SYMBOLS * 4) : 0;
    this.lengths = coder ? mem.alloc(LENGTHS * 4) : 0;
    this.tableAreas = coder ? mem.alloc(GROUPS_AND_LENGTHS * (MAX_SYMBOLS + 1) * 16) : 0;
    // A value puts at most two rANS symbols of two bytes each, and at most 31 raw bits.
    this.rawAt = coder ? mem.alloc(4 * segValues + 16) : 0;
    this.ransAt = coder ? mem.alloc(4 * segValues + 16) : 0;
    this.ransEnd = this.ransAt + (coder ? 4 * segValues + 16 : 0);
    const m = planner ? planner.costRows.length : 0;
    const est = m > 0 ? { codes: mem.alloc(m * 4), hist: mem.alloc(HIST_BINS * 4), bins: mem.alloc(m * 4), clog: mem.alloc((m + 1) * 8), shift: mem.alloc(3 * 4), rows: mem.alloc(m * 4) } : null;
    const centredAt = planner ? Array.from({ length: planner.centredCount }, () => mem.alloc(planner.centredLength * 8)) : [];
    const w = planner ? planner.window : 0;
    const screen = planner ? { cands: mem.alloc(w * 4), norms: mem.alloc(w * 8), scores: mem.alloc(w * 8) } : null;

    this.buffer = mem.buffer;
    for (const at of slotAt) this.slots.push(mem.f64(at, nRows));
    this.tokens = mem.i32(tokensAt, tokenValues);
    this.zeros = mem.f64(zerosAt, nRows).fill(0);
    if (coder) mem.i32(this.counts, GROUPS_AND_LENGTHS * MAX_SYMBOLS).fill(0);
    if (est && planner) {
      // c log2 c for the counts of an m-code sample (computed here, in JavaScript's Math.log2, as before).
      const table = mem.f64(est.clog, m + 1);
      for (let c = 0; c <= m; c++) table[c] = c > 0 ? c * Math.log2(c) : 0;
      mem.i32(est.shift, 3).fill(0);
      mem.i32(est.rows, m).set(planner.costRows);
      this.k.estimatorInit(est.codes, est.hist, est.bins, est.clog, est.shift, est.rows, m);
      this.estimatorCodes = mem.i32(est.codes, m);
    }
    for (let i = centredAt.length - 1; i >= 0; i--) this.centredFree.push(mem.f64(centredAt[i], (planner as WidePlannerAreas).centredLength));
    if (screen) {
      this.screenAt = screen.cands;
      this.screenCands = mem.i32(screen.cands, w);
      this.screenNorms = mem.f64(screen.norms, w);
      this.screenScores = mem.f64(screen.scores, w);
    }
  }

  /** An area for a centred column (its contents are whatever was left there), or null when all are taken. */
  takeCentred(): Float64Array | null {
    return this.centredFree.pop() ?? null;
  }

  /** Whether `a` lies in this memory (its dot products can run here). */
  holds(a: Float64Array): boolean {
    return a.buffer === this.buffer;
  }

  /** dot4 of the n doubles at byte offsets a and b (sdk/assembly/sz.ts's dot: the same sum). */
  dot(a: Ptr, b: Ptr, n: number): number {
    return this.k.dot(a, b, n);
  }

  /**
   * The candidate screen's scores into `scores`: for the n candidates whose centred values are at
   * byte offsets `at` and whose sketch norms are `norms`, (y.x)^2 / x.x over `len` values from
   * value `from` of each (0 where x.x is 0).
   */
  screen(y: Ptr, at: Int32Array, norms: Float64Array, n: number, from: number, len: number, scores: Float64Array): void {
    const cands = this.screenCands as Int32Array;
    const ns = this.screenNorms as Float64Array;
    const sc = this.screenScores as Float64Array;
    // Element by element: a view per array per column was most of the planner's garbage left.
    for (let k = 0; k < n; k++) {
      cands[k] = at[k];
      ns[k] = norms[k];
    }
    this.k.screen(y, this.screenAt, ns.byteOffset, n, from * 8, len, sc.byteOffset);
    for (let k = 0; k < n; k++) scores[k] = sc[k];
  }

  /** The estimate's sample codes, which the planner's other estimates write for sharedBits. */
  get codes(): Int32Array {
    return this.estimatorCodes as Int32Array;
  }

  /**
   * The wide planner's estimate for no prediction (kind PRED_NONE) or the linear model over its
   * sample rows: sharedCodeBits of the codes (the outliers beside them: estimateOutliers).
   */
  estimate(kind: number, w: Float64Array, inv: number, origin: number, coef: Float64Array, r0: Float64Array, r1: Float64Array, r2: Float64Array, hint: number): number {
    this.mem.heap.f64.set(coef, this.coef >> 3);
    return this.k.estimate(kind, this.at(w, 4), inv, origin, this.coef, this.at(r0, 0), this.at(r1, 1), this.at(r2, 2), hint);
  }

  /** The outliers (codes beyond the largest) of the last estimate's sample. */
  get estimateOutliers(): number {
    return this.k.estimateOutliers();
  }

  /** sharedCodeBits of codes[0..m) (written by the caller), the merge level searched from the last of kind `hint`. */
  sharedBits(m: number, hint: number): number {
    return this.k.sharedBits(m, hint, 0);
  }

  /** Hands the kernel's memory back for the next operation (no view of it may be used after). */
  release(): void {
    this.mem.release();
  }

  /**
   * Quantizes column x (kernel.ts's quantizeColumn without the log domain): the kernel takes
   * every value its first bin settles and hands the others back one at a time to `settle`,
   * which writes that row's token and its working value into the array it is given (`work`
   * or its stand-in) and returns the row's squared error. Returns the sum of squared scaled
   * errors, added in row order.
   */
  quantize(kind: number, coef: Float64Array, twoEb: number, inv: number, ebCheck: number, errScale: number, f32: boolean, x: FloatColumn, r0: Float64Array, r1: Float64Array, r2: Float64Array, left: Float64Array, tokens: Int32Array, work: Float64Array, settle: (i: number, work: Float64Array) => number): number {
    const n = x.length;
    const xF32 = x instanceof Float32Array;
    const heap = this.mem.heap;
    this.load(x);
    heap.f64.set(coef, this.coef >> 3);
    const p0 = this.at(r0, 0);
    const p1 = this.at(r1, 1);
    const p2 = this.at(r2, 2);
    const pl = this.at(left, 3);
    const pw = this.at(work, 4);
    const w = work.buffer === this.buffer ? work : this.mem.f64(pw, n);
    const tokensAt = this.offsetOf(tokens);
    const f64 = heap.f64;
    const sse = this.sse >> 3;
    f64[sse] = 0;
    for (let from = 0; from < n; ) {
      const i = this.k.quantize(kind, this.coef, twoEb, inv, ebCheck, errScale, f32 ? 1 : 0, this.x, xF32 ? 1 : 0, n, from, p0, p1, p2, pl, tokensAt, pw, this.sse);
      if (i >= n) break;
      f64[sse] += settle(i, w);
      from = i + 1;
    }
    if (w !== work) work.set(w);
    return f64[sse];
  }

  /**
   * A float32 column's working values (working.ts: the values, NaN where not finite) into
   * `work`; returns how many are finite, their least then in widenedMin (Infinity when none).
   */
  widen(x: Float32Array, work: Float64Array): number {
    this.load(x);
    const pw = this.at(work, 4);
    const finite = this.k.widen(this.x, pw, x.length, this.least);
    if (work.buffer !== this.buffer) work.set(this.mem.f64(pw, x.length));
    return finite;
  }

  get widenedMin(): number {
    return this.mem.heap.f64[this.least >> 3];
  }

  /** Copies column x to `x` unless it is there already (the encoder widens a column, then quantizes it). */
  private load(x: FloatColumn): void {
    if (x === this.loaded) return;
    if (x instanceof Float32Array) this.mem.heap.f32.set(x, this.x >> 2);
    else this.mem.heap.f64.set(x, this.x >> 3);
    this.loaded = x;
  }

  /** The offset of `a` in this memory, or of stand-in `slot` holding a copy of it. */
  private at(a: Float64Array, slot: number): Ptr {
    if (a.buffer === this.buffer) return a.byteOffset;
    const at = this.standIns[slot];
    this.mem.heap.f64.set(a, at >> 3);
    return at;
  }

  /** Tokens are always the kernel's (SzEncodeKernel.tokens, or a view of it). */
  private offsetOf(a: Int32Array): Ptr {
    if (a.buffer !== this.buffer) throw new Error('sz kernel: tokens must be a view of the kernel\'s token area');
    return a.byteOffset;
  }

  /** Starts a segment: no counts, empty streams. */
  beginSegment(): void {
    // Every group counted since the last segment has a view (count() made it).
    for (const view of this.countViews.values()) view.fill(0);
    this.mem.i32(this.lengths, LENGTHS).fill(0);
    const k = this.k;
    this.set(k.EN_RAW_POS, this.rawAt);
    this.set(k.EN_ACC, 0);
    this.set(k.EN_FILL, 0);
    this.set(k.EN_POS, this.ransEnd);
    this.set(k.EN_X0, RANS_LOW);
    this.set(k.EN_X1, RANS_LOW);
  }

  /** Counts a column's symbols into its group's counts and writes its raw bits; returns the group's counts (a view). */
  count(group: number, tokens: Int32Array, lo: number, escape: number, symbols: number): Int32Array {
    const counts = this.counts + group * MAX_SYMBOLS * 4;
    this.k.countColumn(this.st, this.offsetOf(tokens), tokens.length, lo, escape, counts, this.lengths);
    let view = this.countViews.get(group);
    if (!view) {
      view = this.mem.i32(counts, symbols);
      this.countViews.set(group, view);
    }
    return view;
  }

  /** The escape lengths' counts (a view). */
  get lengthCounts(): Int32Array {
    return this.mem.i32(this.lengths, LENGTHS);
  }

  /**
   * Lays out a table's symbol records (group `slot`; GROUPS for the lengths'), as the kernel's
   * putSymbol reads them: frequency, reciprocal, bias, complement | shift << 16. Returns where.
   */
  table(slot: number, t: EncodeTable): Ptr {
    const at = this.tableAreas + slot * (MAX_SYMBOLS + 1) * 16;
    const rec = this.mem.i32(at, t.freq.length * 4);
    const u = new Uint32Array(rec.buffer, rec.byteOffset, rec.length);
    for (let s = 0; s < t.freq.length; s++) {
      const f = t.freq[s];
      if (f === 0) continue;
      let shift = 0;
      while (f > 2 ** shift) shift++;
      // ryg_rans's reciprocal (x < 2^31): f = 1 takes 2^32 - 1 and a bias of M - 1 more.
      const one = f < 2;
      rec[4 * s] = f;
      u[4 * s + 1] = one ? 0xffffffff : Math.floor((2 ** (shift + 31) + f - 1) / f);
      rec[4 * s + 2] = t.cum[s] + (one ? RANS_TOTAL - 1 : 0);
      rec[4 * s + 3] = (RANS_TOTAL - f) | ((one ? 0 : shift - 1) << 16);
    }
    return at;
  }

  /** Puts a column's symbols (backwards; its first value is the segment's value number `first`). */
  put(first: number, tokens: Int32Array, lo: number, escape: number, table: Ptr, lengths: Ptr | null): void {
    this.k.putColumn(this.st, first, this.offsetOf(tokens), tokens.length, lo, escape, table, lengths ?? 0);
  }

  /** The raw bits written since beginSegment (the last byte padded with zero bits). */
  rawBits(): Uint8Array {
    const k = this.k;
    const fill = this.get(k.EN_FILL);
    let pos = this.get(k.EN_RAW_POS);
    if (fill > 0) {
      // BitWriter.finish: the pending bits, then zeros to the byte's end.
      this.mem.u8(pos, 1)[0] = (this.get(k.EN_ACC) << (8 - fill)) & 0xff;
      pos++;
    }
    return this.mem.u8(this.rawAt, pos - this.rawAt);
  }

  /** The rANS stream put since beginSegment (RansEncoder.finish: both final states, then the bytes). */
  coded(): Uint8Array {
    const k = this.k;
    const pos = this.get(k.EN_POS) - 8;
    const u8 = this.mem.heap.u8;
    writeState(u8, pos, this.get(k.EN_X0));
    writeState(u8, pos + 4, this.get(k.EN_X1));
    return u8.subarray(pos, this.ransEnd);
  }

  private get(field: Global): number {
    return this.mem.heap.i32[(this.st + field.value) >> 2];
  }

  private set(field: Global, v: number): void {
    this.mem.heap.i32[(this.st + field.value) >> 2] = v;
  }
}

/** What the wide planner lays out in the kernel (planner.ts's widePlannerAreas). */
export interface WidePlannerAreas {
  /** The size estimates' sample rows. */
  costRows: Int32Array;
  /** A centred column's values (fit rows and sketch copy), and how many areas to lay out. */
  centredLength: number;
  centredCount: number;
  /** Regressor candidates per column, at most. */
  window: number;
}

/** The estimator's histogram: codes merged to fewer than 2^16 bins apart. */
const HIST_BINS = 65536 + 1;

/** Token groups, and one more table slot for the escape lengths'. */
const GROUPS_AND_LENGTHS = GROUPS + 1;
