// The ptychography simulator: its FFT against a naive DFT, each frame against the physics
// recomputed independently (probe x object -> naive 2-D DFT -> |.|), ranges, and seeding.
import fc from 'fast-check';
import { fft1d, fft2d, simulatePtycho, ptychoTargets } from '@lossyml/sdk/data/ptycho-sim';
import { Rng } from '@lossyml/sdk/data/dataset';
import { UsageError } from '@lossyml/sdk/util/errors';

function naiveDft(re: Float64Array, im: Float64Array, inverse: boolean): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * j * k) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
    if (inverse) {
      outRe[k] /= n;
      outIm[k] /= n;
    }
  }
  return [outRe, outIm];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('fft', () => {
  test('fft1d matches a naive DFT, forward and inverse, for every power of two to 128', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (m, seed, inverse) => {
        const n = 1 << m;
        const rng = new Rng(seed);
        const re = Float64Array.from({ length: n }, () => rng.normal());
        const im = Float64Array.from({ length: n }, () => rng.normal());
        const [er, ei] = naiveDft(re, im, inverse);
        fft1d(re, im, n, inverse);
        expect(maxAbsDiff(re, er)).toBeLessThan(1e-9 * n);
        expect(maxAbsDiff(im, ei)).toBeLessThan(1e-9 * n);
      }),
      { numRuns: 60 },
    );
  });

  test('fft2d is the row DFTs then the column DFTs, and inverse(forward(x)) = x', () => {
    const size = 8;
    const rng = new Rng(3);
    const re = Float64Array.from({ length: size * size }, () => rng.normal());
    const im = Float64Array.from({ length: size * size }, () => rng.normal());
    const [r0, i0] = [re.slice(), im.slice()];
    // Independent 2-D DFT, straight from the definition.
    const er = new Float64Array(size * size);
    const ei = new Float64Array(size * size);
    for (let ky = 0; ky < size; ky++)
      for (let kx = 0; kx < size; kx++)
        for (let y = 0; y < size; y++)
          for (let x = 0; x < size; x++) {
            const a = (-2 * Math.PI * (kx * x + ky * y)) / size;
            const p = y * size + x;
            er[ky * size + kx] += re[p] * Math.cos(a) - im[p] * Math.sin(a);
            ei[ky * size + kx] += re[p] * Math.sin(a) + im[p] * Math.cos(a);
          }
    fft2d(re, im, size, false);
    expect(maxAbsDiff(re, er)).toBeLessThan(1e-10);
    expect(maxAbsDiff(im, ei)).toBeLessThan(1e-10);
    fft2d(re, im, size, true);
    expect(maxAbsDiff(re, r0)).toBeLessThan(1e-12);
    expect(maxAbsDiff(im, i0)).toBeLessThan(1e-12);
  });

  test('a length that is not a power of two is refused', () => {
    expect(() => fft1d(new Float64Array(6), new Float64Array(6), 6, false)).toThrow(/fft length: got 6, expected a power of two/);
  });
});

describe('simulatePtycho', () => {
  test('each frame is |DFT(probe x object)| / size, fft-shifted, recomputed from the returned object', () => {
    const size = 8;
    const probeWidth = 0.3;
    const sim = simulatePtycho({ count: 3, size, seed: 5, probeWidth, log: false });
    const c = (size - 1) / 2;
    const w = probeWidth * size;
    for (let f = 0; f < 3; f++) {
      let worst = 0;
      for (let ky = 0; ky < size; ky++)
        for (let kx = 0; kx < size; kx++) {
          let sr = 0;
          let si = 0;
          for (let y = 0; y < size; y++)
            for (let x = 0; x < size; x++) {
              const p = f * size * size + y * size + x;
              const probe = Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * w * w));
              const er = probe * sim.amplitude[p] * Math.cos(sim.phase[p]);
              const ei = probe * sim.amplitude[p] * Math.sin(sim.phase[p]);
              const a = (-2 * Math.PI * (kx * x + ky * y)) / size;
              sr += er * Math.cos(a) - ei * Math.sin(a);
              si += er * Math.sin(a) + ei * Math.cos(a);
            }
          const expected = Math.hypot(sr, si) / size;
          const col = ((ky + size / 2) % size) * size + ((kx + size / 2) % size);
          worst = Math.max(worst, Math.abs(sim.inputs.columns[col][f] - expected));
        }
      // float32 amplitude/phase storage limits the agreement.
      expect(worst).toBeLessThan(1e-5);
    }
  });

  test('object amplitude lies in [amplitudeMin, 1] and phase in [-range, range], both reaching their ends', () => {
    const sim = simulatePtycho({ count: 4, size: 16, seed: 1, amplitudeMin: 0.3, phaseRange: 2 });
    const n2 = 256;
    for (let f = 0; f < 4; f++) {
      const a = sim.amplitude.subarray(f * n2, (f + 1) * n2);
      const p = sim.phase.subarray(f * n2, (f + 1) * n2);
      expect(Math.min(...a)).toBeCloseTo(0.3, 5);
      expect(Math.max(...a)).toBeCloseTo(1, 5);
      expect(Math.min(...p)).toBeCloseTo(-2, 5);
      expect(Math.max(...p)).toBeCloseTo(2, 5);
    }
  });

  test('the object is smooth: neighbouring pixels differ far less than random pixels', () => {
    const size = 32;
    const sim = simulatePtycho({ count: 2, size, seed: 2, featureSize: 4 });
    let near = 0;
    let far = 0;
    const rng = new Rng(9);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size - 1; x++) {
        near += Math.abs(sim.amplitude[y * size + x + 1] - sim.amplitude[y * size + x]);
        far += Math.abs(sim.amplitude[rng.int(size * size)] - sim.amplitude[rng.int(size * size)]);
      }
    expect(near).toBeLessThan(far / 4);
  });

  test('log scaling gives log1p of the linear amplitudes; the same seed gives the same frames, another seed others', () => {
    const lin = simulatePtycho({ count: 2, size: 16, seed: 7, log: false });
    const log = simulatePtycho({ count: 2, size: 16, seed: 7 });
    const again = simulatePtycho({ count: 2, size: 16, seed: 7 });
    const other = simulatePtycho({ count: 2, size: 16, seed: 8 });
    for (let j = 0; j < 256; j += 17) {
      for (let i = 0; i < 2; i++) expect(log.inputs.columns[j][i]).toBeCloseTo(Math.log1p(lin.inputs.columns[j][i]), 6);
    }
    expect(again.inputs.columns).toEqual(log.inputs.columns);
    expect(again.phase).toEqual(log.phase);
    expect(maxAbsDiff(other.phase, log.phase)).toBeGreaterThan(0.5);
  });

  test('ptychoTargets puts each frame\'s amplitude then phase in one row', () => {
    const sim = simulatePtycho({ count: 2, size: 4, seed: 1 });
    const t = ptychoTargets(sim);
    expect(t.width).toBe(32);
    expect(Array.from(t.values.subarray(32, 48))).toEqual(Array.from(sim.amplitude.subarray(16, 32)));
    expect(Array.from(t.values.subarray(48, 64))).toEqual(Array.from(sim.phase.subarray(16, 32)));
  });

  test('bad options name the option and the allowed range', () => {
    expect(() => simulatePtycho({ count: 2, size: 48 })).toThrow(UsageError);
    expect(() => simulatePtycho({ count: 2, size: 48 })).toThrow(/simulatePtycho size: got 48, expected a power of two from 4 to 1024/);
    expect(() => simulatePtycho({ count: 0, size: 8 })).toThrow(/simulatePtycho count/);
    expect(() => simulatePtycho({ count: 1, size: 8, probeWidth: 0 })).toThrow(/probeWidth/);
    expect(() => simulatePtycho({ count: 1, size: 8, probe: 'ring' as 'disk' })).toThrow(/probe: got "ring"/);
  });
});
