// lossyml's zfp against libzfp 1.0 (through test/zfp/native/zfphelper.c): for the same mode and
// parameters the raw streams must be byte for byte the same, and each side must decode the
// other's stream to the same values, bit for bit. 1-D and 2-D, float and double, random and
// real arrays, sizes that are not multiples of 4.

import { loadDataset, syntheticWide, type Dataset } from '@lossyml/sdk/data';
import type { DType, FloatColumn } from '@lossyml/sdk/data/dataset';
import { toRowMajor } from '@lossyml/sdk/reducers/layout';
import { zfpCompress, zfpDecompress, type ZfpShape } from '@lossyml/sdk/reducers/zfp/array';
import { accuracyParams, precisionParams, rateParams, type ZfpParams } from '@lossyml/sdk/reducers/zfp/params';
import { randomArray, type Kind } from './random';
import { firstDifference, libzfpCompress, libzfpDecompress, libzfpWordBits, type LibzfpMode } from './libzfp';

interface Case {
  mode: Exclude<LibzfpMode, 'rel'>;
  param: number;
}

const MODES: Case[] = [
  { mode: 'rate', param: 1 },
  { mode: 'rate', param: 4 },
  { mode: 'rate', param: 8.5 },
  { mode: 'rate', param: 16 },
  { mode: 'rate', param: 32 },
  { mode: 'precision', param: 1 },
  { mode: 'precision', param: 8 },
  { mode: 'precision', param: 19 },
  { mode: 'precision', param: 40 },
  { mode: 'precision', param: 64 },
  { mode: 'accuracy', param: 1e-1 },
  { mode: 'accuracy', param: 1e-3 },
  { mode: 'accuracy', param: 3e-7 },
  { mode: 'accuracy', param: 1e-14 },
];

function paramsFor(c: Case, shape: ZfpShape): ZfpParams {
  const dims = shape.ny > 0 ? 2 : 1;
  if (c.mode === 'rate') return rateParams(c.param, shape.dtype, dims);
  if (c.mode === 'precision') return precisionParams(c.param);
  return accuracyParams(c.param);
}

function asDtype(a: ArrayLike<number>, dtype: DType): FloatColumn {
  return dtype === 'float32' ? Float32Array.from(a) : Float64Array.from(a);
}

function bytes(a: FloatColumn): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Checks both directions for one array and returns a description of any mismatch ('' if none). */
function crossCheck(data: FloatColumn, shape: ZfpShape, c: Case): string {
  const where = `${shape.dtype} ${shape.ny ? `${shape.nx}x${shape.ny}` : shape.nx} ${c.mode} ${c.param}`;
  const p = paramsFor(c, shape);
  const ours = zfpCompress(data, shape, p, libzfpWordBits());
  const theirs = libzfpCompress(data, shape, c.mode, c.param);
  const at = firstDifference(ours, theirs);
  if (at >= 0) return `${where}: streams differ at byte ${at} (ours ${ours.length} bytes, libzfp ${theirs.length})`;
  const oursDecoded = zfpDecompress(theirs, shape, p);
  const theirsDecoded = libzfpDecompress(ours, shape, c.mode, c.param);
  const d = firstDifference(bytes(oursDecoded), bytes(theirsDecoded));
  if (d >= 0) {
    const i = Math.floor(d / (shape.dtype === 'float32' ? 4 : 8));
    return `${where}: decoded value ${i} differs: lossyml ${oursDecoded[i]}, libzfp ${theirsDecoded[i]}`;
  }
  return '';
}

const KINDS: Kind[] = ['smooth', 'noise', 'mixed', 'sparse'];

describe.each<DType>(['float32', 'float64'])('%s', (dtype) => {
  test.each([1, 2, 3, 4, 5, 7, 13, 64, 258])('1-D random arrays of %i values match libzfp in every mode', (n) => {
    const problems: string[] = [];
    KINDS.forEach((kind, k) => {
      const data = asDtype(randomArray(kind, n, 1000 * n + k), dtype);
      for (const c of MODES) {
        const p = crossCheck(data, { dtype, nx: n, ny: 0 }, c);
        if (p) problems.push(`${kind} ${p}`);
      }
    });
    expect(problems).toEqual([]);
  });

  test.each([
    [1, 1],
    [3, 5],
    [4, 4],
    [9, 7],
    [16, 13],
    [33, 6],
  ])('2-D random arrays of %i x %i values match libzfp in every mode', (nx, ny) => {
    const problems: string[] = [];
    KINDS.forEach((kind, k) => {
      const data = asDtype(randomArray(kind, nx * ny, 7 * nx + ny + k), dtype);
      for (const c of MODES) {
        const p = crossCheck(data, { dtype, nx, ny }, c);
        if (p) problems.push(`${kind} ${p}`);
      }
    });
    expect(problems).toEqual([]);
  });
});

let superconductor: Dataset;
beforeAll(async () => {
  superconductor = await loadDataset('superconductor');
});

test('superconductor columns (1-D, float64 and float32) match libzfp in every mode', () => {
  const cols = superconductor.columns;
  const problems: string[] = [];
  for (const j of [0, 5, 17, 40, 66, 80]) {
    for (const dtype of ['float64', 'float32'] as DType[]) {
      const data = asDtype(cols[j], dtype);
      for (const c of MODES) {
        const p = crossCheck(data, { dtype, nx: data.length, ny: 0 }, c);
        if (p) problems.push(`column ${j} ${p}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test('superconductor as one 2-D matrix (4252 x 81, row-major) matches libzfp', () => {
  const { nRows, nCols } = superconductor;
  const m = toRowMajor(superconductor);
  const problems: string[] = [];
  for (const c of [MODES[2], MODES[7], MODES[11]]) {
    const p = crossCheck(m, { dtype: 'float64', nx: nCols, ny: nRows }, c);
    if (p) problems.push(p);
  }
  expect(problems).toEqual([]);
});

test('an NT3-like float32 matrix (syntheticWide, 2-D, 150 x 1001) matches libzfp in every mode', () => {
  const nRows = 150;
  const nCols = 1001;
  const m = toRowMajor(syntheticWide({ rows: nRows, cols: nCols, seed: 3 }));
  const problems: string[] = [];
  for (const c of MODES) {
    const p = crossCheck(m, { dtype: 'float32', nx: nCols, ny: nRows }, c);
    if (p) problems.push(p);
  }
  expect(problems).toEqual([]);
});

describe('the stream word and the tiny-magnitude blocks where libzfp 1.0 itself breaks', () => {
  test('with 64-bit words (lossyml default) the stream is libzfp\'s plus zero padding, and libzfp decodes it', () => {
    const data = Float64Array.from(randomArray('smooth', 101, 5));
    const shape = { dtype: 'float64' as const, nx: 101, ny: 0 };
    const p = accuracyParams(1e-4);
    const ours = zfpCompress(data, shape, p);
    const theirs = libzfpCompress(data, shape, 'accuracy', 1e-4);
    expect(ours.length % 8).toBe(0);
    expect(ours.length - theirs.length).toBeLessThan(8);
    expect(firstDifference(ours.subarray(0, theirs.length), theirs)).toBe(-1);
    expect(ours.subarray(theirs.length).every((b) => b === 0)).toBe(true);
    expect(bytes(libzfpDecompress(ours, shape, 'accuracy', 1e-4))).toEqual(bytes(zfpDecompress(theirs, shape, p)));
  });

  // libzfp scales a block by ldexp(1, 30 - emax) in float (62 - emax in double): for blocks
  // whose largest magnitude is below 2^-97 (float) or 2^-961 (double) that factor overflows
  // and libzfp writes a block that does not restore the data. lossyml scales exactly, so its
  // stream differs there (and only there), and stays correct.
  test.each([
    ['float32', 1e-30, 'differs from', 'restored by libzfp too'],
    ['float32', 1e-35, 'differs from', 'restored by libzfp too'],
    ['float32', 1e-40, 'differs from', 'libzfp restores zeros (its decode scale underflows below 2^-119)'],
    ['float32', 1e-28, 'equals', 'restored by libzfp too'],
    ['float64', 1e-300, 'differs from', 'restored by libzfp too'],
    ['float64', 1e-310, 'differs from', 'libzfp restores zeros (its decode scale underflows below 2^-1012)'],
    ['float64', 1e-285, 'equals', 'restored by libzfp too'],
  ] as const)('%s values near %s: our stream %s libzfp\'s; %s', (dtype, scale, same, libzfpDecode) => {
    const vals = [1, 2, -0.3, 0.1, 0.7, -1.5].map((v) => v * scale);
    const data = asDtype(vals, dtype);
    const shape = { dtype, nx: vals.length, ny: 0 };
    const p = precisionParams(40);
    const ours = zfpCompress(data, shape, p, libzfpWordBits());
    const theirs = libzfpCompress(data, shape, 'precision', 40);
    expect(firstDifference(ours, theirs) < 0).toBe(same === 'equals');
    // Ours restores the values to about 2^-(precision - a few) of the block's largest magnitude.
    const back = zfpDecompress(ours, shape, p);
    for (let i = 0; i < vals.length; i++) expect(Math.abs(back[i] - data[i])).toBeLessThanOrEqual(Math.abs(2 * scale) * 2 ** -20);
    const viaLibzfp = libzfpDecompress(ours, shape, 'precision', 40);
    if (libzfpDecode.startsWith('libzfp restores zeros')) expect(Array.from(viaLibzfp).every((v) => v === 0)).toBe(true);
    else expect(bytes(viaLibzfp)).toEqual(bytes(back));
  });
});
