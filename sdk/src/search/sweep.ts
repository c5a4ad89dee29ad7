// The public entry to a sweep: an application (a registered name, or an App), the methods and
// the search settings, with defaults for full and quick runs; events as an async iterable.
// Also the other direction: fronts, floor and recommendation rebuilt from a records.jsonl alone.

import * as path from 'node:path';
import { getApp } from '../apps/registry';
import type { App } from '../apps/types';
import type { FrontPayload, Recommendation, RecordRow, SweepEvent, TablePayload } from '../display/payload';
import { listReducers } from '../reducers/registry';
import { DataError, UsageError } from '../util/errors';
import { appEvaluator } from './app-evaluator';
import type { Spacing } from './axis';
import { runSweep, type SearchOptions, type SweepEvaluator } from './engine';
import { readFrontFile } from './front-file';
import { buildPayloads } from './payloads';
import { noiseFloor, QualityJudge, type Threshold } from './quality';
import { recommend } from './recommend';
import { isFailed, readRecords, RECORDS_FILE, type StoredRecord } from './records-file';

export interface SweepOptions {
  /** A registered application's name, or an App (tableApp for a user's table). */
  app: string | App;
  /** Reducer ids, 'paper' (the paper's 17 methods, the default) or 'all' (every registered id). */
  methods?: string[] | 'paper' | 'all';
  /** Smaller model and search for tests, CI and the demo. */
  quick?: boolean;
  /** Candidate points between l and u (default 8; quick 3). */
  points?: number;
  spacing?: Spacing;
  /** tau: a number is a fraction of the lossless quality (default 0.9), or {kind: 'absolute', value}. */
  tau?: number | Threshold;
  /** Model seeds per candidate point and parameterless method (default 3; quick 1). */
  seeds?: number;
  /** Lossless runs for the noise floor (default 5; quick 3; at least `seeds`). */
  floorSeeds?: number;
  scan?: number;
  budgetPerBound?: number;
  maxSeeds?: number;
  /** Evaluations at once (default 1: see the README on parallelism). */
  workers?: number;
  /** Loss budget of the final recommendation (default 0.01). */
  maxLoss?: number;
  /** Folder for records.jsonl and front.json; re-running into it resumes. */
  outDir?: string;
  /** Stops the sweep: running evaluations finish and are recorded, then `done` with status 'interrupted'. */
  signal?: AbortSignal;
  /** Replaces the application's evaluator (tests, other back-ends). */
  evaluator?: SweepEvaluator;
}

export function resolveMethods(methods: SweepOptions['methods']): string[] {
  const infos = listReducers();
  if (methods === undefined || methods === 'paper') return infos.filter((i) => i.paper).map((i) => i.id);
  if (methods === 'all') return infos.map((i) => i.id);
  if (!Array.isArray(methods) || methods.length === 0) throw new UsageError(`methods: got ${JSON.stringify(methods)}, expected reducer ids, "paper" or "all"`);
  const known = new Set(infos.map((i) => i.id));
  for (const m of methods) if (!known.has(m)) throw new UsageError(`methods: got ${JSON.stringify(m)}, expected one of ${[...known].join(', ')}, "paper" or "all"`);
  return [...new Set(methods)];
}

/** Every setting filled in from the options and the quick/full defaults. */
export function resolveSearchOptions(o: Omit<SweepOptions, 'app' | 'outDir' | 'signal' | 'evaluator'>): SearchOptions {
  const quick = o.quick ?? false;
  const seeds = o.seeds ?? (quick ? 1 : 3);
  const tau: Threshold = typeof o.tau === 'number' ? { kind: 'fraction', value: o.tau } : (o.tau ?? { kind: 'fraction', value: 0.9 });
  return {
    methods: resolveMethods(o.methods),
    points: o.points ?? (quick ? 3 : 8),
    spacing: o.spacing ?? 'linear',
    tau,
    seeds,
    floorSeeds: o.floorSeeds ?? Math.max(seeds, quick ? 3 : 5),
    scan: o.scan ?? (quick ? 3 : 5),
    budgetPerBound: o.budgetPerBound ?? (quick ? 2 : 4),
    maxSeeds: o.maxSeeds ?? (quick ? 1 : 3),
    concurrency: o.workers ?? 1,
    maxLoss: o.maxLoss ?? 0.01,
  };
}

/** Runs a sweep: `for await (const event of sweep({app: 'superconductor', quick: true})) ...`. */
export function sweep(options: SweepOptions): AsyncIterable<SweepEvent> {
  if (options.spacing !== undefined && options.spacing !== 'linear' && options.spacing !== 'log') {
    throw new UsageError(`spacing: got ${JSON.stringify(options.spacing)}, expected linear or log`);
  }
  const search = resolveSearchOptions(options);
  const quick = options.quick ?? false;
  const evaluator = options.evaluator ?? appEvaluator(typeof options.app === 'string' ? getApp(options.app) : options.app, quick);
  return runSweep({ ...search, evaluator, outDir: options.outDir, signal: options.signal });
}

export interface SweepResult {
  front: FrontPayload;
  table: TablePayload;
  recommendation: Recommendation;
  records: RecordRow[];
  warnings: string[];
}

/**
 * Fronts, noise floor and recommendation from a sweep folder's records.jsonl alone (front.json,
 * when present, names the application and tau). The floor is the lossless runs tagged 'floor'.
 */
export function loadSweep(outDir: string, maxLoss = 0.01): SweepResult {
  const file = path.join(outDir, RECORDS_FILE);
  const { lines, warnings } = readRecords(file);
  const records = lines.filter((l): l is StoredRecord => !isFailed(l));
  if (records.length === 0) throw new DataError(`${file}: no finished evaluations to read (is ${outDir} a sweep's output folder?)`);
  const saved = readFrontFile(outDir);
  const app = saved?.app ?? records[records.length - 1].app;
  const quick = records.filter((r) => r.app === app).slice(-1)[0].quick;
  const mine = records.filter((r) => r.app === app && r.quick === quick);
  const others = records.length - mine.length;
  if (others) warnings.push(`${file}: ${others} records of another application or quick setting left out (reading ${app}${quick ? ', quick' : ''})`);
  // The floor the sweep judged against: its floor runs (tagged in each line), else every `none` record.
  const tagged = mine.filter((r) => r.search?.role === 'floor');
  const lossless = (tagged.length ? tagged : mine.filter((r) => r.method === 'none')).map((r) => r.quality);
  if (lossless.length === 0) throw new DataError(`${file}: no lossless ("none") records of ${app}, so no noise floor to judge against`);
  const { metric, higherIsBetter } = mine[0];
  const floor = noiseFloor(lossless);
  const tau: Threshold = saved?.threshold !== undefined ? { kind: 'absolute', value: saved.threshold } : (saved?.settings.tau ?? { kind: 'fraction', value: 0.9 });
  const judge = new QualityJudge(floor, higherIsBetter, tau);
  const { front, table } = buildPayloads({ app, metric, higherIsBetter, status: saved?.status ?? 'done' }, mine, judge);
  return { front, table, recommendation: recommend(mine, judge, maxLoss), records: front.records, warnings };
}
