// The paper's two warnings, read from the records of one method: threshold behaviour (quality
// indistinguishable from lossless at one setting and below tau at the next, a small step away)
// and non-monotonic behaviour (a lossier setting whose quality rises again by more than the
// floor's whole width). Qualities are averaged over seeds per setting first.

import type { MethodFlag, RecordRow } from '../display/payload';
import { getReducer } from '../reducers/registry';
import { paramAxis } from './axis';
import type { QualityJudge } from './quality';

/** A collapse counts as a threshold when the step is at most this share of the swept axis. */
export const THRESHOLD_MAX_STEP = 0.125;

interface Setting {
  value: number;
  position: number;
  quality: number;
}

function settingsOf(records: readonly RecordRow[]): { name: string; settings: Setting[] } | undefined {
  const first = records[0];
  const spec = first && getReducer(first.method).info.param;
  if (!spec || spec.lossier === 'none') return undefined;
  const axis = paramAxis(spec, [spec.min, spec.max]);
  const byValue = new Map<number, number[]>();
  for (const r of records) {
    if (!r.param || !Number.isFinite(r.quality)) continue;
    const qs = byValue.get(r.param.value) ?? [];
    qs.push(r.quality);
    byValue.set(r.param.value, qs);
  }
  const settings = [...byValue].map(([value, qs]) => ({ value, position: axis.positionOf(value), quality: qs.reduce((a, b) => a + b, 0) / qs.length }));
  settings.sort((a, b) => a.position - b.position);
  const sweep = spec.sweep ?? [spec.min, spec.max];
  // Positions on the full [min, max] axis; the step limit is a share of the swept sub-range.
  const sweepWidth = Math.abs(axis.positionOf(sweep[1]) - axis.positionOf(sweep[0]));
  for (const s of settings) s.position /= sweepWidth || 1;
  return { name: spec.name, settings };
}

export function methodFlags(method: string, records: readonly RecordRow[], judge: QualityJudge): MethodFlag[] {
  const parsed = settingsOf(records);
  if (!parsed || parsed.settings.length < 2) return [];
  const { name, settings } = parsed;
  const flags: MethodFlag[] = [];
  const good = (q: number) => (judge.higherIsBetter ? q : -q);
  const fmt = (v: number) => Number(v.toPrecision(3));

  for (let i = 0; i + 1 < settings.length; i++) {
    const a = settings[i];
    const b = settings[i + 1];
    if (judge.indistinguishable(a.quality) && !judge.meetsThreshold(b.quality) && b.position - a.position <= THRESHOLD_MAX_STEP) {
      flags.push({
        method,
        kind: 'threshold',
        detail: `${name} ${fmt(a.value)} keeps quality ${fmt(a.quality)} (within the noise floor) but ${name} ${fmt(b.value)}, one step lossier, gives ${fmt(b.quality)}, below tau ${fmt(judge.threshold)}`,
      });
      break;
    }
  }

  const width = Math.max(2 * judge.floor.spread, 1e-12 * Math.abs(judge.floor.mean));
  let worst = settings[0];
  for (const s of settings.slice(1)) {
    if (good(s.quality) - good(worst.quality) > width) {
      flags.push({
        method,
        kind: 'non-monotonic',
        detail: `quality rises from ${fmt(worst.quality)} at ${name} ${fmt(worst.value)} to ${fmt(s.quality)} at the lossier ${name} ${fmt(s.value)}, more than the noise floor's width (${fmt(width)})`,
      });
      break;
    }
    if (good(s.quality) < good(worst.quality)) worst = s;
  }
  return flags;
}

export function allFlags(records: readonly RecordRow[], judge: QualityJudge): MethodFlag[] {
  const byMethod = new Map<string, RecordRow[]>();
  for (const r of records) {
    const list = byMethod.get(r.method) ?? [];
    list.push(r);
    byMethod.set(r.method, list);
  }
  return [...byMethod].flatMap(([method, rs]) => methodFlags(method, rs, judge));
}
