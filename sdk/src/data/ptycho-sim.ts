// A seeded far-field ptychography simulator, for training PtychoNN-style models where real
// frames with ground truth are absent: probe x random smooth complex object -> |FFT2| of the
// exit wave. Includes the radix-2 FFT it needs (Float64Array real/imaginary planes).

import { Rng, type FeatureBlock } from './dataset';
import { check } from '../util/errors';

export interface PtychoSimOptions {
  /** Frames to make. */
  count: number;
  /** Side of each square frame in pixels: a power of two from 4 to 1024 (PtychoNN uses 64). */
  size: number;
  seed?: number;
  /**
   * 'material' (default): one smooth thickness map t in [0, 1] sets both amplitude 1 - (1 - a) t
   * and phase range (1 - 2t), as in a single-material sample, so the truth is recoverable from
   * |FFT|. 'independent': amplitude and phase from two unrelated fields; the phase is then only
   * known up to a constant (|FFT| cannot see it), which caps the attainable phase error.
   */
  object?: 'material' | 'independent';
  /** Illumination: a Gaussian spot (default) or a flat disk. */
  probe?: 'gaussian' | 'disk';
  /** Gaussian sigma or disk radius as a fraction of the frame side, in (0, 1]; default 0.25. */
  probeWidth?: number;
  /** Object amplitude spans [amplitudeMin, 1]; default 0.5. */
  amplitudeMin?: number;
  /** Object phase spans [-phaseRange, phaseRange]; default pi. */
  phaseRange?: number;
  /** Correlation length of the object's features in pixels (Gaussian smoothing sigma); default size / 8. */
  featureSize?: number;
  /** Diffraction amplitudes as log(1 + |F|) (default true): far-field data span decades. */
  log?: boolean;
}

export interface PtychoSim {
  /** One row per frame, column y * size + x: the (fft-shifted) diffraction amplitude. */
  inputs: FeatureBlock;
  /** Object amplitude under the probe, frame-major: amplitude[f * size * size + y * size + x]. */
  amplitude: Float32Array;
  /** Object phase in radians, laid out as amplitude. */
  phase: Float32Array;
  size: number;
}

interface Resolved {
  count: number;
  size: number;
  seed: number;
  object: 'material' | 'independent';
  probe: 'gaussian' | 'disk';
  probeWidth: number;
  amplitudeMin: number;
  phaseRange: number;
  featureSize: number;
  log: boolean;
}

function resolve(o: PtychoSimOptions): Resolved {
  check(Number.isInteger(o.count) && o.count >= 1 && o.count <= 1e6, 'simulatePtycho count', o.count, 'an integer in [1, 1e6]');
  check(isPowerOfTwo(o.size) && o.size >= 4 && o.size <= 1024, 'simulatePtycho size', o.size, 'a power of two from 4 to 1024');
  const seed = o.seed ?? 0;
  check(Number.isInteger(seed) && seed >= 0, 'simulatePtycho seed', seed, 'a non-negative integer');
  const object = o.object ?? 'material';
  check(object === 'material' || object === 'independent', 'simulatePtycho object', object, "'material' or 'independent'");
  const probe = o.probe ?? 'gaussian';
  check(probe === 'gaussian' || probe === 'disk', 'simulatePtycho probe', probe, "'gaussian' or 'disk'");
  const probeWidth = o.probeWidth ?? 0.25;
  check(probeWidth > 0 && probeWidth <= 1, 'simulatePtycho probeWidth', probeWidth, 'a fraction in (0, 1]');
  const amplitudeMin = o.amplitudeMin ?? 0.5;
  check(amplitudeMin >= 0 && amplitudeMin < 1, 'simulatePtycho amplitudeMin', amplitudeMin, 'a number in [0, 1)');
  const phaseRange = o.phaseRange ?? Math.PI;
  check(phaseRange >= 0 && phaseRange <= Math.PI, 'simulatePtycho phaseRange', phaseRange, 'a number in [0, pi]');
  const featureSize = o.featureSize ?? o.size / 8;
  check(featureSize > 0 && featureSize <= o.size, 'simulatePtycho featureSize', featureSize, `a number of pixels in (0, ${o.size}]`);
  return { count: o.count, size: o.size, seed, object, probe, probeWidth, amplitudeMin, phaseRange, featureSize, log: o.log ?? true };
}

/** Makes `count` diffraction frames and the object amplitude and phase each came from. */
export function simulatePtycho(options: PtychoSimOptions): PtychoSim {
  const o = resolve(options);
  const { count, size } = o;
  const n2 = size * size;
  const rng = new Rng(o.seed);
  const probe = makeProbe(o);
  const filter = smoothingFilter(size, o.featureSize);
  const columns: Float32Array[] = Array.from({ length: n2 }, () => new Float32Array(count));
  const amplitude = new Float32Array(count * n2);
  const phase = new Float32Array(count * n2);
  const re = new Float64Array(n2);
  const im = new Float64Array(n2);
  const field = new Float64Array(n2);
  for (let f = 0; f < count; f++) {
    const amp = amplitude.subarray(f * n2, (f + 1) * n2);
    const pha = phase.subarray(f * n2, (f + 1) * n2);
    smoothField(rng, filter, size, re, im, field);
    for (let p = 0; p < n2; p++) amp[p] = 1 - (1 - o.amplitudeMin) * field[p];
    if (o.object === 'independent') smoothField(rng, filter, size, re, im, field);
    for (let p = 0; p < n2; p++) pha[p] = o.phaseRange * (1 - 2 * field[p]);
    // Exit wave = probe (real, centred) x object; the far field is its 2-D Fourier transform.
    for (let p = 0; p < n2; p++) {
      re[p] = probe[p] * amp[p] * Math.cos(pha[p]);
      im[p] = probe[p] * amp[p] * Math.sin(pha[p]);
    }
    fft2d(re, im, size, false);
    writeFrame(re, im, size, o.log, columns, f);
  }
  return { inputs: { dtype: 'float32', nRows: count, columns }, amplitude, phase, size };
}

/** The simulator's truth as the encoder-decoder's target: each row amplitude then phase. */
export function ptychoTargets(sim: PtychoSim): { kind: 'multi'; width: number; values: Float32Array } {
  const n2 = sim.size * sim.size;
  const count = sim.inputs.nRows;
  const values = new Float32Array(count * 2 * n2);
  for (let f = 0; f < count; f++) {
    values.set(sim.amplitude.subarray(f * n2, (f + 1) * n2), f * 2 * n2);
    values.set(sim.phase.subarray(f * n2, (f + 1) * n2), f * 2 * n2 + n2);
  }
  return { kind: 'multi', width: 2 * n2, values };
}

/** |F| / size (unitary scaling: Parseval holds), fft-shifted so zero frequency is central. */
function writeFrame(re: Float64Array, im: Float64Array, size: number, log: boolean, columns: Float32Array[], f: number): void {
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    const sy = (y + half) % size;
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const mag = Math.hypot(re[p], im[p]) / size;
      columns[sy * size + ((x + half) % size)][f] = log ? Math.log1p(mag) : mag;
    }
  }
}

function makeProbe(o: Resolved): Float64Array {
  const { size } = o;
  const probe = new Float64Array(size * size);
  const c = (size - 1) / 2;
  const w = o.probeWidth * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r2 = (x - c) ** 2 + (y - c) ** 2;
      probe[y * size + x] = o.probe === 'gaussian' ? Math.exp(-r2 / (2 * w * w)) : r2 <= w * w ? 1 : 0;
    }
  }
  return probe;
}

/** Fourier-domain Gaussian whose spatial counterpart blurs with sigma `featureSize` pixels. */
function smoothingFilter(size: number, featureSize: number): Float64Array {
  const filter = new Float64Array(size * size);
  const k = (2 * Math.PI * Math.PI * featureSize * featureSize) / (size * size);
  for (let y = 0; y < size; y++) {
    const fy = y < size / 2 ? y : y - size;
    for (let x = 0; x < size; x++) {
      const fx = x < size / 2 ? x : x - size;
      filter[y * size + x] = Math.exp(-k * (fx * fx + fy * fy));
    }
  }
  return filter;
}

/** White noise, low-pass filtered and min-max scaled to [0, 1], into `out`. */
function smoothField(rng: Rng, filter: Float64Array, size: number, re: Float64Array, im: Float64Array, out: Float64Array): void {
  const n2 = size * size;
  for (let p = 0; p < n2; p++) {
    re[p] = rng.normal();
    im[p] = 0;
  }
  fft2d(re, im, size, false);
  for (let p = 0; p < n2; p++) {
    re[p] *= filter[p];
    im[p] *= filter[p];
  }
  fft2d(re, im, size, true);
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < n2; p++) {
    if (re[p] < lo) lo = re[p];
    if (re[p] > hi) hi = re[p];
  }
  const span = hi > lo ? hi - lo : 1;
  for (let p = 0; p < n2; p++) out[p] = (re[p] - lo) / span;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddlesFor(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddles.get(n);
  if (!t) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    t = { cos, sin };
    twiddles.set(n, t);
  }
  return t;
}

/**
 * In-place radix-2 FFT of n = 2^m complex values at re[offset + i * stride]: forward
 * X_k = sum x_j e^{-2 pi i jk/n}; the inverse takes e^{+...} and divides by n.
 */
export function fft1d(re: Float64Array, im: Float64Array, n: number, inverse: boolean, offset = 0, stride = 1): void {
  check(isPowerOfTwo(n), 'fft length', n, 'a power of two');
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a];
      re[a] = re[b];
      re[b] = tr;
      const ti = im[a];
      im[a] = im[b];
      im[b] = ti;
    }
  }
  const { cos, sin } = twiddlesFor(n);
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = sign * sin[k * step];
        const a = offset + (start + k) * stride;
        const b = a + half * stride;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[offset + i * stride] /= n;
      im[offset + i * stride] /= n;
    }
  }
}

/** In-place 2-D FFT of a size x size row-major complex image (rows, then columns). */
export function fft2d(re: Float64Array, im: Float64Array, size: number, inverse: boolean): void {
  check(re.length === size * size && im.length === size * size, 'fft2d planes', re.length, `${size * size} values each`);
  for (let y = 0; y < size; y++) fft1d(re, im, size, inverse, y * size, 1);
  for (let x = 0; x < size; x++) fft1d(re, im, size, inverse, x, size);
}
