// `lossyml sweep`: the paper's method on an application: the noise floor, Algorithm 1 for every
// method with a parameter, the global fronts and the recommendation. Writes records.jsonl (one
// line per finished evaluation; re-running into the same --out resumes) and front.json.

import * as path from 'node:path';
import { MODEL_NAMES, TASKS, listApps } from '../../apps/registry';
import type { Recommendation, SweepEvent } from '../../display/payload';
import { formatNumber, formatTable } from '../../display/text-table';
import { METRIC_NAMES } from '../../metrics/metric';
import { writeReport } from '../../report/write';
import { SPACINGS } from '../../search/axis';
import { FRONT_FILE } from '../../search/front-file';
import { checkMaxLoss, describeConfig } from '../../search/recommend';
import { RECORDS_FILE } from '../../search/records-file';
import { resolveMethods, sweep, type SweepOptions } from '../../search/sweep';
import { UsageError } from '../../util/errors';
import { numberFlag, oneOf, parse } from '../args';
import type { Io } from '../io';
import { sweepProgress } from '../progress';
import { appFrom } from './evaluate';

export const summary = 'the paper\'s method: noise floor, bounds, candidate points, fronts, recommendation';

export const help = `lossyml sweep (--app NAME | --data FILE --target COLUMN --model ${MODEL_NAMES.join('|')} --metric ${METRIC_NAMES.join('|')} [--task ${TASKS.join('|')}] [--positive LABEL])
              --out DIR [--methods IDS|paper|all] [--points N] [--tau X | --tau-abs Q] [--spacing linear|log]
              [--seeds K] [--quick] [--workers W] [--max-loss F]
  Measures the noise floor (lossless data over several split and model seeds), then for every
  method with a parameter finds u (the lossiest setting indistinguishable from lossless) and l
  (the lossiest meeting tau) by bisection on the parameter's own scale, and evaluates N points
  between them; parameterless and lossless methods run once per seed. Every finished evaluation
  goes to DIR/${RECORDS_FILE}; running the same command again skips what is recorded (Ctrl-C loses
  nothing finished). Ends with the global front, the methods' warnings, the recommendation
  (highest ratio within --max-loss of the lossless quality), DIR/${FRONT_FILE}, and DIR/report.html
  with the figures as SVG beside it.
    --methods     comma-separated reducer ids; paper (default: the paper's 17) or all
    --points      candidate points between l and u (default 8; --quick 3)
    --tau         threshold as a fraction of the lossless quality (default 0.9; >= 1 for an error metric)
    --tau-abs     threshold as an absolute quality
    --spacing     linear (the paper's linspace, default) or log
    --seeds       model seeds per point (default 3; --quick 1)
    --workers     evaluations at once (default 1; the forest already trains on every core)
    --max-loss    loss budget of the recommendation (default 0.01 = 1%)
  Applications: ${listApps()
    .map((a) => a.name)
    .join(', ')}.`;

const FLAGS = {
  app: { type: 'string' as const },
  data: { type: 'string' as const },
  target: { type: 'string' as const },
  model: { type: 'string' as const },
  metric: { type: 'string' as const },
  task: { type: 'string' as const },
  positive: { type: 'string' as const },
  out: { type: 'string' as const },
  methods: { type: 'string' as const },
  points: { type: 'string' as const },
  tau: { type: 'string' as const },
  'tau-abs': { type: 'string' as const },
  spacing: { type: 'string' as const },
  seeds: { type: 'string' as const },
  quick: { type: 'boolean' as const },
  workers: { type: 'string' as const },
  'max-loss': { type: 'string' as const },
};

function intFlag(flag: string, value: string | boolean | undefined, min: number, max: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = numberFlag('sweep', flag, value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`sweep: --${flag}: got ${value}, expected an integer in [${min}, ${max}]`);
  return n;
}

/** The sweep's options from the command line, every value checked before any data is loaded. */
export function sweepOptionsFromFlags(values: Record<string, string | boolean | undefined>): Omit<SweepOptions, 'app'> & { outDir: string; maxLoss: number } {
  if (typeof values.out !== 'string' || values.out === '') throw new UsageError('sweep: --out DIR is required (records.jsonl and front.json go there)');
  if (values.tau !== undefined && values['tau-abs'] !== undefined) throw new UsageError('sweep: give --tau (a fraction of lossless) or --tau-abs (a quality), not both');
  const methodsFlag = typeof values.methods === 'string' ? values.methods : 'paper';
  const methods = methodsFlag === 'paper' || methodsFlag === 'all' ? methodsFlag : methodsFlag.split(',').map((m) => m.trim()).filter((m) => m !== '');
  try {
    resolveMethods(methods);
  } catch (e) {
    throw new UsageError(`sweep: --${(e as Error).message}`);
  }
  const tau = typeof values.tau === 'string' ? numberFlag('sweep', 'tau', values.tau) : undefined;
  if (tau !== undefined && !(tau > 0)) throw new UsageError(`sweep: --tau: got ${values.tau}, expected a positive fraction of the lossless quality such as 0.99`);
  const tauAbs = typeof values['tau-abs'] === 'string' ? numberFlag('sweep', 'tau-abs', values['tau-abs']) : undefined;
  const maxLoss = typeof values['max-loss'] === 'string' ? numberFlag('sweep', 'max-loss', values['max-loss']) : 0.01;
  try {
    checkMaxLoss(maxLoss);
  } catch (e) {
    throw new UsageError(`sweep: --${(e as Error).message}`);
  }
  return {
    outDir: values.out,
    methods,
    quick: values.quick === true,
    points: intFlag('points', values.points, 1, 1000),
    seeds: intFlag('seeds', values.seeds, 1, 100),
    workers: intFlag('workers', values.workers, 1, 64),
    ...(typeof values.spacing === 'string' ? { spacing: oneOf('sweep', 'spacing', values.spacing, SPACINGS) } : {}),
    ...(tau !== undefined ? { tau } : tauAbs !== undefined ? { tau: { kind: 'absolute' as const, value: tauAbs } } : {}),
    maxLoss,
  };
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('sweep', argv, FLAGS, { min: 0, max: 0, names: 'no positional arguments' });
  if (values.help) return io.out(help), 0;
  const options = sweepOptionsFromFlags(values);
  const app = appFrom(values, 'sweep');
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
    progress.log('lossyml sweep: stopping after the running evaluations (Ctrl-C again to quit at once; re-run to resume)');
  };
  const progress = sweepProgress(options.maxLoss);
  process.on('SIGINT', onSigint);
  let last: Extract<SweepEvent, { type: 'done' }> | undefined;
  try {
    for await (const e of sweep({ ...options, app, signal: controller.signal })) {
      progress.update(e);
      if (e.type === 'warning') progress.log(`warning: ${e.message}`);
      if (e.type === 'done') last = e;
    }
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  if (!last) return 1;
  const report = await writeReport(options.outDir, last.front, last.table, last.recommendation);
  io.out(summarize(last, options.outDir));
  io.out(`report:  ${report.html}`);
  return last.front.status === 'interrupted' ? 130 : 0;
}

function summarize(done: Extract<SweepEvent, { type: 'done' }>, outDir: string): string {
  const f = done.front;
  const byKey = new Map(f.records.map((r) => [r.key, r]));
  const lines = [`lossyml sweep: ${f.app}, ${f.records.length} evaluations${f.status === 'interrupted' ? ' (interrupted: run the same command to resume)' : ''}`];
  if (f.noiseFloor) lines.push(`noise floor: ${f.metric} ${formatNumber(f.noiseFloor.mean, 4)} +- ${formatNumber(f.noiseFloor.spread, 2)} over ${f.noiseFloor.seeds} lossless runs; tau ${formatNumber(f.threshold!, 4)}`);
  lines.push('', 'global front (quality against compression ratio):');
  lines.push(formatTable(['method', 'config', 'ratio', f.metric, 'seed'], f.frontByRatio.map((k) => byKey.get(k)!).map((r) => [r.method, describeConfig(r).slice(r.method.length).trim() || '-', r.compressionRatio, r.quality, r.seed])));
  for (const flag of f.flags) lines.push(`${flag.kind} behaviour in ${flag.method}: ${flag.detail}`);
  if (done.recommendation) lines.push('', recommendationText(done.recommendation));
  lines.push('', `records: ${path.join(outDir, RECORDS_FILE)}`, `front:   ${path.join(outDir, FRONT_FILE)}`);
  return lines.join('\n');
}

export function recommendationText(r: Recommendation): string {
  return `recommendation (loss <= ${r.maxLoss * 100}%): ${r.message}`;
}
