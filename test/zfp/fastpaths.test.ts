// The shortcuts the zfp encoder takes for speed, against the plain computation: the bound check
// it skips for blocks whose error is certain from their exponent (provablyWithin) must never
// skip a block restored outside 2^minexp; the exceptions it reports must be exactly those a full
// decode finds; a matrix read from (or decoded into) its columns must give the same bytes and
// values as the row-major array.

import { Rng, type DType, type FloatColumn } from '@lossyml/sdk/data/dataset';
import { toRowMajor } from '@lossyml/sdk/reducers/layout';
import { zfpCompress, zfpCompressWithin, zfpDecompress, zfpDecompressColumns, type ZfpShape } from '@lossyml/sdk/reducers/zfp/array';
import { accuracyParams, blockPrecision, frexpExponent, provablyWithin } from '@lossyml/sdk/reducers/zfp/params';
import { randomArray, type Kind } from './random';

function alloc(dtype: DType, n: number): FloatColumn {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** One block's values at scale 2^e, in patterns that stress the transform and the cast. */
function hardBlock(rng: Rng, size: number, e: number, dtype: DType): FloatColumn {
  const out = alloc(dtype, size);
  const top = 2 ** e;
  const pattern = rng.int(6);
  for (let i = 0; i < size; i++) {
    const sign = rng.next() < 0.5 ? -1 : 1;
    let v: number;
    switch (pattern) {
      case 0: // uniform
        v = (2 * rng.next() - 1) * top;
        break;
      case 1: // alternating signs just below the top: the highest frequencies at full scale
        v = (i % 2 ? -1 : 1) * ((i >> 2) % 2 ? -1 : 1) * top * (1 - 2 ** -(1 + rng.int(50)));
        break;
      case 2: // one large value, the rest many binades below (the cast truncates them)
        v = i === 0 ? top * (0.5 + rng.next() / 2) : sign * top * 2 ** -(10 + rng.int(60));
        break;
      case 3: // all alike, near the top
        v = top * (1 - 2 ** -(1 + rng.int(52)));
        break;
      case 4: // random signs, magnitudes just below the top
        v = sign * (top - top * 2 ** -(1 + rng.int(52)) * rng.next());
        break;
      default: // mixed binades
        v = sign * top * rng.next() * 2 ** -rng.int(12);
    }
    out[i] = v;
  }
  return out;
}

function blockExponent(values: ArrayLike<number>, dtype: DType): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const bias = dtype === 'float32' ? 127 : 1023;
  return max > 0 ? Math.max(frexpExponent(max), 1 - bias) : -bias;
}

describe.each<[DType, number, number, number]>([
  ['float64', 40, -900, 1000],
  ['float32', 16, -90, 126],
])('%s blocks provablyWithin trusts', (dtype, maxSpan, eLow, eHigh) => {
  test.each([1, 2])('are restored within 2^minexp (%i-D), with the margin the bound says', (dims) => {
    const rng = new Rng(dims * 7 + (dtype === 'float32' ? 1 : 2));
    const size = dims === 1 ? 4 : 16;
    const shape: ZfpShape = { dtype, nx: dims === 1 ? 4 : 4, ny: dims === 1 ? 0 : 4 };
    let trusted = 0;
    let worst = 0;
    const problems: string[] = [];
    for (let k = 0; k < 3000; k++) {
      // scales near both ends of the range the bound allows, and in between
      const e = k % 3 === 0 ? eLow + rng.int(5) : k % 3 === 1 ? eHigh - rng.int(5) : eLow + rng.int(eHigh - eLow);
      const data = hardBlock(rng, size, e, dtype);
      const emax = blockExponent(data, dtype);
      const span = rng.int(maxSpan + 4) - 2;
      const tol = 2 ** (emax - span) * (1 + 0.999 * rng.next());
      const p = accuracyParams(tol);
      const prec = blockPrecision(emax, p, dims);
      if (!provablyWithin(emax, prec, p.minexp, dims, dtype)) continue;
      trusted++;
      const restored = alloc(dtype, size);
      zfpCompress(data, shape, p, 64, restored);
      for (let i = 0; i < size; i++) {
        const ratio = Math.abs(restored[i] - data[i]) / 2 ** p.minexp;
        worst = Math.max(worst, ratio);
        if (!(ratio <= 1)) problems.push(`block ${k} value ${i}: ${data[i]} restored as ${restored[i]}, 2^minexp ${2 ** p.minexp}`);
      }
    }
    expect(problems).toEqual([]);
    expect(trusted).toBeGreaterThan(1500);
    // the main term of the bound is 0.625 (1-D) or 0.586 (2-D) of 2^minexp
    expect(worst).toBeLessThan(0.63);
  });
});

const KINDS: Kind[] = ['smooth', 'noise', 'mixed', 'sparse'];

test('zfpCompressWithin reports exactly the values a full decode finds outside the tolerance', () => {
  const problems: string[] = [];
  for (const dtype of ['float64', 'float32'] as DType[]) {
    KINDS.forEach((kind, k) => {
      for (const [nx, ny] of [[203, 0], [37, 11], [8, 8]]) {
        const n = ny ? nx * ny : nx;
        const data = alloc(dtype, n);
        data.set(randomArray(kind, n, 31 * k + nx));
        const shape: ZfpShape = { dtype, nx, ny };
        for (const tol of [1e-30, 1e-9, 1e-3, 0.3, 1e4]) {
          const p = accuracyParams(tol);
          const restored = alloc(dtype, n);
          const plain = zfpCompress(data, shape, p, 64, restored);
          const expected: number[] = [];
          for (let i = 0; i < n; i++) if (!(Math.abs(restored[i] - data[i]) <= tol)) expected.push(i);
          const { stream, outside } = zfpCompressWithin(data, shape, p, tol);
          const where = `${dtype} ${kind} ${nx}x${ny} tol ${tol}`;
          if (!Buffer.from(stream).equals(Buffer.from(plain))) problems.push(`${where}: streams differ`);
          if (Array.from(outside).join() !== expected.join()) problems.push(`${where}: outside ${Array.from(outside).slice(0, 5)}, full decode ${expected.slice(0, 5)}`);
        }
      }
    });
  }
  expect(problems).toEqual([]);
});

test('a matrix given as its columns compresses and decompresses as its row-major array does', () => {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    for (const [nRows, nCols] of [[13, 9], [16, 4], [1, 1], [5, 22]]) {
      const columns = Array.from({ length: nCols }, (_, j) => {
        const c = alloc(dtype, nRows);
        c.set(randomArray(KINDS[j % 4], nRows, 100 * j + nRows));
        return c;
      });
      const flat = toRowMajor({ dtype, nRows, columns });
      const shape: ZfpShape = { dtype, nx: nCols, ny: nRows };
      for (const p of [accuracyParams(1e-3), accuracyParams(1e-12)]) {
        const fromFlat = zfpCompress(flat, shape, p);
        expect(Buffer.from(zfpCompress(columns, shape, p)).equals(Buffer.from(fromFlat))).toBe(true);
        expect(Buffer.from(zfpCompressWithin(columns, shape, p, 2 ** p.minexp).stream).equals(Buffer.from(fromFlat))).toBe(true);
        const back = zfpDecompress(fromFlat, shape, p);
        const backColumns = zfpDecompressColumns(fromFlat, shape, p);
        const transposed = toRowMajor({ dtype, nRows, columns: backColumns });
        expect(Buffer.from(transposed.buffer).equals(Buffer.from(back.buffer))).toBe(true);
      }
    }
  }
  expect(() => zfpCompress([new Float64Array([1, NaN])], { dtype: 'float64', nx: 1, ny: 2 }, accuracyParams(1))).toThrow(/not finite/);
});

/** float32 values through the general path: the same numbers in a Float64Array (the kernel, column32.ts, takes only Float32Array). */
function viaGeneral(data: Float32Array): Float64Array {
  return Float64Array.from(data);
}

test('1-D float32 accuracy streams (the WebAssembly kernel, column32.ts) are the general path\'s bits, exceptions and values', () => {
  const rng = new Rng(7);
  const problems: string[] = [];
  const arrays: Float32Array[] = [];
  // Every length mod 4 (the padded last block), every hard pattern, exponents from subnormal to the top.
  for (const e of [-149, -140, -126, -125, -100, -90, -20, 0, 1, 30, 100, 127]) {
    for (const nx of [1, 2, 3, 4, 5, 7, 33, 64]) {
      const data = new Float32Array(nx);
      for (let x = 0; x < nx; x += 4) data.set(hardBlock(rng, Math.min(4, nx - x), e, 'float32'), x);
      arrays.push(data);
    }
  }
  // Long runs of blocks: group tests of every length, two-plane lookups straddling interleaved words.
  KINDS.forEach((kind, k) => arrays.push(Float32Array.from(randomArray(kind, 203, 17 * k + 1)), Float32Array.from(randomArray(kind, 4001, 5 * k + 2))));
  arrays.push(new Float32Array(9), Float32Array.from([0, -0, 2 ** -149, -(2 ** -149), 2 ** -126, 3.4e38, -3.4e38, 1]));
  arrays.forEach((data, a) => {
    const nx = data.length;
    const shape: ZfpShape = { dtype: 'float32', nx, ny: 0 };
    let max = 0;
    for (const v of data) max = Math.max(max, Math.abs(v));
    for (const tol of [2 ** -160, 1e-30, max * 1e-9, max * 1e-4, max * 0.3, 1e30]) {
      const p = accuracyParams(tol);
      const where = `array ${a} (${nx} values, max ${max}) tol ${tol}`;
      // tol and tol / 8 against 2^minexp: the blocks with a certain bound skipped, and every block checked.
      for (const check of [tol, tol / 8]) {
        const fast = zfpCompressWithin(data, shape, p, check);
        const plain = zfpCompressWithin(viaGeneral(data), shape, p, check);
        if (!Buffer.from(fast.stream).equals(Buffer.from(plain.stream))) problems.push(`${where}: streams differ`);
        if (Array.from(fast.outside).join() !== Array.from(plain.outside).join()) problems.push(`${where} check ${check}: outside ${fast.outside}, general ${plain.outside}`);
      }
      const stream = zfpCompressWithin(data, shape, p, tol).stream;
      const back = zfpDecompress(stream, shape, p, 'fast', new Float32Array(nx));
      const general = zfpDecompress(stream, shape, p, 'general', new Float64Array(nx));
      for (let i = 0; i < nx; i++) {
        if (!Object.is(back[i], general[i])) {
          problems.push(`${where}: value ${i} decoded ${back[i]}, general ${general[i]}`);
          break;
        }
      }
    }
  });
  expect(problems).toEqual([]);
});

/** A column of `n` seeded values whose magnitudes wander over `decades` decades around 10^center, signs mixed. */
function wanderingColumn(rng: Rng, n: number, center: number, decades: number): Float32Array {
  const out = new Float32Array(n);
  let level = center;
  for (let i = 0; i < n; i++) {
    level += (rng.next() - 0.5) * decades * 0.2;
    level = Math.max(center - decades / 2, Math.min(center + decades / 2, level));
    out[i] = (rng.next() < 0.3 ? -1 : 1) * 10 ** level * (1 + rng.normal() * 0.1);
  }
  return out;
}

test('the kernel\'s instance, kept between arrays: columns of changing lengths and magnitudes, and 8-bit words, give the general path\'s bits and values', () => {
  const rng = new Rng(11);
  const problems: string[] = [];
  // Lengths around NT3's 1,120 (every remainder mod 4), long arrays after short ones (the
  // instance's memory grows) and short ones after them (its memory holds the longer ones'
  // bytes); magnitudes from near float32's smallest to near its largest.
  const lengths = [1120, 1117, 1118, 1119, 1121, 5000, 13, 1, 2 ** 18 + 3, 6, 1120];
  const centers = [-40, -20, -3, 0, 2, 8, 30];
  lengths.forEach((nx, a) => {
    const data = wanderingColumn(rng, nx, centers[a % centers.length], 1 + (a % 4) * 2);
    const shape: ZfpShape = { dtype: 'float32', nx, ny: 0 };
    let max = 0;
    for (const v of data) max = Math.max(max, Math.abs(v));
    for (const rel of [1e-2, 1e-4, 1e-7]) {
      const tol = rel * max;
      const p = accuracyParams(tol);
      const where = `array ${a} (${nx} values, max ${max}) tol ${tol}`;
      const fast = zfpCompressWithin(data, shape, p, tol);
      const plain = zfpCompressWithin(viaGeneral(data), shape, p, tol);
      if (!Buffer.from(fast.stream).equals(Buffer.from(plain.stream))) problems.push(`${where}: streams differ`);
      if (Array.from(fast.outside).join() !== Array.from(plain.outside).join()) problems.push(`${where}: outside ${fast.outside.slice(0, 5)}, general ${plain.outside.slice(0, 5)}`);
      const bytes8 = zfpCompress(data, shape, p, 8);
      if (!Buffer.from(bytes8).equals(Buffer.from(zfpCompress(viaGeneral(data), shape, p, 8)))) problems.push(`${where}: 8-bit word streams differ`);
      if (fast.stream.length !== Math.ceil(bytes8.length / 8) * 8 || !Buffer.from(fast.stream.subarray(0, bytes8.length)).equals(Buffer.from(bytes8))) problems.push(`${where}: 8-bit word stream of ${bytes8.length} bytes is not the 64-bit one's start`);
      const back = zfpDecompress(fast.stream, shape, p, 'fast', new Float32Array(nx));
      const general = zfpDecompress(fast.stream, shape, p, 'general', new Float64Array(nx));
      const first = back.findIndex((v, i) => !Object.is(v, general[i]));
      if (first >= 0) problems.push(`${where}: value ${first} decoded ${back[first]}, general ${general[first]}`);
    }
  });
  expect(problems).toEqual([]);
});

test('the 1-D float32 decoder refuses a stream cut short or too long, as the general one does', () => {
  const data = Float32Array.from(randomArray('noise', 400, 3));
  const shape: ZfpShape = { dtype: 'float32', nx: 400, ny: 0 };
  const p = accuracyParams(1e-3);
  const stream = zfpCompressWithin(data, shape, p, 1e-3).stream;
  const cut = stream.subarray(0, stream.length - 16);
  expect(() => zfpDecompress(cut, shape, p, 'fast', new Float32Array(400))).toThrow(/truncated/);
  expect(() => zfpDecompress(cut, shape, p, 'general', new Float64Array(400))).toThrow(/truncated/);
  // and one with a word too many
  const long = new Uint8Array(stream.length + 8);
  long.set(stream);
  expect(() => zfpDecompress(long, shape, p, 'fast', new Float32Array(400))).toThrow(/bytes left after the last block/);
  expect(() => zfpDecompress(long, shape, p, 'general', new Float64Array(400))).toThrow(/bytes left after the last block/);
});
