// Test helper: the real tables of LOSSYML_DATA_DIR as float64 feature columns (the target
// kept apart by the data layer), and the anchors' entropy figure recomputed independently.
import { loadDataset } from '@lossyml/sdk/data';

export async function loadTable(name: string): Promise<Float64Array[]> {
  const ds = await loadDataset(name, { dtype: 'float64' });
  return ds.columns as Float64Array[];
}

/**
 * The anchors' information limit for plain quantization: each column in bins of
 * 2 x bound x (max - min), order-0 entropy of the bin indices, as a ratio against float64.
 */
export function entropyRatio(cols: Float64Array[], bound: number): number {
  let bits = 0;
  let n = 0;
  for (const c of cols) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const width = 2 * bound * (hi - lo);
    const counts = new Map<number, number>();
    for (const v of c) {
      const q = width > 0 ? Math.floor((v - lo) / width) : 0;
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
    for (const k of counts.values()) bits += k * Math.log2(c.length / k);
    n += c.length;
  }
  return (n * 64) / Math.max(bits, 1);
}
