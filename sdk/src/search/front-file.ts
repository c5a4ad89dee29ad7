// front.json: what a finished (or interrupted) sweep concluded, beside its records.jsonl: the
// global fronts' records, each method's bounds and candidate points, the noise floor, the flags,
// the settings it ran with and the recommendation. Written whole or not at all.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrontPayload, Recommendation } from '../display/payload';
import { DataError } from '../util/errors';
import { writeFileAtomic } from '../util/atomic';
import type { MethodSummary, SearchOptions } from './engine';

export const FRONT_FILE = 'front.json';

export interface FrontFile {
  app: string;
  metric: string;
  higherIsBetter: boolean;
  status: FrontPayload['status'];
  noiseFloor?: FrontPayload['noiseFloor'];
  threshold?: number;
  settings: Omit<SearchOptions, 'methods'> & { methods: string[] };
  /** Records on the global front by ratio, in order of ratio. */
  front: FrontPayload['records'];
  frontByRatio: string[];
  frontByThroughput: string[];
  flags: FrontPayload['flags'];
  methods: MethodSummary[];
  recommendation?: Recommendation;
}

export async function writeFrontFile(outDir: string, front: FrontPayload, methods: MethodSummary[], settings: SearchOptions, recommendation?: Recommendation): Promise<void> {
  const byKey = new Map(front.records.map((r) => [r.key, r]));
  const file: FrontFile = {
    app: front.app,
    metric: front.metric,
    higherIsBetter: front.higherIsBetter,
    status: front.status,
    ...(front.noiseFloor ? { noiseFloor: front.noiseFloor, threshold: front.threshold } : {}),
    settings: { methods: settings.methods, points: settings.points, spacing: settings.spacing, tau: settings.tau, seeds: settings.seeds, floorSeeds: settings.floorSeeds, scan: settings.scan, budgetPerBound: settings.budgetPerBound, maxSeeds: settings.maxSeeds, concurrency: settings.concurrency, maxLoss: settings.maxLoss },
    front: front.frontByRatio.map((k) => byKey.get(k)!),
    frontByRatio: front.frontByRatio,
    frontByThroughput: front.frontByThroughput,
    flags: front.flags,
    methods: [...methods].sort((a, b) => (a.method < b.method ? -1 : 1)),
    ...(recommendation ? { recommendation } : {}),
  };
  await fs.promises.mkdir(outDir, { recursive: true });
  await writeFileAtomic(path.join(outDir, FRONT_FILE), JSON.stringify(file, null, 1) + '\n');
}

export function readFrontFile(outDir: string): FrontFile | undefined {
  const file = path.join(outDir, FRONT_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as FrontFile;
  } catch (e) {
    throw new DataError(`${file}: not readable as JSON (${(e as Error).message})`);
  }
}
