// `lossyml evaluate`: one experiment point. Reduce an application's training and validation
// features, restore them through a real container, train its model and score it. Works on the
// registered applications and on any table a user brings (--data FILE --target COLUMN).

import { evaluate, type EvaluationRecord } from '../../apps/evaluate';
import { METRIC_NAMES } from '../../apps/metrics';
import { MODEL_NAMES, getApp, listApps, tableApp } from '../../apps/registry';
import type { App } from '../../apps/types';
import { formatNumber } from '../../display/text-table';
import { normalizeConfig } from '../../reducers/registry';
import { UsageError } from '../../util/errors';
import { numberFlag, oneOf, parse } from '../args';
import { readInput } from '../input';
import type { Io } from '../io';
import { commonFlags, configFromFlags } from './compress';

export const summary = 'reduce, restore, train and score: one experiment point';

export const help = `lossyml evaluate --app NAME (--config JSON | --method ID [--PARAM X]) [--seed S] [--quick] [--baseline] [--json]
lossyml evaluate --data FILE.csv --target COLUMN --model ${MODEL_NAMES.join('|')} --metric ${METRIC_NAMES.join('|')}
                 [--positive LABEL] (--config JSON | --method ID ...) [--seed S] [--baseline] [--json]
  Reduces the training and validation features, restores them, trains the model and prints
  the quality, the compression ratio and the seconds of each stage. --baseline also runs the
  unreduced data ("none") and prints the change in quality. Applications: ${listApps()
    .map((a) => a.name)
    .join(', ')}.`;

function appFrom(values: Record<string, string | boolean | undefined>): App {
  if (typeof values.app === 'string') {
    for (const f of ['data', 'model', 'metric', 'positive'] as const) {
      if (values[f] !== undefined) throw new UsageError(`evaluate: --${f} is for --data; an --app brings its own`);
    }
    return getApp(values.app);
  }
  if (typeof values.data !== 'string') throw new UsageError('evaluate: give --app NAME, or --data FILE with --target, --model and --metric');
  const file = values.data;
  for (const f of ['target', 'model', 'metric'] as const) {
    if (typeof values[f] !== 'string') throw new UsageError(`evaluate: --data needs --${f}`);
  }
  const model = oneOf('evaluate', 'model', values.model as string, MODEL_NAMES);
  const metric = oneOf('evaluate', 'metric', values.metric as string, METRIC_NAMES);
  return tableApp({
    name: file,
    description: `${file}: ${model}, ${metric}`,
    data: () => readInput('evaluate', file, values.target as string),
    model,
    metric,
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
    positive: { type: 'string' as const },
    seed: { type: 'string' as const },
    quick: { type: 'boolean' as const },
    baseline: { type: 'boolean' as const },
    json: { type: 'boolean' as const },
  };
  const { values } = parse('evaluate', argv, flags, { min: 0, max: 0, names: 'no positional arguments' });
  if (values.help) return io.out(help), 0;
  const app = appFrom(values);
  // --seed seeds the split, the model and (through evaluate) a sampler's draw, so it is not
  // passed on as a reducer setting, which most methods do not take.
  const config = configFromFlags('evaluate', { ...values, seed: undefined });
  normalizeConfig(config); // refuse a bad config before any data is loaded; evaluate() adds the seed
  const seed = typeof values.seed === 'string' ? numberFlag('evaluate', 'seed', values.seed) : 0;
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`evaluate: --seed: got ${values.seed}, expected a non-negative integer`);
  const options = { seed, quick: values.quick === true };
  const record = await evaluate(app, config, options);
  const baseline = values.baseline ? await evaluate(app, { id: 'none' }, options) : undefined;
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
    `quality     ${r.metric} = ${formatNumber(r.quality, 4)} (${r.higherIsBetter ? 'higher' : 'lower'} is better)`,
  ];
  if (baseline) lines.push(`baseline    ${r.metric} = ${formatNumber(baseline.quality, 4)} without reduction (change ${formatNumber(r.quality - baseline.quality, 3)})`);
  lines.push(
    `ratio       ${formatNumber(r.compressionRatio)}`,
    `rows        train ${r.rows.train}${r.rows.trainStored !== r.rows.train ? ` (${r.rows.trainStored} kept)` : ''}, validation ${r.rows.validation}`,
    `seconds     load ${formatNumber(s.load)}, reduce ${formatNumber(s.reduce)}, restore ${formatNumber(s.restore)}, fit ${formatNumber(s.fit)}, predict ${formatNumber(s.predict)}, total ${formatNumber(s.total)}`,
  );
  return lines.join('\n');
}
