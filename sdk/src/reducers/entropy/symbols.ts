// Codes non-negative integers (quantization tokens, residual classes) with an adaptive order-0
// model that needs no stored table. A token below 2^16 is split into its top bits (at most
// HI_BITS of them) and the rest: the top part is one multi-symbol event against a table
// built from the counts of what this series has seen (rebuilt on a schedule both sides
// follow; coded bit by bit during a warm-up, while counts are few), the rest is a binary tree
// of adaptive contexts under it. One event replaces up to HI_BITS binary decisions, which is
// where a range coder spends its time. Larger tokens fall back to bit length + mantissa bits.

import { BitModels, FREQ_BITS, FREQ_TOTAL, RangeDecoder, RangeEncoder } from './rangecoder';
import { FormatError } from '../../util/errors';

/** Largest token: t + 1 must fit in 31 bits. */
export const MAX_TOKEN = 0x7ffffffe;
/** Tokens below this use the table scheme (one binary tree of up to 16 levels). */
const FLAT_LIMIT = 1 << 16;
/** The table holds values of up to this many top bits. */
const HI_BITS = 10;
const MIN_HI_BITS = 4;
/**
 * A series shorter than this is coded bit by bit throughout: on a few hundred values the
 * tables' learning lag and minimum frequencies cost 1-3% of ratio, and speed hardly matters.
 */
const SHORT_SERIES = 2048;
const LENGTH_CONTEXTS = 32;
/** The decoder finds a symbol from the top INDEX_BITS of its position, then a short scan. */
const INDEX_BITS = 8;
/**
 * The first table is built after max(REBUILD_MIN, alphabet) symbols (coded bit by bit until
 * then: a table from a handful of counts is what cost ratio), then rebuilt after
 * max(REBUILD_MIN, seen / 2^REBUILD_SHIFT, alphabet / 2^REBUILD_ALPHABET_SHIFT) more, so a
 * rebuild (linear in the alphabet) costs a few operations per symbol. Measured on the shared
 * tables: ratios within 0.3% of a schedule twice as frequent, and decoding up to 1.5x faster.
 */
const REBUILD_MIN = 8;
const REBUILD_SHIFT = 3;
const REBUILD_ALPHABET_SHIFT = 1;
/** The tree's estimate at each node: (count + PRIOR) / (total + 2 PRIOR), the KT estimator (sparse columns learn faster than with Laplace's 1). */
const PRIOR = 0.5;

/**
 * The top-bit value's distribution: counts of what this series has used, turned into the
 * frozen table the coder reads on a schedule both sides follow. The table is the estimate of
 * a binary tree over the value's bits (at each node (count + PRIOR) / (total + 2 PRIOR)), so
 * a value not seen yet inherits probability from its seen neighbours, as in a bit-by-bit
 * adaptive coder, at the cost of one event per value.
 */
class TopTable {
  readonly counts: Int32Array;
  readonly cum: Int32Array;
  readonly index: Uint16Array;
  /** A position v of the table's range is looked up at index[v >>> shift]. */
  readonly shift: number;
  private readonly node: Float64Array;
  private readonly mass: Float64Array;
  private readonly freq: Int32Array;
  /** Number of values (0 .. alphabet - 1), tree depth, symbols seen, next rebuild. */
  alphabet = 0;
  depth = 0;
  seen = 0;
  nextRebuild = 0;
  /** False during the warm-up, when values are coded bit by bit. */
  ready = false;

  /** A table of up to 2^maxBits values, looked up by the top indexBits of a position. */
  constructor(maxBits = HI_BITS, private readonly indexBits = INDEX_BITS) {
    const size = 1 << maxBits;
    this.counts = new Int32Array(size);
    this.cum = new Int32Array(size + 1);
    this.index = new Uint16Array((1 << indexBits) + 1);
    this.shift = FREQ_BITS - indexBits;
    this.node = new Float64Array(2 * size);
    this.mass = new Float64Array(2 * size);
    this.freq = new Int32Array(size);
  }

  /** `tableAfter`: symbols coded bit by bit before the first table (Infinity: never a table). */
  reset(alphabet: number, depth: number, tableAfter: number): void {
    this.counts.fill(0, 0, this.alphabet);
    this.alphabet = alphabet;
    this.depth = depth;
    this.seen = 0;
    this.ready = false;
    this.nextRebuild = tableAfter;
  }

  count(hi: number): void {
    this.counts[hi]++;
    if (++this.seen >= this.nextRebuild) this.rebuild();
  }

  /** Codes `hi` by the table once it is built, before that bit by bit in `tree`'s first contexts; then counts it. */
  encode(enc: RangeEncoder, tree: BitModels, hi: number): void {
    if (this.ready) {
      const c = this.cum[hi];
      enc.encodeFreq(c, this.cum[hi + 1] - c);
    } else enc.encodeTree(tree, 0, hi, this.depth);
    this.count(hi);
  }

  /** The value `encode` coded. */
  decode(dec: RangeDecoder, tree: BitModels): number {
    let hi: number;
    if (this.ready) {
      const cum = this.cum;
      const v = dec.freqTarget();
      hi = this.index[v >>> this.shift];
      while (cum[hi + 1] <= v) hi++;
      dec.consumeFreq(cum[hi], cum[hi + 1] - cum[hi]);
    } else {
      hi = dec.decodeTree(tree, 0, this.depth);
      if (hi >= this.alphabet) throw new FormatError(`symbol ${hi} beyond the series' largest token (corrupt stream)`);
    }
    this.count(hi);
    return hi;
  }

  rebuild(): void {
    const a = this.alphabet;
    const leaves = 1 << this.depth;
    const node = this.node;
    const mass = this.mass;
    const counts = this.counts;
    for (let s = 0; s < leaves; s++) node[leaves + s] = s < a ? counts[s] : -1;
    // Internal counts; -1 marks a subtree holding no value of the alphabet.
    for (let i = leaves - 1; i >= 1; i--) {
      const l = node[2 * i];
      const r = node[2 * i + 1];
      node[i] = l < 0 ? -1 : r < 0 ? l : l + r;
    }
    mass[1] = 1;
    for (let i = 1; i < leaves; i++) {
      const m = mass[i];
      const r = node[2 * i + 1];
      if (node[2 * i] < 0) {
        mass[2 * i] = 0;
        mass[2 * i + 1] = 0;
        continue;
      }
      const left = r < 0 ? m : (m * (node[2 * i] + PRIOR)) / (node[i] + 2 * PRIOR);
      mass[2 * i] = left;
      mass[2 * i + 1] = m - left;
    }
    const freq = this.freq;
    let used = 0;
    let top = 0;
    for (let s = 0; s < a; s++) {
      const f = Math.max(1, Math.round(mass[leaves + s] * FREQ_TOTAL));
      freq[s] = f;
      used += f;
      if (f > freq[top]) top = s;
    }
    // Rounding leaves the total off by a little: the most probable value absorbs it, unless
    // that would starve it, in which case every value gets 1 + its share instead.
    if (freq[top] + FREQ_TOTAL - used >= freq[top] / 2) freq[top] += FREQ_TOTAL - used;
    else {
      used = 0;
      for (let s = 0; s < a; s++) {
        freq[s] = 1 + Math.floor(mass[leaves + s] * (FREQ_TOTAL - a));
        used += freq[s];
      }
      freq[top] += FREQ_TOTAL - used;
    }
    const cum = this.cum;
    let c = 0;
    for (let s = 0; s < a; s++) {
      cum[s] = c;
      c += freq[s];
    }
    cum[a] = FREQ_TOTAL;
    const index = this.index;
    const shift = this.shift;
    let k = 0;
    for (let b = 0; b < 1 << this.indexBits; b++) {
      const at = b << shift;
      while (cum[k + 1] <= at) k++;
      index[b] = k;
    }
    this.ready = true;
    this.nextRebuild = this.seen + Math.max(REBUILD_MIN, this.seen >>> REBUILD_SHIFT, a >>> REBUILD_ALPHABET_SHIFT);
  }
}

export class SymbolModel {
  /** Binary contexts of the table scheme: the escape tree's top levels, then the low bits. */
  private readonly tree = new BitModels(FLAT_LIMIT);
  private readonly lengths: BitModels;
  /** offset[k]: first context of the mantissa tree of bit length k. */
  private readonly offset: Int32Array;
  private readonly top = new TopTable();
  private maxLength = -1;
  /** Table scheme: token bits, top bits, low bits; 0 bits for the bit-length scheme. */
  private bits = 0;
  private hiBits = 0;
  private loBits = 0;

  constructor(readonly modelled = 12) {
    this.offset = new Int32Array(33);
    let at = LENGTH_CONTEXTS;
    for (let k = 0; k <= 32; k++) {
      this.offset[k] = at;
      at += 1 << Math.min(k, modelled);
    }
    this.lengths = new BitModels(at);
  }

  /**
   * Starts a new, independent statistic (a new column). The largest token decides the
   * scheme: below 2^16, the table scheme over its bits; the series' length (when known to
   * both sides) caps the table's width.
   */
  reset(maxToken = MAX_TOKEN, length = Infinity): void {
    if (this.maxLength >= 0) this.lengths.reset(this.offset[this.maxLength + 1]);
    if (this.bits > 0) this.tree.reset(1 << this.bits);
    this.maxLength = -1;
    this.bits = maxToken < FLAT_LIMIT ? Math.max(32 - Math.clz32(maxToken), 1) : 0;
    // A short series cannot learn a wide table, and every table entry costs a minimum
    // frequency: the table gets at most about length / 4 entries, the rest is binary.
    const fits = length >= 64 ? Math.floor(Math.log2(length / 4)) : MIN_HI_BITS;
    this.hiBits = Math.min(this.bits, HI_BITS, Math.max(MIN_HI_BITS, fits));
    this.loBits = this.bits - this.hiBits;
    const alphabet = this.bits > 0 ? (maxToken >>> this.loBits) + 1 : 0;
    this.top.reset(alphabet, this.hiBits, length < SHORT_SERIES ? Infinity : Math.max(REBUILD_MIN, alphabet));
  }

  encode(enc: RangeEncoder, t: number): void {
    if (this.bits === 0) {
      this.encodeLength(enc, t);
      return;
    }
    const lo = this.loBits;
    const hi = t >>> lo;
    this.top.encode(enc, this.tree, hi);
    if (lo > 0) enc.encodeTree(this.tree, 0, t, lo, (1 << this.hiBits) | hi);
  }

  decode(dec: RangeDecoder): number {
    if (this.bits === 0) return this.decodeLength(dec);
    const hi = this.top.decode(dec, this.tree);
    const lo = this.loBits;
    if (lo === 0) return hi;
    return hi * (1 << lo) + dec.decodeTree(this.tree, 0, lo, (1 << this.hiBits) | hi);
  }

  private encodeLength(enc: RangeEncoder, t: number): void {
    const v = t + 1;
    const k = 31 - Math.clz32(v);
    if (k > this.maxLength) this.maxLength = k;
    enc.encodeTree(this.lengths, 0, k, 5);
    const modelled = k < this.modelled ? k : this.modelled;
    let raw = k - modelled;
    enc.encodeTree(this.lengths, this.offset[k], v >>> raw, modelled);
    while (raw > 0) {
      const n = raw > 16 ? 16 : raw;
      raw -= n;
      enc.encodeRaw((v >>> raw) & ((1 << n) - 1), n);
    }
  }

  private decodeLength(dec: RangeDecoder): number {
    const k = dec.decodeTree(this.lengths, 0, 5);
    if (k > this.maxLength) this.maxLength = k;
    if (k > 30) throw new FormatError(`symbol of bit length ${k} exceeds the largest token (corrupt stream)`);
    const modelled = k < this.modelled ? k : this.modelled;
    let v = (1 << modelled) | dec.decodeTree(this.lengths, this.offset[k], modelled);
    let raw = k - modelled;
    while (raw > 0) {
      const n = raw > 16 ? 16 : raw;
      raw -= n;
      v = v * (1 << n) + dec.decodeRaw(n);
    }
    return v - 1;
  }
}

/** What codes one token at a time: a SymbolModel (statistics per series) or a TokenGroup (shared). */
export interface TokenCoder {
  encode(enc: RangeEncoder, t: number): void;
  decode(dec: RangeDecoder): number;
}

/** A TokenGroup's table holds at most 2^GROUP_HI_BITS values; the bits below them are coded raw. */
const GROUP_HI_BITS = 9;

/**
 * Codes the tokens of many series (the columns of a wide table) against one adaptive table
 * that they share: one multi-symbol step per token, with no per-series warm-up or reset, which
 * on short series is what a per-series statistic costs. A series joins the group of its scale
 * (see `bits`): tokens below 2^bits are split into a table value and raw low bits (flat at
 * that width), larger ones take the table's last value as an escape, then the bit-length
 * scheme of a shared SymbolModel.
 */
export class TokenGroup {
  private readonly top: TopTable;
  private readonly tree: BitModels;
  private readonly hiBits: number;
  private readonly loBits: number;
  private readonly escapeHi: number;

  /** @param bits the group's token width (1..28); `escapes` codes what lies beyond it. */
  constructor(bits: number, private readonly escapes: SymbolModel) {
    this.hiBits = Math.min(bits, GROUP_HI_BITS);
    this.loBits = bits - this.hiBits;
    const alphabet = 1 << this.hiBits;
    this.escapeHi = alphabet - 1;
    this.top = new TopTable(this.hiBits, this.hiBits);
    this.tree = new BitModels(alphabet);
    this.top.reset(alphabet, this.hiBits, Math.max(REBUILD_MIN, alphabet));
  }

  encode(enc: RangeEncoder, t: number): void {
    const lo = this.loBits;
    let hi = t >>> lo;
    if (hi >= this.escapeHi) hi = this.escapeHi;
    this.top.encode(enc, this.tree, hi);
    if (hi === this.escapeHi) this.escapes.encode(enc, t - hi * (1 << lo));
    else if (lo > 0) enc.encodeRaw(t & ((1 << lo) - 1), lo);
  }

  decode(dec: RangeDecoder): number {
    const hi = this.top.decode(dec, this.tree);
    const lo = this.loBits;
    if (hi === this.escapeHi) {
      const t = hi * (1 << lo) + this.escapes.decode(dec);
      if (t > MAX_TOKEN) throw new FormatError(`symbol ${t} beyond the largest token (corrupt stream)`);
      return t;
    }
    return lo > 0 ? hi * (1 << lo) + dec.decodeRaw(lo) : hi;
  }
}
