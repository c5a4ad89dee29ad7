// The sweep's evaluator for a real application: its data loaded once per split seed (with the
// data fingerprint that keys every evaluation), each config reduced and restored once per split
// and reused for every model seed, then fitted and scored. Built on the apps seams only.

import { reduceLoaded, fitAndScore, evaluationConfig, type ReducedData } from '../apps/evaluate';
import { evaluationKey } from '../apps/keys';
import { loadApp, type LoadedApp } from '../apps/load';
import { toRecordRow } from '../apps/record';
import type { App } from '../apps/types';
import type { NormalizedConfig } from '../reducers/types';
import { configKey } from '../apps/keys';
import { LOSSYML_VERSION } from '../util/version';
import type { Seeds, SweepEvaluator } from './engine';

/** Reduced data kept for reuse across model seeds: a few configs at a time bound the memory. */
const REDUCED_KEPT = 8;

export function appEvaluator(app: App, quick: boolean): SweepEvaluator {
  const loads = new Map<number, Promise<LoadedApp>>();
  const reduced = new Map<string, Promise<ReducedData>>();
  const load = (dataSeed: number) => {
    let p = loads.get(dataSeed);
    if (!p) {
      p = loadApp(app, { quick, seed: dataSeed });
      loads.set(dataSeed, p);
    }
    return p;
  };
  const reduce = (loaded: LoadedApp, config: NormalizedConfig) => {
    const id = `${loaded.seed}:${configKey(config)}`;
    let p = reduced.get(id);
    if (p) {
      reduced.delete(id); // re-insert: most recently used last
    } else {
      p = reduceLoaded(loaded, config);
      p.catch(() => reduced.delete(id));
    }
    reduced.set(id, p);
    while (reduced.size > REDUCED_KEPT) reduced.delete(reduced.keys().next().value!);
    return p;
  };
  return {
    app: app.name,
    metric: app.metric.name,
    higherIsBetter: app.metric.higherIsBetter,
    quick,
    async key(config: NormalizedConfig, seeds: Seeds) {
      const loaded = await load(seeds.data);
      return evaluationKey({ app: app.name, dataFingerprint: loaded.fingerprint, config: evaluationConfig(config, seeds.data), seeds, quick, version: LOSSYML_VERSION });
    },
    async evaluate(config: NormalizedConfig, seeds: Seeds) {
      const loaded = await load(seeds.data);
      const record = await fitAndScore(await reduce(loaded, config), { modelSeed: seeds.model });
      return {
        row: toRecordRow(record),
        context: { dataFingerprint: record.dataFingerprint, quick: record.quick, versions: record.versions, seeds: { data: record.dataSeed, model: record.seed } },
      };
    },
  };
}
