// Stream version 3 (tables wider than the planner's WIDE columns): columns do not learn their
// own statistics. Each column joins the group of its tokens' scale, and the columns of a group
// share one adaptive table (entropy/symbols.ts's TokenGroup): one multi-symbol step per value,
// where a short column's own statistic would be coded bit by bit while it learns.

import { SymbolModel, TokenGroup } from '../entropy/symbols';

/** Scale classes per kind of token (half-bit steps of the mean token). */
const CLASSES = 44;
/** Groups: unsigned codes (plain quantization) in [0, CLASSES), signed (zigzag) ones after. */
export const GROUPS = 2 * CLASSES;
/** A group's table spans about 2^HEADROOM times its mean token; larger tokens escape. */
const HEADROOM = 3;

/** The group of a column's tokens[0..n): its kind of code and the scale of its mean token. */
export function groupOf(tokens: Int32Array, n: number, signed: boolean): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += tokens[i];
  const mean = n > 0 ? sum / n : 0;
  const c = Math.min(CLASSES - 1, Math.round(2 * Math.log2(1 + mean)));
  return (signed ? CLASSES : 0) + c;
}

/** Token width of a group's table. */
export function bitsOf(group: number): number {
  return Math.ceil((group % CLASSES) / 2) + HEADROOM;
}

/** The groups of one stream, made when first used (both sides make the same ones). */
export class TokenGroups {
  private readonly groups: (TokenGroup | undefined)[] = new Array<TokenGroup | undefined>(GROUPS);
  private readonly escapes = new SymbolModel();

  of(group: number): TokenGroup {
    let g = this.groups[group];
    if (!g) {
      g = new TokenGroup(bitsOf(group), this.escapes);
      this.groups[group] = g;
    }
    return g;
  }
}
