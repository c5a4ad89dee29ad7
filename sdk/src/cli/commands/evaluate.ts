// `lossyml evaluate`: one experiment point. Reduce an application's training and validation
// features, restore them through a real container, train its model and score it. Works on the
// registered applications and on any table a user brings (--data FILE --target COLUMN).

import * as fs from 'node:fs';
import { evaluateLoaded, evaluationConfig, type EvaluationRecord } from '../../apps/evaluate';
import { loadApp } from '../../apps/load';
import { MODEL_NAMES, TASKS, getApp, listApps, tableApp } from '../../apps/registry';
import type { App } from '../../apps/types';
import { listDatasets } from '../../data/registry';
import { formatNumber } from '../../display/text-table';
import { METRIC_NAMES } from '../../metrics/metric';
import { UsageError } from '../../util/errors';
import { numberFlag, oneOf, parse } from '../args';
import { readInput } from '../input';
import type { Io } from '../io';
import { commonFlags, configFromFlags } from './compress';

export const summary = 'reduce, restore, train and score: one experiment point';

export const help = `lossyml evaluate --app NAME (--config JSON | --method ID [--PARAM X]) [--seed S] [--quick] [--baseline] [--json]
lossyml evaluate --data FILE.csv|DATASET [--target COLUMN] --model ${MODEL_NAMES.join('|')} --metric ${METRIC_NAMES.join('|')}
                 [--task ${TASKS.join('|')}] [--positive LABEL] (--config JSON | --method ID ...) [--seed S] [--baseline] [--json]
  Reduces the training and validation features, restores them, trains the model and prints
  the quality, the compression ratio and the seconds of each stage. --baseline also runs the
  unreduced data ("none") and prints the change in quality. --seed seeds the split, the model
  and a sampler's draw. The task (default: the metric's) is checked against the target before
  any training; numeric labels (0/1, 1..7) are classes for a classification task. --target is
  needed for a file; a registered dataset (lossyml datasets) brings its own. Applications:
  ${listApps()
    .map((a) => a.name)
    .join(', ')}.`;

/** The application of --app, or of --data with --target, --model and --metric (shared with `lossyml sweep`). */
export function appFrom(values: Record<string, string | boolean | undefined>, command = 'evaluate'): App {
  if (typeof values.app === 'string') {
    for (const f of ['data', 'target', 'model', 'metric', 'task', 'positive'] as const) {
      if (values[f] !== undefined) throw new UsageError(`${command}: --${f} is for --data; an --app brings its own`);
    }
    return getApp(values.app);
  }
  if (typeof values.data !== 'string') throw new UsageError(`${command}: give --app NAME, or --data FILE with --target, --model and --metric`);
  const file = values.data;
  const registered = !fs.existsSync(file) ? listDatasets().find((d) => d.name === file) : undefined;
  for (const f of [...(registered ? [] : ['target' as const]), 'model' as const, 'metric' as const]) {
    if (typeof values[f] !== 'string') throw new UsageError(`${command}: --data ${registered ? 'DATASET' : 'FILE'} needs --${f}`);
  }
  if (registered && values.target !== undefined && values.target !== registered.target) {
    throw new UsageError(`${command}: --target: got ${JSON.stringify(values.target)}, but dataset ${file} has its own target ${JSON.stringify(registered.target)}`);
  }
  const model = oneOf(command, 'model', values.model as string, MODEL_NAMES);
  const metric = oneOf(command, 'metric', values.metric as string, METRIC_NAMES);
  const task = typeof values.task === 'string' ? oneOf(command, 'task', values.task, TASKS) : undefined;
  return tableApp({
    name: file,
    description: `${file}: ${model}, ${metric}`,
    data: () => readInput(command, file, registered ? undefined : (values.target as string)),
    model,
    metric,
    ...(task ? { task } : {}),
    positive: typeof values.positive === 'string' ? values.positive : undefined,
  });
}

export async function run(argv: string[], io: Io): Promise<number> {
  const flags = {
    ...commonFlags(),
    app: { type: 'string' as const },
    data: { type: 'string' as const },
    model: { type: 'string' as const },
    metric: { type: 'string' as const },
    task: { type: 'string' as const },
    positive: { type: 'string' as const },
    seed: { type: 'string' as const },
    quick: { type: 'boolean' as const },
    baseline: { type: 'boolean' as const },
    json: { type: 'boolean' as const },
  };
  const { values } = parse('evaluate', argv, flags, { min: 0, max: 0, names: 'no positional arguments' });
  if (values.help) return io.out(help), 0;
  const app = appFrom(values);
  // --seed is the evaluation's seed (split, model, a sampler's default draw), not a reducer setting.
  const { seed: seedFlag, ...configValues } = values;
  const config = configFromFlags('evaluate', configValues);
  const seed = typeof seedFlag === 'string' ? numberFlag('evaluate', 'seed', seedFlag) : 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`evaluate: --seed: got ${seedFlag}, expected an integer in [0, 4294967295]`);
  evaluationConfig(config, seed); // refuse a bad config before any data is loaded
  const loaded = await loadApp(app, { seed, quick: values.quick === true });
  const record = await evaluateLoaded(loaded, config);
  const baseline = values.baseline ? await evaluateLoaded(loaded, { id: 'none' }) : undefined;
  if (values.json) {
    io.out(JSON.stringify(baseline ? { ...record, baselineQuality: baseline.quality, qualityChange: record.quality - baseline.quality } : record));
    return 0;
  }
  io.out(describeRecord(record, baseline));
  return 0;
}

function describeRecord(r: EvaluationRecord, baseline?: EvaluationRecord): string {
  const s = r.seconds;
  const lines = [
    `${r.app} (${r.model}, ${r.source}), seed ${r.seed}${r.quick ? ', quick' : ''}`,
    `config      ${JSON.stringify(r.config)}`,
    `quality     ${metricLabel(r)} = ${formatNumber(r.quality, 4)} (${r.higherIsBetter ? 'higher' : 'lower'} is better)`,
  ];
  if (baseline) lines.push(`baseline    ${metricLabel(r)} = ${formatNumber(baseline.quality, 4)} without reduction (change ${formatNumber(r.quality - baseline.quality, 3)})`);
  lines.push(
    `ratio       ${formatNumber(r.compressionRatio)} features, ${formatNumber(r.fileRatio)} whole file${r.decompressMBps !== undefined ? `; restored at ${formatNumber(r.decompressMBps)} MB/s` : ''}` +
      (r.storedExactly > 0 ? `; ${r.storedExactly} values the method could not represent stored exactly` : ''),
    `rows        train ${r.rows.train}${r.rows.trainStored !== r.rows.train ? ` (${r.rows.trainStored} kept)` : ''}, validation ${r.rows.validation}`,
    `seconds     load ${formatNumber(s.load)}, reduce ${formatNumber(s.reduce)}, restore ${formatNumber(s.restore)}, fit ${formatNumber(s.fit)}, predict ${formatNumber(s.predict)}, total ${formatNumber(s.total)}`,
  );
  return lines.join('\n');
}

/** "gmean of class \"ad.\"": the G-mean is meaningless without its positive class. */
function metricLabel(r: EvaluationRecord): string {
  return r.positiveClass !== undefined ? `${r.metric} of class ${JSON.stringify(r.positiveClass)}` : r.metric;
}
