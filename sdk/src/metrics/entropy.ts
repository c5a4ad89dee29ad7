// The information limit of plain quantization (../shared/anchors.md): quantize each column to
// bins of 2 x bound x (max - min) with no prediction, and take the order-0 entropy of the bin
// indices. As a compression ratio against 64-bit values, it is what an ideal entropy coder
// reaches from quantization alone; prediction can go beyond it.

/** Bits of the order-0 entropy of one column's bin indices (finite values only). */
export function quantizationEntropyBits(column: ArrayLike<number>, bound: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v - v !== 0) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = 2 * bound * (hi - lo);
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v - v !== 0) continue;
    const q = width > 0 ? Math.floor((v - lo) / width) : 0;
    counts.set(q, (counts.get(q) ?? 0) + 1);
    n++;
  }
  let bits = 0;
  for (const k of counts.values()) bits += k * Math.log2(n / k);
  return bits;
}

/** The anchors' entropy figure for a table: float64 bits of every value over the summed column entropies. */
export function quantizationEntropyRatio(columns: ArrayLike<number>[], bound: number): number {
  let bits = 0;
  let values = 0;
  for (const c of columns) {
    bits += quantizationEntropyBits(c, bound);
    values += c.length;
  }
  return (values * 64) / Math.max(bits, 1);
}
