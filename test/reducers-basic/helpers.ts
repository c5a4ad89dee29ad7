// Shared by the reducers-basic tests: feature blocks full of awkward values (NaN with
// payloads, signed zeros, infinities, subnormals, huge and tiny magnitudes, constant
// columns, lengths 0, 1 and odd), byte-exact comparison, and registry shortcuts.

import fc from 'fast-check';
import type { FeatureBlock, FloatColumn } from '@lossyml/sdk/data/dataset';
import { getReducer, normalizeConfig, type Codec, type NormalizedConfig, type ReducerConfig, type RowSampler } from '@lossyml/sdk/reducers';

const SPECIAL64 = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 1e-310,
  Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e-300, 65504, 65520, 3.4028234663852886e38, 3.4028235677973366e38, 1.401298464324817e-45,
];

function fromBits64(hi: number, lo: number): number {
  const u = new Uint32Array([lo, hi]);
  return new Float64Array(u.buffer)[0];
}

/** Any float64 bit pattern (NaN payloads included), ordinary doubles and the special cases. */
export const value64 = fc.oneof(
  fc.double(),
  fc.constantFrom(...SPECIAL64),
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([hi, lo]) => fromBits64(hi, lo)),
  fc.double({ min: -1e-300, max: 1e-300 }),
  fc.integer({ min: -1000, max: 1000 }),
);

export const bits32 = fc.nat({ max: 0xffffffff });

const nRowsArb = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 9), fc.integer({ min: 0, max: 200 }));

/**
 * Feature blocks of either dtype. float32 columns are written through their bit patterns so
 * that their NaN payloads are kept exactly.
 */
export function blockArb(dtypes: ('float64' | 'float32')[] = ['float64', 'float32']): fc.Arbitrary<FeatureBlock> {
  return fc
    .record({ dtype: fc.constantFrom(...dtypes), nRows: nRowsArb, nCols: fc.integer({ min: 0, max: 4 }) })
    .chain(({ dtype, nRows, nCols }) => {
      const col: fc.Arbitrary<FloatColumn> =
        dtype === 'float64'
          ? fc.oneof(
              fc.array(value64, { minLength: nRows, maxLength: nRows }).map((v) => Float64Array.from(v)),
              value64.map((v) => new Float64Array(nRows).fill(v)),
            )
          : fc.oneof(
              fc.array(bits32, { minLength: nRows, maxLength: nRows }).map((b) => new Float32Array(Uint32Array.from(b).buffer)),
              bits32.map((b) => new Float32Array(new Uint32Array(nRows).fill(b).buffer)),
              fc.array(value64, { minLength: nRows, maxLength: nRows }).map((v) => Float32Array.from(v)),
            );
      return fc.array(col, { minLength: nCols, maxLength: nCols }).map((columns) => ({ dtype, nRows, columns }));
    });
}

export function bytes(c: ArrayBufferView): Buffer {
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** True when both blocks have the same shape, dtype and every byte (NaN payloads and -0 count). */
export function sameBytes(a: FeatureBlock, b: FeatureBlock): boolean {
  if (a.dtype !== b.dtype || a.nRows !== b.nRows || a.columns.length !== b.columns.length) return false;
  return a.columns.every((c, j) => b.columns[j].constructor === c.constructor && bytes(c).equals(bytes(b.columns[j])));
}

export function codecFor(config: ReducerConfig): { codec: Codec; config: NormalizedConfig } {
  const norm = normalizeConfig(config);
  const r = getReducer(norm.id);
  if (r.kind !== 'codec') throw new Error(`${norm.id} is not a codec`);
  return { codec: r, config: norm };
}

export function samplerFor(config: ReducerConfig): { sampler: RowSampler; config: NormalizedConfig } {
  const norm = normalizeConfig(config);
  const r = getReducer(norm.id);
  if (r.kind !== 'sampler') throw new Error(`${norm.id} is not a sampler`);
  return { sampler: r, config: norm };
}

export function shapeOf(b: FeatureBlock): { nRows: number; nCols: number; dtype: FeatureBlock['dtype'] } {
  return { nRows: b.nRows, nCols: b.columns.length, dtype: b.dtype };
}

export async function roundTrip(block: FeatureBlock, config: ReducerConfig): Promise<{ back: FeatureBlock; stored: number }> {
  const { codec, config: norm } = codecFor(config);
  const enc = await codec.encode(block, norm);
  const back = await codec.decode(enc, shapeOf(block), norm);
  return { back, stored: enc.streams.reduce((s, x) => s + x.length, 0) };
}
