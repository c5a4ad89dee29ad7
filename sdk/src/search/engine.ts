// The sweep itself, on an injected evaluator: the noise floor from lossless runs, then for
// every method either one evaluation per seed (parameterless and lossless methods) or
// Algorithm 1 (bounds u and l by searchBounds, then N candidate points between them), all
// methods at once under one limit on concurrent evaluations. Every finished evaluation is
// appended to records.jsonl before it is reported; keys already there are not computed again.

import * as path from 'node:path';
import type { Recommendation, RecordRow, SweepEvent, SweepStatus } from '../display/payload';
import { getReducer, normalizeConfig } from '../reducers/registry';
import type { NormalizedConfig, ParamSpec } from '../reducers/types';
import { LossymlError, UsageError } from '../util/errors';
import { candidatePoints, paramAxis, type Spacing } from './axis';
import { searchBounds, type BoundSearchResult } from './bounds';
import { AbortedError, AsyncQueue, Limiter } from './limiter';
import { buildPayloads, toRow } from './payloads';
import { absoluteThreshold, noiseFloor, QualityJudge, type Threshold } from './quality';
import { recommend } from './recommend';
import { writeFrontFile } from './front-file';
import { MAIN_SPLIT_SEED, appendRecord, isFailed, readRecords, RECORDS_FILE, type RecordContext, type SearchRole, type StoredLine, type StoredRecord } from './records-file';

export interface Seeds {
  /** The split's seed (and a sampler's draw). */
  data: number;
  model: number;
}

/** What the sweep needs from an application: keys and evaluations on data loaded once. */
export interface SweepEvaluator {
  app: string;
  metric: string;
  higherIsBetter: boolean;
  quick: boolean;
  /** The evaluation key (a stable hash of app, data fingerprint, config, seeds, quick, version). */
  key(config: NormalizedConfig, seeds: Seeds): Promise<string>;
  /** One evaluation; the row's key is `key(config, seeds)`. */
  evaluate(config: NormalizedConfig, seeds: Seeds): Promise<{ row: RecordRow; context: Omit<RecordContext, 'search'> }>;
}

export interface SearchOptions {
  /** Reducer ids to sweep. */
  methods: string[];
  /** Candidate points between l and u (N of Algorithm 1). */
  points: number;
  spacing: Spacing;
  tau: Threshold;
  /** Model seeds for each candidate point and parameterless method. */
  seeds: number;
  /** Lossless runs (split and model seed i, i = 0..floorSeeds-1) that measure the noise floor. */
  floorSeeds: number;
  /** Scan points of the axis before bisection. */
  scan: number;
  budgetPerBound: number;
  /** Seeds a bound decision may use when it is within the floor. */
  maxSeeds: number;
  /** Evaluations run at once. */
  concurrency: number;
  /** Loss budget of the recommendation in `done` (0.01 = 1%). */
  maxLoss: number;
}

export interface EngineOptions extends SearchOptions {
  evaluator: SweepEvaluator;
  /** Where records.jsonl is kept; without one nothing is written and nothing resumed. */
  outDir?: string;
  signal?: AbortSignal;
}

/** What the engine keeps of each method's search, for front.json. */
export interface MethodSummary {
  method: string;
  param?: string;
  u?: number;
  l?: number;
  candidates: number[];
  note?: string;
}

export interface SweepOutcome {
  status: SweepStatus;
  records: RecordRow[];
  judge?: QualityJudge;
  methods: MethodSummary[];
  recommendation?: Recommendation;
}

export function checkSearchOptions(o: SearchOptions): void {
  const int = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${name}: got ${v}, expected an integer in [${min}, ${max}]`);
  };
  if (o.methods.length === 0) throw new UsageError('methods: got none, expected at least one reducer id');
  for (const m of o.methods) getReducer(m);
  int('points', o.points, 1, 1000);
  int('seeds', o.seeds, 1, 100);
  int('floorSeeds', o.floorSeeds, 2, 100);
  int('scan', o.scan, 2, 100);
  int('budgetPerBound', o.budgetPerBound, 0, 1000);
  int('maxSeeds', o.maxSeeds, 1, 100);
  int('workers', o.concurrency, 1, 64);
}

/** The config a parameterless or lossless method is swept at: a lossless level at its best ratio. */
export function fixedConfig(method: string): NormalizedConfig {
  const p = getReducer(method).info.param;
  return normalizeConfig({ id: method, ...(p && p.lossier === 'none' ? { [p.name]: p.max } : {}) });
}

function isSearched(p: ParamSpec | undefined): p is ParamSpec {
  return p !== undefined && p.lossier !== 'none';
}

/** An upper estimate of the evaluations a sweep will run (the bound search may stop earlier). */
export function plannedEvaluations(o: SearchOptions): number {
  return o.floorSeeds + o.methods.reduce((n, m) => n + (isSearched(getReducer(m).info.param) ? o.scan + 2 * o.budgetPerBound + o.points * o.seeds : o.seeds), 0);
}

/** Runs a sweep; the events end with one `done` (status 'interrupted' after an abort). */
export function runSweep(options: EngineOptions): AsyncIterable<SweepEvent> {
  checkSearchOptions(options);
  absoluteThreshold(options.tau, 1, options.evaluator.higherIsBetter); // refuse a tau of the wrong kind before any work
  const queue = new AsyncQueue<SweepEvent>();
  void new Engine(options, queue).run().then(
    () => queue.end(),
    (e) => {
      queue.end();
      failure = e as Error;
    },
  );
  let failure: Error | undefined;
  return {
    async *[Symbol.asyncIterator]() {
      yield* queue;
      if (failure) throw failure;
    },
  };
}

class Engine {
  private readonly ev: SweepEvaluator;
  private readonly file?: string;
  private readonly limiter: Limiter;
  private readonly known = new Map<string, StoredLine>();
  private readonly pending = new Map<string, Promise<StoredLine>>();
  /** Records of this sweep, in the order they finished or were found. */
  private readonly records: StoredRecord[] = [];
  private readonly seen = new Set<string>();
  private judge?: QualityJudge;
  private done = 0;
  private remaining = new Map<string, number>();
  private readonly summaries: MethodSummary[] = [];

  constructor(
    private readonly o: EngineOptions,
    private readonly queue: AsyncQueue<SweepEvent>,
  ) {
    this.ev = o.evaluator;
    this.file = o.outDir ? path.join(o.outDir, RECORDS_FILE) : undefined;
    this.limiter = new Limiter(o.concurrency, o.signal);
  }

  async run(): Promise<SweepOutcome> {
    if (this.file) {
      const { lines, warnings } = readRecords(this.file);
      for (const w of warnings) this.queue.push({ type: 'warning', message: w });
      for (const line of lines) this.known.set(line.key, line);
    }
    for (const m of this.o.methods) this.remaining.set(m, plannedEvaluations({ ...this.o, methods: [m], floorSeeds: 0 }));
    this.remaining.set('(noise floor)', this.o.floorSeeds);
    const { app, metric, higherIsBetter } = this.ev;
    this.queue.push({ type: 'started', app, metric, higherIsBetter, methods: this.o.methods, total: this.total(), ...(this.o.outDir ? { outDir: this.o.outDir } : {}) });

    let status: SweepStatus = 'done';
    try {
      await this.measureFloor();
      const results = await Promise.allSettled(this.o.methods.map((m) => this.sweepMethod(m)));
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    } catch (e) {
      if (!(e instanceof AbortedError)) throw e;
      status = 'interrupted';
    }
    // Evaluations already running when an abort came finish and are recorded before `done`.
    while (this.pending.size) await Promise.allSettled([...this.pending.values()]);
    if (this.o.signal?.aborted) status = 'interrupted';
    const { front, table } = this.payloads(status);
    const recommendation = this.judge && this.records.length ? recommend(this.records, this.judge, this.o.maxLoss) : undefined;
    if (this.o.outDir) await writeFrontFile(this.o.outDir, front, this.summaries, this.o, recommendation);
    this.queue.push({ type: 'done', front, table, ...(recommendation ? { recommendation } : {}) });
    return { status, records: this.records, judge: this.judge, methods: this.summaries, recommendation };
  }

  private total(): number {
    let rest = 0;
    for (const n of this.remaining.values()) rest += n;
    return this.done + rest;
  }

  private payloads(status: SweepStatus) {
    const { app, metric, higherIsBetter } = this.ev;
    return buildPayloads({ app, metric, higherIsBetter, status, progress: { done: this.done, total: this.total() } }, this.records, this.judge);
  }

  private async measureFloor(): Promise<void> {
    const config = normalizeConfig({ id: 'none' });
    const seeds = Array.from({ length: this.o.floorSeeds }, (_, i) => ({ data: i, model: i }));
    const lines = await Promise.all(seeds.map((s) => this.evaluate('(noise floor)', config, s, 'floor')));
    const qualities: number[] = [];
    for (const l of lines) {
      if (isFailed(l)) throw new LossymlError(`noise floor: the lossless evaluation with seeds ${JSON.stringify(l.seeds)} failed: ${l.error}`);
      qualities.push(l.quality);
    }
    this.judge = new QualityJudge(noiseFloor(qualities), this.ev.higherIsBetter, this.o.tau);
  }

  private async sweepMethod(method: string): Promise<void> {
    const info = getReducer(method).info;
    try {
      if (!isSearched(info.param)) {
        const config = fixedConfig(method);
        await Promise.all(this.modelSeeds().map((s) => this.evaluate(method, config, s, 'parameterless')));
        this.summaries.push({ method, candidates: [] });
        return;
      }
      const param = info.param;
      const axis = paramAxis(param);
      const configAt = (v: number) => normalizeConfig({ id: method, [param.name]: v });
      const probe = async (v: number, seedIndex: number) => {
        const line = await this.evaluate(method, configAt(v), { data: MAIN_SPLIT_SEED, model: seedIndex }, 'bound');
        return isFailed(line) ? NaN : line.quality;
      };
      const bounds: BoundSearchResult = await searchBounds(axis, this.judge!, probe, { scan: this.o.scan, budgetPerBound: this.o.budgetPerBound, maxSeeds: this.o.maxSeeds });
      const u = bounds.u.value ?? axis.leastLossy;
      const l = bounds.l.value;
      if (l === undefined) {
        const note = `no ${param.name} in the swept range [${axis.leastLossy}, ${axis.lossiest}] meets tau (${Number(this.judge!.threshold.toPrecision(4))}); no candidate points`;
        this.queue.push({ type: 'warning', method, message: `${method}: ${note}` });
        this.summaries.push({ method, param: param.name, u: bounds.u.value, candidates: [], note });
        return;
      }
      const candidates = candidatePoints(param, l, u, this.o.points, this.o.spacing);
      this.remaining.set(method, candidates.length * this.o.seeds);
      await Promise.all(candidates.flatMap((v) => this.modelSeeds().map((s) => this.evaluate(method, configAt(v), s, 'candidate'))));
      this.summaries.push({ method, param: param.name, u: bounds.u.value, l, candidates });
    } finally {
      this.remaining.set(method, 0);
    }
  }

  private modelSeeds(): Seeds[] {
    return Array.from({ length: this.o.seeds }, (_, i) => ({ data: MAIN_SPLIT_SEED, model: i }));
  }

  /** One evaluation, from records.jsonl when its key is there; the same key asked twice runs once. */
  private async evaluate(owner: string, config: NormalizedConfig, seeds: Seeds, role: SearchRole): Promise<StoredLine> {
    const key = await this.ev.key(config, seeds);
    const known = this.known.get(key);
    if (known) {
      this.report(owner, known, true);
      return known;
    }
    let running = this.pending.get(key);
    if (!running) {
      running = this.limiter.run(() => this.compute(key, config, seeds, role));
      this.pending.set(key, running);
      running.then(
        (line) => {
          this.known.set(key, line);
          this.pending.delete(key);
          this.report(owner, line, false);
        },
        () => this.pending.delete(key),
      );
    }
    return running;
  }

  private async compute(key: string, config: NormalizedConfig, seeds: Seeds, role: SearchRole): Promise<StoredLine> {
    const search = { role, ...(this.judge ? { noiseFloor: this.judge.floor, threshold: this.judge.threshold } : {}) };
    let line: StoredLine;
    try {
      const { row, context } = await this.ev.evaluate(config, seeds);
      if (row.key !== key) throw new Error(`evaluator returned key ${row.key} for ${key}`);
      line = Number.isFinite(row.quality)
        ? { ...row, ...context, search }
        : { key, app: row.app, method: row.method, config: row.config, seed: row.seed, ...context, search, error: `quality is ${row.quality}` };
    } catch (e) {
      const failed = { key, app: this.ev.app, method: config.id, config, seed: seeds.model, seeds, quick: this.ev.quick, dataFingerprint: '', versions: { lossyml: '', node: process.version }, search, error: (e as Error).message };
      // A LossymlError (bad data for this method, an unavailable resource) will fail the same way
      // again: it is recorded. Anything else may be transient or a bug: reported, retried next run.
      if (!(e instanceof LossymlError)) {
        return { ...failed, error: `${(e as Error).stack ?? e} (not recorded: it runs again next time)` };
      }
      line = failed;
    }
    if (this.file) appendRecord(this.file, line);
    return line;
  }

  private report(owner: string, line: StoredLine, resumed: boolean): void {
    if (this.seen.has(line.key)) return;
    this.seen.add(line.key);
    this.done++;
    const left = this.remaining.get(owner);
    if (left !== undefined && left > 0) this.remaining.set(owner, left - 1);
    if (isFailed(line)) {
      this.queue.push({ type: 'warning', method: line.method, message: `${line.method} ${JSON.stringify(line.config)} seeds ${JSON.stringify(line.seeds)}: ${line.error}` });
      return;
    }
    this.records.push(line);
    this.queue.push({ type: 'record', record: toRow(line), resumed });
    const { front, table } = this.payloads('running');
    this.queue.push({ type: 'front-updated', front, table });
  }
}
