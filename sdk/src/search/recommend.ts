// The answer a user came for: the highest-ratio configuration whose quality loss, averaged over
// its seeds, is within a budget (1% = 0.01 of the lossless quality), with its distance from the
// noise floor and the evidence behind it. When no lossy configuration beats the best lossless
// ratio within the budget, it says so instead of naming one.

import type { NoiseFloor, Recommendation, RecordRow } from '../display/payload';
import { getReducer } from '../reducers/registry';
import { UsageError } from '../util/errors';
import type { QualityJudge } from './quality';

export interface ConfigSummary {
  method: string;
  /** A record of the configuration: the seed whose quality is nearest the mean. */
  record: RecordRow;
  meanQuality: number;
  compressionRatio: number;
  seeds: number;
  /** Half the max-min range of the configuration's qualities over its seeds. */
  spread: number;
  lossless: boolean;
}

/** Records grouped by configuration (method and every config value), qualities averaged. */
export function summarizeConfigs(records: readonly RecordRow[]): ConfigSummary[] {
  const groups = new Map<string, RecordRow[]>();
  for (const r of records) {
    if (!Number.isFinite(r.quality)) continue;
    const id = JSON.stringify(Object.entries(r.config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const g = groups.get(id) ?? [];
    g.push(r);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => {
    const qs = g.map((r) => r.quality);
    const mean = qs.reduce((a, b) => a + b, 0) / qs.length;
    const record = g.reduce((best, r) => (Math.abs(r.quality - mean) < Math.abs(best.quality - mean) ? r : best));
    return {
      method: g[0].method,
      record,
      meanQuality: mean,
      compressionRatio: g.reduce((a, r) => a + r.compressionRatio, 0) / g.length,
      seeds: g.length,
      spread: (Math.max(...qs) - Math.min(...qs)) / 2,
      lossless: getReducer(g[0].method).info.lossless,
    };
  });
}

export function checkMaxLoss(maxLoss: number): void {
  if (!Number.isFinite(maxLoss) || maxLoss < 0 || maxLoss >= 1) {
    throw new UsageError(`max-loss: got ${maxLoss}, expected a fraction of the lossless quality in [0, 1) (0.01 = 1%)`);
  }
}

export function recommend(records: readonly RecordRow[], judge: QualityJudge, maxLoss: number): Recommendation {
  checkMaxLoss(maxLoss);
  const floor = judge.floor;
  const configs = summarizeConfigs(records);
  const byRatio = (a: ConfigSummary, b: ConfigSummary) => b.compressionRatio - a.compressionRatio || b.seeds - a.seeds;
  const bestLossless = configs.filter((c) => c.lossless).sort(byRatio)[0];
  const within = configs.filter((c) => !c.lossless && judge.relativeLoss(c.meanQuality) <= maxLoss).sort(byRatio);
  const best = within[0];
  const pct = (x: number) => `${Number((x * 100).toPrecision(3))}%`;
  const num = (x: number) => Number(x.toPrecision(4));
  const losslessText = bestLossless ? `the best lossless method, ${bestLossless.method}, reaches ${num(bestLossless.compressionRatio)}x` : 'no lossless method was evaluated';
  if (!best || (bestLossless && best.compressionRatio <= bestLossless.compressionRatio)) {
    return {
      maxLoss,
      bestLossless: bestLossless?.record,
      evidence: { seeds: floor.seeds, spread: floor.spread, noiseFloor: floor },
      message: `No lossy configuration beats lossless within ${pct(maxLoss)} loss of ${records[0]?.metric ?? 'quality'}: ${losslessText}.`,
    };
  }
  const loss = judge.relativeLoss(best.meanQuality);
  return {
    maxLoss,
    record: best.record,
    loss,
    bestLossless: bestLossless?.record,
    evidence: { seeds: best.seeds, spread: best.spread, noiseFloor: floor },
    message:
      `${describeConfig(best.record)}: ratio ${num(best.compressionRatio)}x with ${best.record.metric} ${num(best.meanQuality)} against ${num(floor.mean)} lossless ` +
      `(${pct(loss)} loss, ${floorDistance(judge, best.meanQuality)}; ${best.seeds} seed${best.seeds === 1 ? '' : 's'}, spread ${num(best.spread)}); ${losslessText}.`,
  };
}

function floorDistance(judge: QualityJudge, q: number): string {
  const floor: NoiseFloor = judge.floor;
  if (judge.indistinguishable(q)) return `within the noise floor of +-${Number(floor.spread.toPrecision(2))}`;
  const beyond = Math.abs(q - judge.indistinguishableEdge);
  return floor.spread > 0 ? `${Number((beyond / floor.spread).toPrecision(2))}x the floor's spread beyond it` : `${Number(beyond.toPrecision(2))} beyond the floor`;
}

export function describeConfig(r: RecordRow): string {
  const rest = Object.entries(r.config)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return rest ? `${r.method} ${rest}` : r.method;
}
