// A synthetic evaluator for the sweep engine: quality is a known function of the method's
// position on its parameter axis (0 least lossy, 1 lossiest), plus a seeded, reproducible
// noise; the ratio grows with the position. No data, no model: the tests know every answer.

import { createHash } from 'node:crypto';
import type { RecordRow } from '@lossyml/sdk/display/payload';
import { getReducer } from '@lossyml/sdk/reducers/registry';
import type { NormalizedConfig } from '@lossyml/sdk/reducers/types';
import { paramAxis } from '@lossyml/sdk/search/axis';
import type { Seeds, SweepEvaluator } from '@lossyml/sdk/search/engine';

export type Curve = (t: number) => number;

/** Uniform in [-1, 1], a pure function of its inputs. */
export function hashNoise(...parts: (string | number)[]): number {
  const h = createHash('sha256').update(parts.join('|')).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 2 - 1;
}

export interface SyntheticOptions {
  curves?: Record<string, Curve>;
  /** Noise amplitude (quality units) added per seed. */
  noise?: number;
  /** Milliseconds each evaluation waits (to have something to interrupt). */
  delayMs?: number;
  onEvaluate?: (key: string) => void;
}

export const LOSSLESS_QUALITY = 0.9;

export function syntheticEvaluator(o: SyntheticOptions = {}): SweepEvaluator & { calls: string[] } {
  const calls: string[] = [];
  const key = async (config: NormalizedConfig, seeds: Seeds) => createHash('sha256').update(JSON.stringify({ config, seeds })).digest('hex');
  return {
    app: 'synthetic',
    metric: 'r2',
    higherIsBetter: true,
    quick: true,
    calls,
    key,
    async evaluate(config, seeds) {
      const k = await key(config, seeds);
      calls.push(k);
      o.onEvaluate?.(k);
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
      const info = getReducer(config.id).info;
      const p = info.param && info.param.lossier !== 'none' ? info.param : undefined;
      const t = p ? paramAxis(p).positionOf(config[p.name] as number) : 0;
      const curve = o.curves?.[config.id] ?? ((x: number) => LOSSLESS_QUALITY - 0.3 * x * x);
      const quality = (info.lossless ? LOSSLESS_QUALITY : curve(t)) + (o.noise ?? 0) * hashNoise(k, 'q');
      const row: RecordRow = {
        key: k,
        app: 'synthetic',
        method: config.id,
        config,
        ...(p ? { param: { name: p.name, value: config[p.name] as number } } : {}),
        seed: seeds.model,
        quality,
        metric: 'r2',
        higherIsBetter: true,
        compressionRatio: info.lossless ? 1 + (info.id === 'none' ? 0 : 0.5) : 2 + 50 * t,
        decompressMBps: 100 + 10 * t,
        seconds: { total: 0 },
      };
      return { row, context: { dataFingerprint: `split${seeds.data}`, quick: true, versions: { lossyml: 'test', node: process.version }, seeds } };
    },
  };
}
