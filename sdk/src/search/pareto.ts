// Global Pareto fronts over records: quality against compression ratio (the paper's Fig. 3) and
// quality against decompression throughput. Each record is one point; a point is on the front
// when no other point is at least as good in both objectives and strictly better in one, so
// ties all stay on the front. A NaN quality is refused: it has no place in an order.

import type { RecordRow } from '../display/payload';
import { UsageError } from '../util/errors';

export interface FrontPoint {
  key: string;
  /** Larger is better (a compression ratio, a throughput). */
  x: number;
  quality: number;
}

/** Keys of the non-dominated points, in order of increasing x. */
export function paretoFront(points: readonly FrontPoint[], higherIsBetter: boolean): string[] {
  for (const p of points) {
    if (!Number.isFinite(p.quality)) throw new UsageError(`pareto front: point ${p.key} has quality ${p.quality}; every point needs a finite quality`);
    if (!Number.isFinite(p.x)) throw new UsageError(`pareto front: point ${p.key} has x ${p.x}; every point needs a finite value`);
  }
  const q = (p: FrontPoint) => (higherIsBetter ? p.quality : -p.quality);
  // Sweep from the largest x down; a point survives when its quality is at least the best seen
  // at any strictly larger x (equal x: compare within the group so exact ties survive together).
  const order = new Map(points.map((p, i) => [p, i]));
  const sorted = [...points].sort((a, b) => b.x - a.x || q(b) - q(a));
  const front: FrontPoint[] = [];
  let bestAtLargerX = -Infinity;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j].x === sorted[i].x) j++;
    const groupBest = q(sorted[i]); // sorted by quality within equal x
    if (groupBest > bestAtLargerX) {
      for (let k = i; k < j && q(sorted[k]) === groupBest; k++) front.push(sorted[k]);
      bestAtLargerX = groupBest;
    }
    i = j;
  }
  return front.sort((a, b) => a.x - b.x || order.get(a)! - order.get(b)!).map((p) => p.key);
}

/** True when a dominates b (at least as good in both, strictly better in one). */
export function dominates(a: FrontPoint, b: FrontPoint, higherIsBetter: boolean): boolean {
  const qa = higherIsBetter ? a.quality : -a.quality;
  const qb = higherIsBetter ? b.quality : -b.quality;
  return a.x >= b.x && qa >= qb && (a.x > b.x || qa > qb);
}

export function frontByRatio(records: readonly RecordRow[], higherIsBetter: boolean): string[] {
  return paretoFront(
    records.map((r) => ({ key: r.key, x: r.compressionRatio, quality: r.quality })),
    higherIsBetter,
  );
}

/** Records without a measured decompression throughput take no part. */
export function frontByThroughput(records: readonly RecordRow[], higherIsBetter: boolean): string[] {
  return paretoFront(
    records.filter((r) => r.decompressMBps !== undefined && Number.isFinite(r.decompressMBps)).map((r) => ({ key: r.key, x: r.decompressMBps!, quality: r.quality })),
    higherIsBetter,
  );
}
