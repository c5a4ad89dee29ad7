// Every dataset present in the shared folder loads with the shape, target and statistics its
// README documents; a naive second parser agrees with the fast one cell for cell; datasets that
// are absent say so, and how to get them. The documented copies are the shared data folder's
// (test/real-data.ts says how to get them when they are absent).

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Dataset, UnavailableError, listDatasets, loadDataset } from '@lossyml/sdk';
import { documentedCopy } from '../real-data';

// From the shared READMEs: rows x features, target, its column, its kind, and the .gz's SHA-256.
const DOCUMENTED: [string, number, number, string, number, 'numeric' | 'label', string, string][] = [
  ['casp', 45730, 9, 'RMSD', 0, 'numeric', 'casp/CASP.csv.gz', '8bcef15fc9f732209fc81bee6dfd9ba753c9a6a35904d70f75d9b5417f57ae51'],
  ['satellite', 6435, 36, 'classes', 36, 'label', 'satellite/satellite.csv.gz', 'adc4a22a9c3b41914a112a0a1143a98b654e6fa36c8b22dd4c0e2b8dc74a5c87'],
  ['letter', 20000, 16, 'lettr', 0, 'label', 'letter/letter.csv.gz', '1c9a9fc0d30a157ef300e407c5732cf691930fe0047b7b9266d18e066f9d25bf'],
  ['ionosphere', 351, 34, 'Class', 34, 'label', 'ionosphere/ionosphere.csv.gz', '881c3a8292b72d81066ad6f1e7776028766d584caa20383eb1ae65cda5e9e045'],
  ['sonar', 208, 60, 'Class', 60, 'label', 'sonar/sonar.csv.gz', '384d610c94d9685db28bf97e78accf1a8847e225b545335a5501f9d64da0b67a'],
  ['boston', 506, 13, 'medv', 13, 'numeric', 'boston/boston.csv.gz', 'baabde35c1318c507d8691d632dd858a97150285f701033c5b9442f3f416d316'],
  ['musk', 476, 166, 'Class', 166, 'numeric', 'musk/musk.csv.gz', 'be8d53d3133c2d9fdc9596c0518102c5fd3c4e9d3ff63d658a993226306887b6'],
  ['superconductor', 4252, 81, 'critical_temp', 81, 'numeric', 'superconductor/test_set.csv.gz', '4ab3429ecafdab2d11e78b383ef46d40804fde03c015dd79e6ba231b23f2d724'],
  ['ads', 998, 1558, 'class', 1558, 'label', 'ads/ad-first998.data.gz', '56be989596db1ceae930c53e9c828f0dacf956ae4b9edaf73c836ecad1ec3962'],
];

function counts(labels: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) out[l] = (out[l] ?? 0) + 1;
  return out;
}

function stats(v: Float64Array): { min: number; max: number; mean: number } {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const x of v) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  return { min, max, mean: sum / v.length };
}


/** Runs fn with these environment variables (undefined: unset), restoring them after. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const put = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  put(vars);
  try {
    return await fn();
  } finally {
    put(saved);
  }
}

/** Empty data and cache folders with downloads off: nothing is available but generated data. */
function nothingHere<T>(fn: (data: string) => T | Promise<T>): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-nodata-'));
  const data = path.join(tmp, 'data');
  return withEnv({ LOSSYML_DATA_DIR: data, LOSSYML_CACHE_DIR: path.join(tmp, 'cache'), LOSSYML_OFFLINE: '1' }, () => fn(data)).finally(() =>
    fs.rmSync(tmp, { recursive: true, force: true }),
  );
}

// Facts of the shared data folder's copies, which no download reproduces.
describe('the documented copies', () => {
  const loaded = new Map<string, Dataset>();
  beforeAll(async () => {
    for (const [name, , , , , , file] of DOCUMENTED) {
      documentedCopy(name, file);
      loaded.set(name, await loadDataset(name));
    }
  });

  test.each(DOCUMENTED)('%s: %i x %i, target %s (column %i, %s), the documented file', (name, rows, cols, target, index, kind, file, sha) => {
    const ds = loaded.get(name)!;
    expect([ds.nRows, ds.nCols, ds.dtype]).toEqual([rows, cols, 'float64']);
    expect([ds.target?.name, ds.targetIndex, ds.target?.kind]).toEqual([target, index, kind]);
    expect(ds.source).toContain(`LOSSYML_DATA_DIR/${file}`);
    expect(createHash('sha256').update(fs.readFileSync(documentedCopy(name, file))).digest('hex')).toBe(sha);
  });

  test('class counts and target statistics match the READMEs', () => {
    expect(counts(loaded.get('ionosphere')!.target!.values as string[])).toEqual({ good: 225, bad: 126 });
    expect(counts(loaded.get('sonar')!.target!.values as string[])).toEqual({ M: 111, R: 97 });
    expect(counts(loaded.get('satellite')!.target!.values as string[])).toEqual({ 'red soil': 1533, 'very damp grey soil': 1508, 'grey soil': 1358, 'vegetation stubble': 707, 'cotton crop': 703, 'damp grey soil': 626 });
    const letters = counts(loaded.get('letter')!.target!.values as string[]);
    expect([Object.keys(letters).length, letters.A, letters.M, letters.Z]).toEqual([26, 789, 792, 734]);
    expect(counts(loaded.get('ads')!.target!.values as string[])).toEqual({ 'ad.': 459, 'nonad.': 539 });
    const musk = loaded.get('musk')!.target!.values as Float64Array;
    expect(musk.filter((v) => v === 1).length).toBe(207);
    const medv = stats(loaded.get('boston')!.target!.values as Float64Array);
    expect([medv.min, medv.max, +medv.mean.toFixed(5)]).toEqual([5, 50, 22.53281]);
    const rmsd = stats(loaded.get('casp')!.target!.values as Float64Array);
    expect([rmsd.min, rmsd.max, +rmsd.mean.toFixed(5)]).toEqual([0, 20.999, 7.74853]);
    const tc = stats(loaded.get('superconductor')!.target!.values as Float64Array);
    expect([+tc.min.toFixed(4), +tc.max.toFixed(0), +tc.mean.toFixed(2)]).toEqual([0.0005, 135, 33.95]);
    expect(Array.from(new Set(loaded.get('ionosphere')!.columns[1]))).toEqual([0]); // V2 is constant 0
  });

  /** A deliberately simple second parser: split on commas, unquote, Number(); `?` is missing. */
  function naive(name: string, file: string): string[][] {
    const lines = zlib.gunzipSync(fs.readFileSync(documentedCopy(name, file))).toString('utf8').split('\n').filter((l) => l.length > 0);
    return lines.map((l) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
  }

  test.each([['casp', 'casp/CASP.csv.gz'], ['ads', 'ads/ad-first998.data.gz'], ['superconductor', 'superconductor/test_set.csv.gz']])('%s: every cell equals what a naive parser reads', (name, file) => {
    const ds = loaded.get(name)!;
    const [header, ...rows] = naive(name, file);
    const ti = ds.targetIndex!;
    expect(header.filter((_, j) => j !== ti)).toEqual(ds.names);
    let mismatches = 0;
    let missing = 0;
    rows.forEach((cells, i) => {
      cells.forEach((c, j) => {
        if (j === ti) return;
        const f = j < ti ? j : j - 1;
        const expected = c === '?' ? NaN : Number(c);
        if (c === '?') missing++;
        if (!Object.is(ds.columns[f][i], expected)) mismatches++;
      });
    });
    expect(mismatches).toBe(0);
    expect(ds.missing!.total).toBe(missing);
  });

  test('ads: the missing cells are reported per column', () => {
    const m = loaded.get('ads')!.missing!;
    expect(m.total).toBeGreaterThan(0);
    expect(Object.keys(m.byColumn).every((c) => ['height', 'width', 'aratio', 'local'].includes(c))).toBe(true);
  });

  test('ptychonn: the 20 real frames as rows of 512 x 512 pixels, float32, marked partial', async () => {
    documentedCopy('ptychonn', 'ptycho/test235_truncated.npz');
    const ds = await loadDataset('ptychonn');
    expect([ds.nRows, ds.nCols, ds.dtype, ds.target]).toEqual([20, 262144, 'float32', undefined]);
    expect(ds.source).toMatch(/ptycho\/test235_truncated\.npz \(partial/);
  });

  test('listDatasets says which copy is here and whether it is partial', () => {
    const by = Object.fromEntries(listDatasets().map((d) => [d.name, d]));
    expect(by.superconductor.local).toMatchObject({ partial: true });
    expect(by.casp.local).toMatchObject({ partial: false });
  });

  test('float32 on request', async () => {
    const ds = await loadDataset('boston', { dtype: 'float32' });
    expect(ds.dtype).toBe('float32');
    expect(ds.columns[0][0]).toBe(Math.fround(0.00632));
  });
});

test('absent datasets say what is missing, where it was looked for, and how to get it', async () => {
  await nothingHere(async (data) => {
    for (const name of ['buzz', 'nt3', 'casp', 'boston']) {
      const err = await loadDataset(name).catch((e) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err.message).toMatch(new RegExp(`dataset ${name} is not available`));
      expect(err.message).toMatch(name === 'boston' ? /no automatic download.*in R, library\(mlbench\)/ : /LOSSYML_OFFLINE/);
      expect(err.message).toMatch(/https?:\/\//);
      expect(err.message).toContain(path.join(data, name));
      expect(err.message).not.toContain('\n');
    }
  });
  await expect(loadDataset('nope')).rejects.toThrow(/unknown dataset "nope"; known: superconductor, ads/);
});

test('listDatasets: every name of the brief, its shape and task, and what it takes to get it', async () => {
  const infos = listDatasets();
  const names = infos.map((d) => d.name);
  for (const n of ['superconductor', 'ads', 'buzz', 'nt3', 'ptychonn', 'casp', 'satellite', 'letter', 'ionosphere', 'sonar', 'boston', 'musk', 'synthetic-tabular', 'synthetic-wide']) {
    expect(names).toContain(n);
  }
  const by = Object.fromEntries(infos.map((d) => [d.name, d]));
  expect(by.superconductor.shape).toEqual([21263, 81]);
  const offline = await nothingHere(() => Object.fromEntries(listDatasets().map((d) => [d.name, d])));
  expect(offline.buzz.local).toBeNull();
  expect(offline.buzz.availability).toBe('not available');
  const online = await nothingHere(() => withEnv({ LOSSYML_OFFLINE: undefined }, () => Object.fromEntries(listDatasets().map((d) => [d.name, d]))));
  expect([online.buzz.availability, online.boston.availability]).toEqual(['download', 'not available']); // boston is made with R
  expect(by['synthetic-tabular'].availability).toBe('generated');
  expect(by.nt3.task).toBe('binary');
  expect(by.ptychonn.task).toBe('reconstruction');
});
