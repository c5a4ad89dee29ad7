// One contract over every registered reducer id (reducerIds(), so a reducer is covered the day it
// is registered): its config normalizes idempotently and survives JSON; random tables (constants,
// NaN and infinities, subnormals, values near the largest double, 0 and 1 rows, both dtypes,
// every layout, parameters anywhere in their range) round-trip through a real container with
// the target exact and the promise the reducer states kept (every bit when lossless, the rows it
// chose for a sampler, its info.guarantee otherwise); and damaged streams, framed in a
// well-formed container so that no checksum hides them, are refused or restore the right shape.
// Nothing here names a method: what is checked comes from each reducer's own description.

import fc from 'fast-check';
import {
  DataError,
  Dataset,
  FormatError,
  UsageError,
  decodeDataset,
  encodeDataset,
  getReducer,
  normalizeConfig,
  packContainer,
  reducerIds,
  unpackContainer,
  type ContainerHeader,
  type FloatColumn,
  type Target,
} from '@lossyml/sdk';
import { FORMAT_VERSION } from '@lossyml/sdk/container/format';
import { storedConfig } from '@lossyml/sdk/container/stored-config';
import { psnrOf } from '../psnr';
import type { Guarantee, Layout, NormalizedConfig, ParamSpec, ReducerInfo } from '@lossyml/sdk/reducers/types';

const IDS = reducerIds();
const M = Number.MAX_VALUE;
const RUNS = Number(process.env.CONTRACT_RUNS ?? 40);
// Seeds: the suite's fixed fast-check seed (test/setup-fast-check.js), printed with any failure.

const info = (id: string): ReducerInfo => getReducer(id).info;
const paramsOf = (i: ReducerInfo): ParamSpec[] => [...(i.param ? [i.param] : []), ...(i.settings ?? [])];

// ---------------------------------------------------------------- configs

/** Values of [lo, hi] on the parameter's scale. */
function within(p: ParamSpec, lo: number, hi: number): fc.Arbitrary<number> {
  if (p.integer) return fc.integer({ min: Math.ceil(lo), max: Math.min(Math.floor(hi), 2 ** 31 - 1) });
  if (p.scale === 'log') return fc.double({ min: Math.log10(lo), max: Math.log10(hi), noNaN: true }).map((e) => Math.min(hi, Math.max(lo, 10 ** e)));
  return fc.double({ min: lo, max: hi, noNaN: true });
}

/** A value anywhere in a parameter's range (its ends and default included), mostly in its sweep range. */
function paramArb(p: ParamSpec): fc.Arbitrary<number> {
  const [lo, hi] = p.sweep ?? [p.min, p.max];
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(p.min, p.max, p.default) }, { weight: 3, arbitrary: within(p, lo, hi) }, { weight: 1, arbitrary: within(p, p.min, p.max) });
}

/** A random valid config of the reducer: every parameter, setting and option, and a layout. */
function configArb(id: string): fc.Arbitrary<Record<string, string | number>> {
  const i = info(id);
  const fields: Record<string, fc.Arbitrary<string | number>> = { layout: fc.constantFrom(...i.layouts) };
  for (const p of paramsOf(i)) fields[p.name] = paramArb(p);
  for (const o of i.options ?? []) fields[o.name] = fc.constantFrom(...o.values);
  return fc.record(fields).map((r) => ({ id, ...r }));
}

describe.each(IDS)('%s: config', (id) => {
  test('normalization fills defaults, is idempotent and survives JSON, for every layout and any valid value', () => {
    for (const layout of info(id).layouts) {
      const n = normalizeConfig({ id, layout });
      expect(normalizeConfig(n)).toEqual(n);
      expect(normalizeConfig(JSON.parse(JSON.stringify(n)))).toEqual(n);
    }
    fc.assert(
      fc.property(configArb(id), (raw) => {
        const n = normalizeConfig(raw);
        expect(n).toEqual(raw);
        expect(normalizeConfig(n)).toEqual(n);
        expect(normalizeConfig(JSON.parse(JSON.stringify(n)))).toEqual(n);
        // and a container that stores it reads it back under the rules of the version written today
        expect(storedConfig(JSON.parse(JSON.stringify(n)), FORMAT_VERSION, id)).toEqual(n);
      }),
      { numRuns: 100 },
    );
  });

  test('values outside a parameter\'s range, unknown keys and layouts are refused, naming them', () => {
    for (const p of paramsOf(info(id))) {
      // null is refused too: only an absent key means the default
      const bad = [p.min - Math.max(1, Math.abs(p.min)), p.max * 2 + 1, NaN, Infinity, 'abc', null, ...(p.integer ? [p.min + 0.5] : [])];
      for (const v of bad) {
        expect(() => normalizeConfig({ id, [p.name]: v })).toThrow(UsageError);
        expect(() => normalizeConfig({ id, [p.name]: v })).toThrow(`${p.name} is`);
      }
    }
    expect(() => normalizeConfig({ id, notAKey: 1 })).toThrow(/unknown key "notAKey"/);
    expect(() => normalizeConfig({ id, layout: 'tiles' })).toThrow(/layout "tiles"/);
    expect(() => normalizeConfig({ id, layout: null })).toThrow(/layout null/);
    for (const o of info(id).options ?? []) expect(() => normalizeConfig({ id, [o.name]: null })).toThrow(`${o.name} is null`);
  });

  test('the reducer states a promise the suite can check', () => {
    const i = info(id);
    const r = getReducer(id);
    const stated = i.lossless || r.kind === 'sampler' || i.guarantee !== undefined;
    expect([id, stated]).toEqual([id, true]);
    const g = i.guarantee;
    if (g && 'param' in g) expect(paramsOf(i).map((p) => p.name)).toContain(g.param);
  });
});

// ---------------------------------------------------------------- tables

const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1, -1, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, M, -M, 1e300, -1e-300, 65504, 65520, 3.4028234663852886e38, 1.401298464324817e-45, 0.5];

function columnArb(n: number): fc.Arbitrary<number[]> {
  const exactly = (a: fc.Arbitrary<number>) => fc.array(a, { minLength: n, maxLength: n });
  const ordinary = fc.double({ min: -1e3, max: 1e3, noNaN: true });
  return fc.oneof(
    fc.oneof(fc.constantFrom(...SPECIAL), ordinary).map((v) => new Array<number>(n).fill(v)),
    fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true })).map(([a, b]) => Array.from({ length: n }, (_, i) => a + b * Math.sin(i / 3))),
    exactly(ordinary),
    exactly(fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL) })),
    exactly(fc.double()),
    exactly(fc.double({ min: -1e-300, max: 1e-300 })),
    exactly(fc.integer({ min: -3, max: 300 })),
  );
}

interface Table {
  dtype: 'float64' | 'float32';
  columns: number[][];
  target: 'none' | 'numeric' | 'label';
}

const tableArb: fc.Arbitrary<Table> = fc
  .record({ dtype: fc.constantFrom<'float64' | 'float32'>('float64', 'float32'), n: fc.oneof(fc.constantFrom(0, 1, 2, 5), fc.integer({ min: 0, max: 40 })), nCols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ dtype, n, nCols }) =>
    fc.record({ dtype: fc.constant(dtype), columns: fc.array(columnArb(n), { minLength: nCols, maxLength: nCols }), target: fc.constantFrom<Table['target']>('none', 'numeric', 'label') }),
  );

function datasetOf(t: Table): Dataset {
  const n = t.columns[0].length;
  const columns: FloatColumn[] = t.columns.map((c) => (t.dtype === 'float64' ? Float64Array.from(c) : Float32Array.from(c)));
  const target: Target | undefined =
    t.target === 'numeric'
      ? { name: 'y', kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? NaN : (i * 37) % 11) - 0.5) }
      : t.target === 'label'
        ? { name: 'y', kind: 'label', values: Array.from({ length: n }, (_, i) => ['a', 'b, "c"', '\u00e9', ''][(i * 5) % 4]) }
        : undefined;
  return new Dataset({ name: 'contract', names: columns.map((_, j) => `c${j}`), columns, target });
}

// ---------------------------------------------------------------- guarantees

const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function finiteRange(cols: FloatColumn[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const c of cols) for (const v of c) if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return min <= max ? { min, max } : null;
}

/** p x (max - min), finite where max - min overflows, at most the largest double. */
function rangeTolerance(p: number, r: { min: number; max: number } | null): number {
  if (!r) return 0;
  const span = r.max - r.min;
  return Math.min(Number.isFinite(span) ? p * span : p * r.max - p * r.min, M);
}

/** The groups of columns a relative guarantee is taken over: each column, or the whole matrix. */
const groupsOf = (nCols: number, layout: Layout): number[][] => (layout === 'matrix' ? [Array.from({ length: nCols }, (_, j) => j)] : Array.from({ length: nCols }, (_, j) => [j]));

/** '' when `back` keeps the guarantee for `x`, else the first breach, named. */
function breach(g: Guarantee, x: FloatColumn[], back: FloatColumn[], config: NormalizedConfig): string {
  const p = 'param' in g ? Number(config[g.param]) : 0;
  for (const group of groupsOf(x.length, config.layout)) {
    const r = finiteRange(group.map((j) => x[j]));
    if (g.kind === 'psnr') {
      const achieved = psnrOf(group.map((j) => x[j]), group.map((j) => back[j]));
      if (!(achieved >= p)) return `columns ${group}: PSNR ${achieved} < ${p}`;
    }
    for (const j of group) {
      for (let i = 0; i < x[j].length; i++) {
        const [v, w] = [x[j][i], back[j][i]];
        const where = `column ${j} row ${i}: ${v} restored as ${w}`;
        if (!Number.isFinite(v)) {
          if (Number.isNaN(v) ? !Number.isNaN(w) : v !== w) return `${where} (non-finite values come back as they were)`;
          continue;
        }
        if (!Number.isFinite(w)) return `${where} (a finite value came back non-finite)`;
        const err = Math.abs(v - w);
        let tol = Infinity;
        if (g.kind === 'absolute') tol = p;
        else if (g.kind === 'range-relative') tol = rangeTolerance(p, r);
        else if (g.kind === 'pointwise-relative') {
          tol = p * Math.abs(v);
          if (v === 0 ? !Object.is(v, w) : Math.sign(v) !== Math.sign(w)) return `${where} (zeros and signs are exact)`;
        } else if (g.kind === 'rounding') tol = Math.max(g.relative * Math.abs(v), g.absolute);
        if (!(err <= tol)) return `${where}: error ${err} > ${tol}`;
      }
    }
  }
  return '';
}

/** Whether the guarantee lets the reducer refuse this table (a value its format would make infinite). */
function mayRefuse(g: Guarantee | undefined, ds: Dataset): boolean {
  if (!g || g.kind !== 'rounding') return false;
  return ds.columns.some((c) => c.some((v) => Number.isFinite(v) && Math.abs(v) >= g.overflowAt));
}

describe.each(IDS)('%s: round trips through a container keep the promise', (id) => {
  const i = info(id);
  const sampler = getReducer(id).kind === 'sampler';

  test('on random tables, with random valid configs', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, configArb(id), async (t, raw) => {
        const ds = datasetOf(t);
        const config = normalizeConfig(raw);
        const refusable = mayRefuse(i.guarantee, ds);
        let encoded;
        try {
          encoded = await encodeDataset(ds, config);
        } catch (e) {
          if (refusable && e instanceof DataError) return;
          throw e;
        }
        if (refusable) throw new Error(`${id} kept a table holding a value its format makes infinite`);
        const { dataset: back } = await decodeDataset(encoded.bytes);
        expect([back.dtype, back.nCols, back.names]).toEqual([ds.dtype, ds.nCols, ds.names]);
        const rows = sampler ? encoded.stats.rowsKept! : Uint32Array.from({ length: ds.nRows }, (_, r) => r);
        expect(back.nRows).toBe(rows.length);
        // The target is exact, along the rows kept.
        const kept = ds.target ? ds.selectRows(rows).target : undefined;
        if (kept?.kind === 'numeric') expect(sameBits((back.target as { values: Float64Array }).values, kept.values)).toBe(true);
        else expect(back.target).toEqual(kept);
        // Restored into given arrays (of one buffer full of other bytes), the same bits land in them.
        const slab = new Uint8Array(back.nCols * back.nRows * (ds.dtype === 'float32' ? 4 : 8)).fill(0xa7);
        const into = back.columns.map((_, j) => (ds.dtype === 'float32' ? new Float32Array(slab.buffer, j * back.nRows * 4, back.nRows) : new Float64Array(slab.buffer, j * back.nRows * 8, back.nRows)));
        const { dataset: again } = await decodeDataset(encoded.bytes, 'container', into);
        again.columns.forEach((c, j) => expect([j, c === into[j], sameBits(c, back.columns[j])]).toEqual([j, true, true]));
        if (i.lossless || sampler) {
          const want = sampler ? ds.selectRows(rows) : ds;
          want.columns.forEach((c, j) => expect([j, sameBits(c, back.columns[j])]).toEqual([j, true]));
          return;
        }
        expect(breach(i.guarantee!, ds.columns, back.columns, config)).toBe('');
      }),
      { numRuns: RUNS },
    );
  });
});

describe.each(IDS)('%s: decoding into given arrays', (id) => {
  test('arrays that do not fit the block are refused before anything is written, naming what is wrong', async () => {
    const ds = new Dataset({ name: 'into', names: ['a', 'b'], columns: [Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6])] });
    const { bytes } = await encodeDataset(ds, { id });
    const rows = unpackContainer(bytes).header.shape[0];
    const shared = new Float64Array(2 * rows + 1).fill(7);
    const cases: [string, unknown, RegExp][] = [
      ['one column short', [new Float64Array(rows)], /into is 1 columns, expected an array of 2 columns/],
      ['not an array', new Float64Array(rows), /into is .*expected an array of 2 columns/],
      ['float32 for float64', [new Float64Array(rows), new Float32Array(rows)], /into's column 1 is a Float32Array of \d+ values, expected float64 x \d+/],
      ['a row too many', [new Float64Array(rows + 1), new Float64Array(rows)], /into's column 0 is a Float64Array of \d+ values, expected float64 x \d+/],
      ['overlapping views', [shared.subarray(1, rows + 1), shared.subarray(0, rows)], /into's columns 1 and 0 share memory/],
    ];
    for (const [what, into, message] of cases) {
      const err = await decodeDataset(bytes, 'container', into as FloatColumn[]).then(() => null, (e: unknown) => e);
      expect([what, err instanceof UsageError, String(err)]).toEqual([what, true, expect.stringMatching(message)]);
    }
    if (rows > 0) expect([...shared]).toEqual(new Array(2 * rows + 1).fill(7));
    // A column that is a view of a stream's own memory would overwrite it while it is read.
    const parsed = unpackContainer(bytes);
    const reducer = getReducer(id);
    const codec = reducer.kind === 'codec' ? reducer : getReducer('none');
    if (codec.kind !== 'codec' || rows === 0) return;
    const streams = parsed.featureStreams.map((s) => s.slice());
    const k = streams.findIndex((s) => s.length > 0);
    const room = new ArrayBuffer(Math.max(streams[k].length, 8 * rows));
    new Uint8Array(room).set(streams[k]);
    streams[k] = new Uint8Array(room, 0, streams[k].length);
    const over = [new Float64Array(room, 0, rows), new Float64Array(rows)];
    const shape = { nRows: rows, nCols: 2, dtype: 'float64' as const };
    await expect(codec.decode({ streams, meta: parsed.header.codecMeta }, shape, parsed.header.config, over)).rejects.toThrow(new RegExp(`into's column 0 shares memory with stream ${k}, which it is restored from`));
  });
});

// ---------------------------------------------------------------- damaged streams

/** A table every reducer accepts: moderate values, a constant, NaN and infinities. */
function plainTable(dtype: 'float64' | 'float32'): Dataset {
  const n = 37;
  const col = (f: (i: number) => number): FloatColumn => (dtype === 'float64' ? Float64Array.from({ length: n }, (_, i) => f(i)) : Float32Array.from({ length: n }, (_, i) => f(i)));
  const a = col((i) => 100 * Math.sin(i / 4) + i);
  const b = col((i) => ((i * 7919) % 101) / 7 - 3);
  const c = col(() => 2.5);
  const d = col((i) => (i === 3 ? NaN : i === 9 ? Infinity : i === 20 ? -Infinity : i / 3));
  return new Dataset({ name: 'plain', names: ['a', 'b', 'c', 'd'], columns: [a, b, c, d], target: { name: 'y', kind: 'label', values: Array.from({ length: n }, (_, i) => (i % 3 ? 'x' : 'z')) } });
}

/** The container re-packed with other feature streams: well-formed, with checksums that match the damage. */
function repack(bytes: Uint8Array, streams: Uint8Array[]): Uint8Array {
  const p = unpackContainer(bytes);
  const { streams: _s, targetStream: _t, ...header } = p.header as ContainerHeader;
  return packContainer(header, streams, p.targetStream ? p.targetStream.slice() : null);
}

/** Decoding either refuses with a FormatError or restores the shape the header states: never another error. */
async function refusedOrShaped(bytes: Uint8Array, rows: number, cols: number): Promise<'refused' | 'shaped'> {
  try {
    const { dataset } = await decodeDataset(bytes);
    expect([dataset.nRows, dataset.nCols]).toEqual([rows, cols]);
    return 'shaped';
  } catch (e) {
    if (e instanceof FormatError) return 'refused';
    throw new Error(`not a FormatError: ${(e as Error).stack}`);
  }
}

describe.each(IDS)('%s: damaged streams', (id) => {
  test.each(info(id).layouts.flatMap((layout) => (['float64', 'float32'] as const).map((dtype) => [layout, dtype] as const)))('%s %s: a truncated or missing stream is refused; a changed byte is refused or restores the stated shape', async (layout, dtype) => {
    const ds = plainTable(dtype);
    const { bytes } = await encodeDataset(ds, { id, layout });
    const parsed = unpackContainer(bytes);
    const streams = parsed.featureStreams.map((s) => s.slice());
    const [rows, cols] = parsed.header.shape;
    const problems: string[] = [];
    const refused = async (what: string, damaged: Uint8Array[]) => {
      if ((await refusedOrShaped(repack(bytes, damaged), rows, cols)) !== 'refused') problems.push(`${what} was accepted`);
    };
    await refused('no streams', []);
    await refused('an extra stream', [...streams, new Uint8Array(8)]);
    for (let s = 0; s < streams.length; s++) {
      const len = streams[s].length;
      if (len === 0) continue;
      await refused(`stream ${s} cut by a byte`, streams.map((x, k) => (k === s ? x.subarray(0, len - 1) : x)));
      await refused(`stream ${s} cut to half`, streams.map((x, k) => (k === s ? x.subarray(0, len >> 1) : x)));
      for (let k = 0; k < 12; k++) {
        const at = Math.floor((k * len) / 12);
        const flipped = streams.map((x) => x.slice());
        flipped[s][at] ^= 0xff;
        await refusedOrShaped(repack(bytes, flipped), rows, cols);
      }
    }
    expect(problems).toEqual([]);
  });
});
