// Seeded synthetic data that needs no download: a table shaped like Superconductor (statistics of
// element properties over made-up compounds, so columns are correlated and span 1e-3..1e4) and
// a wide float32 matrix shaped like NT3 (gene-expression-like, constant columns, a binary label).

import { check } from '../util/errors';
import { Dataset, Rng } from './dataset';

export interface SyntheticTabularOptions {
  rows?: number;
  seed?: number;
  /** Constant columns appended after the 81 Superconductor-like features (default 3). */
  constantColumns?: number;
}

export interface SyntheticWideOptions {
  rows?: number;
  cols?: number;
  seed?: number;
  /** Columns that are 0 in every row, like unexpressed genes (default 4% of cols, as in NT3). */
  constantColumns?: number;
  /** Columns whose level depends on the label (default 20). */
  informative?: number;
}

const PROPERTIES = ['atomic_mass', 'fie', 'atomic_radius', 'Density', 'ElectronAffinity', 'FusionHeat', 'ThermalConductivity', 'Valence'] as const;
const STATS = ['mean', 'wtd_mean', 'gmean', 'wtd_gmean', 'entropy', 'wtd_entropy', 'range', 'wtd_range', 'std', 'wtd_std'] as const;
const N_ELEMENTS = 86;
const ELEMENT_SEED = 0x5eed; // fixed, so a column means the same thing for every seed

/** Property values of a made-up periodic table: [property][element], all positive. */
function elementTable(): Float64Array[] {
  const r = new Rng(ELEMENT_SEED);
  const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + r.next() * (Math.log(hi) - Math.log(lo)));
  const t = PROPERTIES.map(() => new Float64Array(N_ELEMENTS));
  for (let z = 0; z < N_ELEMENTS; z++) {
    t[0][z] = 1 + 2.45 * z + 4 * r.next();
    t[1][z] = 380 + 2000 * r.next() ** 2;
    t[2][z] = 30 + 270 * r.next();
    t[3][z] = logUniform(0.09, 22600);
    t[4][z] = 0.5 + 350 * r.next();
    t[5][z] = logUniform(2e-5, 0.035); // in MJ/mol: gives the table its 1e-3-scale columns
    t[6][z] = logUniform(0.02, 430);
    t[7][z] = 1 + r.int(7);
  }
  return t;
}

function tabularNames(constants: number): string[] {
  const names = ['number_of_elements'];
  for (const p of PROPERTIES) for (const s of STATS) names.push(`${s}_${p}`);
  for (let k = 0; k < constants; k++) names.push(`constant_${k}`);
  return names;
}

/** The ten Superconductor statistics of values x (n of them) with weights w summing to 1. */
function tenStats(x: Float64Array, w: Float64Array, n: number, out: Float64Array): void {
  let sum = 0, wsum = 0, logs = 0, wlogs = 0, min = Infinity, max = -Infinity, wmin = Infinity, wmax = -Infinity, wx = 0;
  for (let k = 0; k < n; k++) {
    sum += x[k];
    wsum += w[k] * x[k];
    logs += Math.log(x[k]);
    wlogs += w[k] * Math.log(x[k]);
    min = Math.min(min, x[k]);
    max = Math.max(max, x[k]);
    wmin = Math.min(wmin, w[k] * x[k]);
    wmax = Math.max(wmax, w[k] * x[k]);
    wx += w[k] * x[k];
  }
  const mean = sum / n;
  let ent = 0, went = 0, v = 0, wv = 0;
  for (let k = 0; k < n; k++) {
    const a = x[k] / sum;
    const b = (w[k] * x[k]) / wx;
    ent -= a * Math.log(a);
    went -= b > 0 ? b * Math.log(b) : 0;
    v += (x[k] - mean) ** 2;
    wv += w[k] * (x[k] - wsum) ** 2;
  }
  out[0] = mean;
  out[1] = wsum;
  out[2] = Math.exp(logs / n);
  out[3] = Math.exp(wlogs);
  out[4] = ent;
  out[5] = went;
  out[6] = max - min;
  out[7] = wmax - wmin;
  out[8] = Math.sqrt(v / n);
  out[9] = Math.sqrt(wv);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * A Superconductor-shaped regression table (default 2000 x 84: 81 features of element-property
 * statistics plus 3 constant columns), target `critical_temp`, a noisy non-linear function of
 * a few features. The same options give the same bits on every machine.
 */
export function syntheticTabular(options: SyntheticTabularOptions = {}): Dataset {
  const rows = options.rows ?? 2000;
  const seed = options.seed ?? 0;
  const constants = options.constantColumns ?? 3;
  check(Number.isInteger(rows) && rows >= 1 && rows <= 1e7, 'rows', rows, 'an integer in 1..1e7');
  check(Number.isInteger(seed) && seed >= 0, 'seed', seed, 'a non-negative integer');
  check(Number.isInteger(constants) && constants >= 0 && constants <= 100, 'constantColumns', constants, 'an integer in 0..100');
  const table = elementTable();
  const names = tabularNames(constants);
  const columns = names.map(() => new Float64Array(rows));
  const tc = new Float64Array(rows);
  const r = new Rng(seed);
  const picked = new Int32Array(9);
  const w = new Float64Array(9);
  const x = new Float64Array(9);
  const stats = new Float64Array(10);
  for (let i = 0; i < rows; i++) {
    const n = 1 + Math.min(8, Math.floor(-Math.log(1 - r.next()) * 2.6)); // mostly 2-5 elements, like the real data
    pickElements(r, n, picked, w);
    columns[0][i] = n;
    for (let p = 0; p < PROPERTIES.length; p++) {
      for (let k = 0; k < n; k++) x[k] = table[p][picked[k]];
      tenStats(x, w, n, stats);
      for (let s = 0; s < 10; s++) columns[1 + p * 10 + s][i] = stats[s];
    }
    for (let k = 0; k < constants; k++) columns[81 + k][i] = CONSTANT_VALUES[k % CONSTANT_VALUES.length];
    tc[i] = criticalTemp(columns, i, r);
  }
  return new Dataset({ name: 'synthetic-tabular', names, columns, target: { name: 'critical_temp', kind: 'numeric', values: tc }, targetIndex: names.length, source: `syntheticTabular({rows: ${rows}, seed: ${seed}})` });
}

const CONSTANT_VALUES = [101.325, 0, 1];

function alreadyPicked(picked: Int32Array, k: number, z: number): boolean {
  for (let q = 0; q < k; q++) if (picked[q] === z) return true;
  return false;
}

/** n distinct elements and fractions summing to 1 (a flat Dirichlet). */
function pickElements(r: Rng, n: number, picked: Int32Array, w: Float64Array): void {
  let total = 0;
  for (let k = 0; k < n; k++) {
    let z: number;
    do z = r.int(N_ELEMENTS);
    while (alreadyPicked(picked, k, z));
    picked[k] = z;
    w[k] = -Math.log(1 - r.next()) + 1e-3;
    total += w[k];
  }
  for (let k = 0; k < n; k++) w[k] /= total;
}

function col(columns: Float64Array[], stat: (typeof STATS)[number], prop: (typeof PROPERTIES)[number]): Float64Array {
  return columns[1 + PROPERTIES.indexOf(prop) * 10 + STATS.indexOf(stat)];
}

/** Non-linear in a handful of features, plus noise: a forest finds it, a linear model only partly. */
function criticalTemp(columns: Float64Array[], i: number, r: Rng): number {
  const cond = Math.log10(col(columns, 'wtd_gmean', 'ThermalConductivity')[i]);
  const val = col(columns, 'wtd_mean', 'Valence')[i];
  const rad = col(columns, 'range', 'atomic_radius')[i];
  const ent = col(columns, 'wtd_entropy', 'atomic_mass')[i];
  const dens = Math.log10(col(columns, 'mean', 'Density')[i]);
  const t = 5 + 35 * sigmoid(3 * (cond - 0.8)) + 30 * Math.exp(-((val - 2.5) ** 2) / 0.8) + 0.06 * rad * (columns[0][i] > 3 ? 1 : 0.3) + 8 * ent + 4 * Math.sin(2 * dens);
  return Math.max(0, t + 3 * r.normal());
}

/**
 * An NT3-shaped float32 matrix (default 256 x 2000): non-negative, gene-expression-like values
 * with shared latent factors, some all-zero columns, and a balanced 0/1 `label` (column 0, as in
 * NT3's files) that shifts the level of a few informative columns.
 */
export function syntheticWide(options: SyntheticWideOptions = {}): Dataset {
  const rows = options.rows ?? 256;
  const cols = options.cols ?? 2000;
  const seed = options.seed ?? 0;
  check(Number.isInteger(rows) && rows >= 2 && rows <= 1e6, 'rows', rows, 'an integer in 2..1e6');
  check(Number.isInteger(cols) && cols >= 1 && cols <= 1e6, 'cols', cols, 'an integer in 1..1e6');
  check(Number.isInteger(seed) && seed >= 0, 'seed', seed, 'a non-negative integer');
  const constants = options.constantColumns ?? Math.round(cols * 0.04);
  const informative = options.informative ?? Math.min(20, cols - constants);
  check(Number.isInteger(constants) && constants >= 0 && constants <= cols, 'constantColumns', constants, `an integer in 0..${cols}`);
  check(Number.isInteger(informative) && informative >= 0 && informative <= cols - constants, 'informative', informative, `an integer in 0..${cols - constants}`);
  const r = new Rng(seed);
  const label = new Float64Array(rows);
  for (let i = 0; i < rows; i++) label[i] = i % 2;
  shuffle(label, r);
  const K = 5;
  const factors = Float64Array.from({ length: rows * K }, () => r.normal());
  const kind = columnKinds(cols, constants, informative, r); // 0 plain, 1 constant, 2 informative
  const columns: Float32Array[] = [];
  const noise = new Float64Array(rows + 1);
  for (let j = 0; j < cols; j++) columns.push(wideColumn(kind[j], K, factors, label, r, noise));
  const names = Array.from({ length: cols }, (_, j) => `g${j}`);
  return new Dataset({ name: 'synthetic-wide', names, columns, target: { name: 'label', kind: 'numeric', values: label }, targetIndex: 0, source: `syntheticWide({rows: ${rows}, cols: ${cols}, informative: ${informative}, constantColumns: ${constants}, seed: ${seed}})` });
}

function shuffle(a: Float64Array | Uint8Array, r: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

function columnKinds(cols: number, constants: number, informative: number, r: Rng): Uint8Array {
  const kind = new Uint8Array(cols);
  kind.fill(1, 0, constants);
  kind.fill(2, constants, constants + informative);
  shuffle(kind, r);
  return kind;
}

/** Fills out with standard normals, both halves of each Box-Muller pair used (this is the hot part). */
function fillNormals(r: Rng, out: Float64Array): void {
  for (let i = 0; i + 1 < out.length; i += 2) {
    let u = 0;
    while (u === 0) u = r.next();
    const rad = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * r.next();
    out[i] = rad * Math.cos(a);
    out[i + 1] = rad * Math.sin(a);
  }
}

/** One column: level exp(N(1, 1.5)), modulated by the latent factors, never negative. */
function wideColumn(kind: number, K: number, factors: Float64Array, label: Float64Array, r: Rng, noise: Float64Array): Float32Array {
  const rows = label.length;
  const c = new Float32Array(rows);
  if (kind === 1) return c;
  const level = Math.exp(1 + 1.5 * r.normal());
  const load = Float64Array.from({ length: K }, () => 0.15 * r.normal());
  const shift = kind === 2 ? (r.next() < 0.5 ? -0.6 : 0.6) : 0;
  fillNormals(r, noise);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (let k = 0; k < K; k++) z += load[k] * factors[i * K + k];
    c[i] = level * Math.exp(z + shift * (label[i] - 0.5) + 0.2 * noise[i]);
  }
  return c;
}
