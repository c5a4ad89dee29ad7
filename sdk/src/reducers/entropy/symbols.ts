// Codes non-negative integers (quantization tokens, residual classes) with an adaptive model
// that needs no stored table: the bit length of t+1 through a 5-level binary tree, then its
// top mantissa bits through a binary tree per length, and any lower bits as raw bits. With
// every bit modelled this is an exact adaptive order-0 model of alphabets up to 2^(MODELLED+1).

import { BitModels, RangeDecoder, RangeEncoder } from './rangecoder';
import { FormatError } from '../../util/errors';

/** Largest token: t + 1 must fit in 31 bits. */
export const MAX_TOKEN = 0x7ffffffe;
/** Alphabets below this size are coded as one tree (contexts 1 .. 2^depth - 1, under the length model's size). */
const FLAT_LIMIT = 1 << 13;
const LENGTH_CONTEXTS = 32;

export class SymbolModel {
  readonly bits: BitModels;
  /** offset[k]: first context of the mantissa tree of bit length k. */
  private readonly offset: Int32Array;
  private maxLength = -1;

  constructor(readonly modelled = 12) {
    this.offset = new Int32Array(33);
    let at = LENGTH_CONTEXTS;
    for (let k = 0; k <= 32; k++) {
      this.offset[k] = at;
      at += 1 << Math.min(k, modelled);
    }
    this.bits = new BitModels(at);
  }

  /** Tree depth when tokens are coded directly (small alphabets), 0 for the bit-length scheme. */
  private flat = 0;
  private flatUsed = 0;

  /**
   * Starts a new, independent statistic (a new column). Knowing the largest token, a small
   * alphabet is coded as one binary tree over the token itself: the same exact adaptive
   * order-0 model, in fewer binary decisions than length + mantissa.
   */
  reset(maxToken = MAX_TOKEN): void {
    if (this.maxLength >= 0) this.bits.reset(this.offset[this.maxLength + 1]);
    if (this.flatUsed > 0) this.bits.reset(this.flatUsed);
    this.maxLength = -1;
    const depth = 32 - Math.clz32(maxToken);
    this.flat = maxToken < FLAT_LIMIT ? Math.max(depth, 1) : 0;
    this.flatUsed = this.flat > 0 ? 1 << this.flat : 0;
  }

  encode(enc: RangeEncoder, t: number): void {
    if (this.flat > 0) {
      enc.encodeTree(this.bits, 0, t, this.flat);
      return;
    }
    const v = t + 1;
    const k = 31 - Math.clz32(v);
    if (k > this.maxLength) this.maxLength = k;
    enc.encodeTree(this.bits, 0, k, 5);
    const modelled = k < this.modelled ? k : this.modelled;
    let raw = k - modelled;
    enc.encodeTree(this.bits, this.offset[k], v >>> raw, modelled);
    while (raw > 0) {
      const n = raw > 16 ? 16 : raw;
      raw -= n;
      enc.encodeRaw((v >>> raw) & ((1 << n) - 1), n);
    }
  }

  decode(dec: RangeDecoder): number {
    if (this.flat > 0) return dec.decodeTree(this.bits, 0, this.flat);
    const k = dec.decodeTree(this.bits, 0, 5);
    if (k > this.maxLength) this.maxLength = k;
    if (k > 30) throw new FormatError(`symbol of bit length ${k} exceeds the largest token (corrupt stream)`);
    const modelled = k < this.modelled ? k : this.modelled;
    let v = (1 << modelled) | dec.decodeTree(this.bits, this.offset[k], modelled);
    let raw = k - modelled;
    while (raw > 0) {
      const n = raw > 16 ? 16 : raw;
      raw -= n;
      v = v * (1 << n) + dec.decodeRaw(n);
    }
    return v - 1;
  }
}
