// `sample-wr` and `sample-wor`: a seeded random fraction of the training rows, with and
// without replacement. round(fraction * nRows) rows (at least one when there are rows),
// returned in ascending order so the kept rows keep the table's order. Reproducible by seed
// on any platform (the Rng of dataset.ts).

import { Rng } from '../../data/dataset';
import { check } from '../../util/errors';
import type { NormalizedConfig, ParamSpec, RowSampler } from '../types';
import { checkRowCount } from './naive';

const FRACTION: ParamSpec = {
  name: 'fraction',
  description: 'Share of the training rows kept, in (0, 1].',
  min: 1e-6,
  max: 1,
  scale: 'log',
  integer: false,
  lossier: 'lower',
  default: 0.5,
  sweep: [0.01, 1],
};

const SEED: ParamSpec = {
  name: 'seed',
  description: 'Seed of the random draw: the same seed gives the same rows.',
  min: 0,
  max: 0xffffffff,
  scale: 'linear',
  integer: true,
  lossier: 'none',
  default: 0,
};

/** round(fraction * nRows), at least 1 when nRows > 0. */
export function sampleSize(nRows: number, fraction: number): number {
  check(Number.isFinite(fraction) && fraction > 0 && fraction <= 1, 'fraction', fraction, 'a number in (0, 1]');
  return nRows === 0 ? 0 : Math.min(nRows, Math.max(1, Math.round(fraction * nRows)));
}

function seedOf(config: NormalizedConfig): Rng {
  const seed = config.seed as number;
  check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, `${config.id}: seed`, seed, 'an integer in [0, 4294967295]');
  return new Rng(seed);
}

/** m rows drawn uniformly and independently (repeats possible), sorted. */
export function drawWithReplacement(nRows: number, m: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(m);
  for (let i = 0; i < m; i++) out[i] = rng.int(nRows);
  return out.sort();
}

/** m distinct rows: the first m steps of a Fisher-Yates shuffle, sorted. */
export function drawWithoutReplacement(nRows: number, m: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) p[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(nRows - i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p.slice(0, m).sort();
}

function randomSampler(id: 'sample-wr' | 'sample-wor', replacement: boolean): RowSampler {
  const how = replacement ? 'with' : 'without';
  return {
    kind: 'sampler',
    info: {
      id,
      family: 'sampling',
      description: `A seeded random fraction of the training rows, drawn ${how} replacement; the stored rows are kept as they are.`,
      lossless: false,
      param: FRACTION,
      settings: [SEED],
      layouts: ['columns', 'matrix'],
      defaultLayout: 'columns',
      paper: true,
    },
    selectRows(nRows: number, config: NormalizedConfig): Uint32Array {
      checkRowCount(nRows);
      const m = sampleSize(nRows, config.fraction as number);
      const rng = seedOf(config);
      return replacement ? drawWithReplacement(nRows, m, rng) : drawWithoutReplacement(nRows, m, rng);
    },
  };
}

export const sampleWithReplacement = randomSampler('sample-wr', true);
export const sampleWithoutReplacement = randomSampler('sample-wor', false);
