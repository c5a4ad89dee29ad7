// The quantizer's WebAssembly loop (sdk/assembly/sz.ts's quantize, through quantizeColumn)
// must give the general procedure's tokens, outliers, restored working values and squared
// errors, for every predictor it runs (none, rows, 2-D Lorenzo, linear), float32 and float64
// data, and the values its first bin does not settle: NaN, infinities, values beyond the
// largest code, values on bin edges, signed zeros.
import { Rng } from '@lossyml/sdk/data/dataset';
import { OutlierList, quantizeColumn, quantizeGeneral, type KernelEnv } from '@lossyml/sdk/reducers/sz/kernel';
import { inputsOf } from '@lossyml/sdk/reducers/sz/predictors';
import { PRED_LINEAR, PRED_LORENZO2, PRED_NONE, PRED_ROWS, linearSpec, plainSpec, type CodedSpec } from '@lossyml/sdk/reducers/sz/spec';
import { SzEncodeKernel } from '@lossyml/sdk/reducers/sz/wasm';

const n = 301;

/** A column near `base`, with the awkward values at fixed rows. */
function column(rng: Rng, f32: boolean, eb: number, base: number[] | null): Float64Array | Float32Array {
  const x = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (base ? base[i] * 0.9 : 0) + (rng.next() - 0.5) * 40 * eb + (i % 50 === 7 ? 1e3 : 0);
  x[3] = NaN;
  x[11] = Infinity;
  x[12] = -Infinity;
  x[20] = 1e30; // beyond the largest code
  x[30] = -0;
  x[31] = 0;
  x[40] = 2 * eb * 17; // on a bin edge of an integer grid
  x[41] = Math.round(x[41]);
  return x;
}

const kinds: [string, number][] = [
  ['none', PRED_NONE],
  ['rows', PRED_ROWS],
  ['2-D Lorenzo', PRED_LORENZO2],
  ['linear', PRED_LINEAR],
];

describe.each(kinds)('quantize (%s) gives the general procedure\'s results', (_name, kind) => {
  test.each([
    [true, 1e-3, 1, false],
    [false, 1e-3, 0.37, false],
    [true, 0.5, 1, true],
    [false, 0, 1, true],
  ])('float32 %p, bound %p, error scale %p, working values outside the kernel %p (seed 11)', (f32, eb, errScale, outside) => {
    const rng = new Rng(11);
    // Earlier columns (finite working values, as the encoder's decoded ones are).
    const earlier = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => (rng.next() - 0.5) * 10));
    const x = column(rng, f32, eb || 1e-3, Array.from(earlier[1]));
    const j = 3;
    const spec: CodedSpec =
      kind === PRED_LINEAR ? linearSpec(eb, -5, { regs: [1, 2], coefs: [0.9, 0.01], intercept: 0.25 }) : plainSpec(kind as typeof PRED_NONE, eb, kind === PRED_NONE ? -20 : 0);
    const zeros = new Float64Array(n);
    const env: KernelEnv = { f32, log: false, relBound: 0, dec: earlier, errScale, zeros };
    const kernel = new SzEncodeKernel(n, 4, 0);
    try {
      const tokens = kernel.tokens.subarray(0, n);
      const work = outside ? new Float64Array(n) : kernel.slots[0].fill(0);
      const outliers = new OutlierList();
      const sse = quantizeColumn(inputsOf(j, spec, earlier, work, zeros, null), x, spec, env, tokens, new Uint8Array(0), outliers, work, kernel);
      const refWork = new Float64Array(n);
      const refTokens = new Int32Array(n);
      const refOutliers = new OutlierList();
      const refSse = quantizeGeneral(inputsOf(j, spec, earlier, refWork, zeros, null), x, spec, env, refTokens, new Uint8Array(0), refOutliers, refWork);
      expect(Array.from(tokens)).toEqual(Array.from(refTokens));
      // The working values, up to the sign of a zero (roundHalfUp against Math.round).
      for (let i = 0; i < n; i++) expect([i, work[i] + 0]).toEqual([i, refWork[i] + 0]);
      expect(Array.from(outliers.values.subarray(0, outliers.count))).toEqual(Array.from(refOutliers.values.subarray(0, refOutliers.count)));
      expect(outliers.count).toBeGreaterThanOrEqual(4);
      expect(sse).toBe(refSse);
    } finally {
      kernel.release();
    }
  });
});
