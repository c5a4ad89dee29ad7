// sample-naive, sample-wr and sample-wor: the asked sizes, reproducibility by seed,
// different draws for different seeds, no repeats without replacement, a uniform draw, and
// config errors that name the parameter.

import fc from 'fast-check';
import { Rng, loadDataset } from '@lossyml/sdk/data';
import { UsageError } from '@lossyml/sdk/util/errors';
import { listReducers, normalizeConfig } from '@lossyml/sdk/reducers';
import { samplerFor } from './helpers';

function rows(config: Parameters<typeof samplerFor>[0], nRows: number): Uint32Array {
  const { sampler, config: norm } = samplerFor(config);
  return sampler.selectRows(nRows, norm);
}

function ascending(a: Uint32Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false;
  return true;
}

const nRowsArb = fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 5000 }));
const fractionArb = fc.double({ min: 1e-6, max: 1, noNaN: true });
const seedArb = fc.nat({ max: 0xffffffff });

describe('sample-naive', () => {
  test('keeps rows 0, k, 2k, ...: ceil(n / k) of them', () => {
    expect(Array.from(rows({ id: 'sample-naive', k: 3 }, 10))).toEqual([0, 3, 6, 9]);
    expect(Array.from(rows({ id: 'sample-naive', k: 3 }, 9))).toEqual([0, 3, 6]);
    expect(Array.from(rows({ id: 'sample-naive', k: 1 }, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(rows({ id: 'sample-naive', k: 50 }, 7))).toEqual([0]);
    expect(rows({ id: 'sample-naive', k: 2 }, 0).length).toBe(0);
  });

  test('any n and k: every row i with i % k == 0, in order', () => {
    fc.assert(
      fc.property(nRowsArb, fc.integer({ min: 1, max: 1000 }), (n, k) => {
        const r = rows({ id: 'sample-naive', k }, n);
        expect(r.length).toBe(Math.ceil(n / k));
        r.forEach((v, i) => expect(v).toBe(i * k));
      }),
    );
  });
});

describe.each(['sample-wr', 'sample-wor'])('%s', (id) => {
  test('draws round(fraction * n) rows, at least one, within 0..n-1, ascending', () => {
    fc.assert(
      fc.property(nRowsArb, fractionArb, seedArb, (n, fraction, seed) => {
        const r = rows({ id, fraction, seed }, n);
        const expected = n === 0 ? 0 : Math.max(1, Math.round(fraction * n));
        expect(r.length).toBe(expected);
        expect(r.every((v) => v < n)).toBe(true);
        expect(ascending(r)).toBe(true);
      }),
    );
  });

  test('known sizes: 0.5 of 4252 rows is 2126, 0.1 is 425, 1e-6 of 10 is 1', () => {
    expect(rows({ id, fraction: 0.5 }, 4252).length).toBe(2126);
    expect(rows({ id, fraction: 0.1 }, 4252).length).toBe(425);
    expect(rows({ id, fraction: 1e-6 }, 10).length).toBe(1);
    expect(rows({ id, fraction: 0.3 }, 0).length).toBe(0);
  });

  test('the same seed gives the same rows; another seed other rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 3000 }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), seedArb, (n, fraction, seed) => {
        const a = rows({ id, fraction, seed }, n);
        expect(rows({ id, fraction, seed }, n)).toEqual(a);
        expect(rows({ id, fraction, seed: (seed + 1) % 0x100000000 }, n)).not.toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  test('matches a plain re-implementation of the documented draw with the Rng of dataset.ts', () => {
    for (const [n, fraction, seed] of [[1000, 0.01, 7], [37, 0.5, 123456], [5, 1, 0]] as const) {
      const m = Math.max(1, Math.round(fraction * n));
      const rng = new Rng(seed);
      let expected: number[];
      if (id === 'sample-wr') {
        expected = Array.from({ length: m }, () => rng.int(n));
      } else {
        // The first m steps of a forward Fisher-Yates shuffle of 0..n-1.
        const p = Array.from({ length: n }, (_, i) => i);
        for (let i = 0; i < m; i++) {
          const j = i + rng.int(n - i);
          [p[i], p[j]] = [p[j], p[i]];
        }
        expected = p.slice(0, m);
      }
      expect(Array.from(rows({ id, fraction, seed }, n))).toEqual(expected.sort((a, b) => a - b));
    }
  });

  test('each row is kept with probability close to the fraction (seeds 0..1999, 20 rows, fraction 0.25)', () => {
    const n = 20;
    const counts = new Float64Array(n);
    const seeds = 2000;
    for (let seed = 0; seed < seeds; seed++) for (const r of rows({ id, fraction: 0.25, seed }, n)) counts[r]++;
    // Expected 5 draws per run spread over 20 rows: 500 per row; binomial sd ~ 19.4 (wor) or 21.8 (wr).
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(5 * 22);
  });
});

describe('sample-wor has no repeats; sample-wr has them', () => {
  test('without replacement every row is distinct; fraction 1 keeps every row', () => {
    fc.assert(
      fc.property(nRowsArb, fractionArb, seedArb, (n, fraction, seed) => {
        const r = rows({ id: 'sample-wor', fraction, seed }, n);
        expect(new Set(r).size).toBe(r.length);
      }),
    );
    expect(Array.from(rows({ id: 'sample-wor', fraction: 1 }, 6))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('with replacement, fraction 1 of 1000 rows repeats some (about 1 - 1/e of rows are distinct)', () => {
    const r = rows({ id: 'sample-wr', fraction: 1, seed: 3 }, 1000);
    const distinct = new Set(r).size;
    expect(r.length).toBe(1000);
    expect(distinct).toBeGreaterThan(600);
    expect(distinct).toBeLessThan(665);
  });
});

test('on superconductor: the kept rows select a dataset of the asked size, labels kept alongside', async () => {
  const data = await loadDataset('superconductor');
  const { sampler, config } = samplerFor({ id: 'sample-wor', fraction: 0.2, seed: 11 });
  const kept = data.selectRows(sampler.selectRows(data.nRows, config));
  expect(kept.nRows).toBe(Math.round(0.2 * 4252));
  const r = sampler.selectRows(data.nRows, config);
  const t = data.target!;
  const tk = kept.target!;
  expect(t.kind === 'numeric' && tk.kind === 'numeric').toBe(true);
  r.forEach((row, i) => expect(tk.values[i]).toBe(t.values[row]));
});

describe('configs', () => {
  test.each([
    [{ id: 'sample-naive', k: 0 }, /k is 0, expected an integer in \[1, 1000000\]/],
    [{ id: 'sample-naive', k: 2.5 }, /k is 2.5/],
    [{ id: 'sample-wr', fraction: 0 }, /fraction is 0/],
    [{ id: 'sample-wor', fraction: 1.5 }, /fraction is 1.5/],
    [{ id: 'sample-wor', fraction: -0.1 }, /fraction is -0.1/],
    [{ id: 'sample-wr', seed: -1 }, /seed is -1/],
    [{ id: 'sample-wr', seed: 0.5 }, /seed is 0.5/],
    [{ id: 'sample-naive', fraction: 0.5 }, /unknown key "fraction"/],
  ])('%j is refused: %s', (config, message) => {
    expect(() => normalizeConfig(config)).toThrow(UsageError);
    expect(() => normalizeConfig(config)).toThrow(message);
  });

  test('defaults: k 2; fraction 0.5 with seed 0; both layouts accepted', () => {
    expect(normalizeConfig({ id: 'sample-naive' })).toEqual({ id: 'sample-naive', layout: 'columns', k: 2 });
    expect(normalizeConfig({ id: 'sample-wor', layout: 'matrix' })).toEqual({ id: 'sample-wor', layout: 'matrix', fraction: 0.5, seed: 0 });
  });

  test('a bad row count is refused', () => {
    expect(() => rows({ id: 'sample-wr' }, -1)).toThrow(/nRows/);
    expect(() => rows({ id: 'sample-naive' }, 2.5)).toThrow(UsageError);
  });

  test('the parameters say which way is lossier', () => {
    const info = (id: string) => listReducers().find((r) => r.id === id)!;
    expect(info('sample-naive').param).toMatchObject({ name: 'k', lossier: 'higher', integer: true });
    expect(info('sample-wr').param).toMatchObject({ name: 'fraction', lossier: 'lower', max: 1 });
    expect(info('sample-wor').settings).toEqual([expect.objectContaining({ name: 'seed', integer: true, min: 0 })]);
    expect(info('sample-wor')).toMatchObject({ family: 'sampling', lossless: false, paper: true });
  });
});
