// The Dataset: named feature columns held column-major in typed arrays, and an optional
// target kept apart (it is never reduced). Everything above the data layer passes these.

import { DataError, check } from '../util/errors';

export type DType = 'float32' | 'float64';
export type FloatColumn = Float64Array | Float32Array;

/** A numeric target (regression, or 0/1 classes) or a column of string labels. */
export type Target =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'label'; values: string[] };

/** Feature columns only, as the reducers see them: every column the same dtype and length. */
export interface FeatureBlock {
  readonly dtype: DType;
  readonly nRows: number;
  readonly columns: FloatColumn[];
}

export interface DatasetInit {
  name: string;
  names: string[];
  columns: FloatColumn[];
  target?: Target;
  /** Where the data came from, said to the user: "LOSSYML_DATA_DIR/superconductor/test_set.csv.gz (partial: 20%)". */
  source?: string;
  /** 0-based position the target had among the file's columns, so a writer can put it back there. */
  targetIndex?: number;
  /** Missing cells found when the file was read (never silently zero): see MissingReport. */
  missing?: MissingReport;
}

/** Per-column counts of the cells a reader took as missing (stored as NaN, or '' for labels). */
export interface MissingReport {
  /** Missing cells in all columns, target included. */
  total: number;
  /** Column name -> missing cells, only for columns with at least one. */
  byColumn: Record<string, number>;
}

export function dtypeOf(col: FloatColumn): DType {
  return col instanceof Float32Array ? 'float32' : 'float64';
}

export function bytesPerValue(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}

export function allocColumn(dtype: DType, n: number): FloatColumn {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Bytes of one buffer behind allocColumns' columns (columns never straddle two): a few hundred
 * buffers for NT3's 271 MB, and a table whose columns are dropped a few at a time can free them.
 */
const SLAB_BYTES = 2 ** 20;

/**
 * nCols zeroed columns of n values, views into a few large buffers rather than one buffer
 * each: a wide table (60,483 columns) pays for thousands of small buffers in allocation and
 * in garbage-collector work, more than for filling them. Code that transfers or hashes a
 * column must use its byteOffset and byteLength, not its whole buffer.
 */
export function allocColumns(dtype: DType, n: number, nCols: number): FloatColumn[] {
  const bpv = bytesPerValue(dtype);
  const perSlab = n === 0 ? nCols : Math.max(1, Math.floor(SLAB_BYTES / (n * bpv)));
  const out: FloatColumn[] = [];
  for (let j0 = 0; j0 < nCols; j0 += perSlab) {
    const k = Math.min(perSlab, nCols - j0);
    const slab = allocColumn(dtype, k * n);
    for (let j = 0; j < k; j++) out.push(slab.subarray(j * n, (j + 1) * n));
  }
  return out;
}

export class Dataset implements FeatureBlock {
  readonly name: string;
  readonly names: string[];
  readonly columns: FloatColumn[];
  readonly target?: Target;
  readonly source?: string;
  readonly targetIndex?: number;
  /** As read from the file; row selections do not carry it (their counts would differ). */
  readonly missing?: MissingReport;
  readonly dtype: DType;
  readonly nRows: number;

  constructor(init: DatasetInit) {
    const { name, names, columns, target, source, targetIndex, missing } = init;
    if (names.length !== columns.length) {
      throw new DataError(`dataset ${name}: ${names.length} column names for ${columns.length} columns`);
    }
    const nRows = columns.length > 0 ? columns[0].length : target ? target.values.length : 0;
    const dtype = columns.length > 0 ? dtypeOf(columns[0]) : 'float64';
    columns.forEach((c, j) => {
      if (c.length !== nRows) throw new DataError(`dataset ${name}: column ${names[j]} has ${c.length} rows, expected ${nRows}`);
      if (dtypeOf(c) !== dtype) throw new DataError(`dataset ${name}: column ${names[j]} is ${dtypeOf(c)}, the others ${dtype}`);
    });
    if (target && target.values.length !== nRows) {
      throw new DataError(`dataset ${name}: target ${target.name} has ${target.values.length} rows, expected ${nRows}`);
    }
    if (targetIndex !== undefined && !(Number.isInteger(targetIndex) && targetIndex >= 0 && targetIndex <= names.length)) {
      throw new DataError(`dataset ${name}: target index ${targetIndex} is outside 0..${names.length}`);
    }
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new DataError(`dataset ${name}: duplicate column name ${JSON.stringify(n)}`);
      seen.add(n);
    }
    this.name = name;
    this.names = names;
    this.columns = columns;
    this.target = target;
    this.source = source;
    this.targetIndex = target ? targetIndex : undefined;
    this.missing = missing;
    this.dtype = dtype;
    this.nRows = nRows;
  }

  get nCols(): number {
    return this.columns.length;
  }

  /** Bytes of the feature columns as stored in memory (the numerator of every compression ratio). */
  get featureBytes(): number {
    return this.nRows * this.nCols * bytesPerValue(this.dtype);
  }

  /** A new dataset of the given rows, in the given order (repeats allowed: sampling with replacement). */
  selectRows(rows: ArrayLike<number>): Dataset {
    const n = rows.length;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (!(Number.isInteger(r) && r >= 0 && r < this.nRows)) {
        throw new DataError(`dataset ${this.name}: row index ${r} at position ${i} is outside 0..${this.nRows - 1}`);
      }
    }
    const columns = this.columns.map((c) => gather(c, rows));
    const target = this.target && selectTarget(this.target, rows);
    return new Dataset({ name: this.name, names: this.names, columns, target, source: this.source, targetIndex: this.targetIndex });
  }

  /** The same rows with other feature values (what a reducer restored); the target is kept. */
  withFeatures(block: FeatureBlock): Dataset {
    check(block.columns.length === this.nCols, 'restored features', `${block.columns.length} columns`, `${this.nCols} columns`);
    const { name, names, target, source, targetIndex } = this;
    return new Dataset({ name, names, columns: block.columns, target, source, targetIndex });
  }

  /** Seeded, reproducible split: the same seed and fraction give the same rows, on any machine. */
  split(options: SplitOptions = {}): { train: Dataset; validation: Dataset } {
    const { train, validation } = splitRows(this.nRows, options);
    return { train: this.selectRows(train), validation: this.selectRows(validation) };
  }
}

export interface SplitOptions {
  seed?: number;
  validationFraction?: number;
}

/** The rows (ascending) of Dataset.split's training and validation sets, for a table of nRows. */
export function splitRows(nRows: number, options: SplitOptions = {}): { train: Uint32Array; validation: Uint32Array } {
  const seed = options.seed ?? 0;
  const fraction = options.validationFraction ?? 0.2;
  check(Number.isFinite(fraction) && fraction > 0 && fraction < 1, 'validationFraction', fraction, 'a number in (0, 1)');
  check(Number.isInteger(seed) && seed >= 0, 'seed', seed, 'a non-negative integer');
  const order = permutation(nRows, seed);
  const nVal = Math.round(nRows * fraction);
  return { train: order.subarray(nVal).slice().sort(), validation: order.subarray(0, nVal).slice().sort() };
}

function gather(col: FloatColumn, rows: ArrayLike<number>): FloatColumn {
  const out = allocColumn(dtypeOf(col), rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
  return out;
}

function selectTarget(t: Target, rows: ArrayLike<number>): Target {
  if (t.kind === 'numeric') return { name: t.name, kind: 'numeric', values: gather(t.values, rows) as Float64Array };
  const values = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = t.values[rows[i]];
  return { name: t.name, kind: 'label', values };
}

/**
 * A seeded random generator (SplitMix32 stream feeding xoshiro128**): fast, portable, and the
 * same sequence on every platform, unlike Math.random.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = (seed >>> 0) ^ 0x9e3779b9;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
