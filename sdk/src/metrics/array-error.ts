// Error metrics between an original array and what a reducer restored: max absolute error,
// max error relative to the original's finite value range, RMSE, PSNR and a histogram of the
// signed errors (restored - original). Used by reports and the teaching notebooks.
//
// Non-finite values: a position where both arrays hold the same non-finite value (NaN and
// NaN, +Inf and +Inf, -Inf and -Inf) was restored exactly and counts as an exact match. Any
// other position where either value is not finite is a mismatch: it is counted in
// `mismatches` (with the first such index) and left out of every number, never folded in.
//
// The mean and RMSE are summed over errors divided by a power of two near the largest one, so
// they neither underflow (errors of 1e-170 square to 0) nor overflow (errors near 1e308 square
// to Infinity) anywhere in the double range; PSNR is taken from the RMSE, never from its square.

import { DataError, check } from '../util/errors';

// Per-value helpers as module constants: global lookups (Number, Math) are slow under jest's vm context.
const finite = (v: number): boolean => v - v === 0;
const floor = Math.floor;

export type ErrorStatsInput = Float64Array | Float32Array | ArrayLike<number>;

export interface ErrorHistogram {
  /** bins + 1 ascending edges; bin k holds errors in [edges[k], edges[k+1]) (the last bin is closed). */
  edges: Float64Array;
  counts: Uint32Array;
}

export interface ErrorStats {
  /** Positions compared (the arrays' length). */
  count: number;
  /** Positions where both values are finite: the numbers below are over these. */
  finiteCount: number;
  /** Positions holding the same non-finite value on both sides (exact). */
  nonFiniteExact: number;
  /** Positions where exactly one side is finite, or the two non-finite values differ. */
  mismatches: number;
  /** Index of the first mismatch, -1 when there is none. */
  firstMismatch: number;
  /** max - min of the original's finite values (0 when it has none). */
  range: number;
  maxAbsError: number;
  /** maxAbsError / range; 0 when both are 0, Infinity when only the range is 0. */
  maxRelError: number;
  /** Mean of the signed errors (restored - original): a bias. */
  meanError: number;
  rmse: number;
  /** 20 log10(range / rmse) in dB: Infinity when exact, -Infinity when the range is 0 but not the error. */
  psnr: number;
  histogram: ErrorHistogram;
}

export interface ErrorStatsOptions {
  /** Histogram bins, an integer in [1, 1e6]; default 64. */
  bins?: number;
  /** Histogram span [-limit, limit]; default the max absolute error (1 when that is 0). Errors outside go to the end bins. */
  limit?: number;
}

export function errorStats(original: ErrorStatsInput, restored: ErrorStatsInput, options: ErrorStatsOptions = {}): ErrorStats {
  const bins = options.bins ?? 64;
  check(Number.isInteger(bins) && bins >= 1 && bins <= 1e6, 'errorStats bins', bins, 'an integer in [1, 1000000]');
  check(options.limit === undefined || (Number.isFinite(options.limit) && options.limit > 0), 'errorStats limit', options.limit, 'a finite number > 0');
  if (original.length !== restored.length) {
    throw new DataError(`errorStats: original has ${original.length} values, restored ${restored.length}`);
  }
  const s = firstPass(original, restored);
  const limit = options.limit ?? (s.maxAbsError === 0 ? 1 : Math.min(s.maxAbsError, Number.MAX_VALUE));
  const pass = secondPass(original, restored, bins, limit, s.maxAbsError);
  const n = s.finiteCount;
  const rmse = n > 0 ? Math.sqrt(pass.sumSq / n) * pass.scale * pass.unit : 0;
  const range = s.hi >= s.lo ? s.hi - s.lo : 0;
  // A range beyond the largest double (originals near -1e308 and 1e308) is taken in halves.
  const halfRange = s.hi * 0.5 - s.lo * 0.5;
  const log10Range = range < Infinity ? Math.log10(range) : Math.log10(halfRange) + Math.log10(2);
  return {
    count: original.length,
    finiteCount: n,
    nonFiniteExact: s.nonFiniteExact,
    mismatches: s.mismatches,
    firstMismatch: s.firstMismatch,
    range,
    maxAbsError: s.maxAbsError,
    maxRelError: s.maxAbsError === 0 ? 0 : range === 0 ? Infinity : range < Infinity ? s.maxAbsError / range : (s.maxAbsError * 0.5) / halfRange,
    meanError: n > 0 ? (pass.sum / n) * pass.scale * pass.unit : 0,
    rmse,
    psnr: rmse === 0 ? Infinity : range === 0 ? -Infinity : 20 * (log10Range - Math.log10(rmse)),
    histogram: pass.histogram,
  };
}

interface FirstPass {
  finiteCount: number;
  nonFiniteExact: number;
  mismatches: number;
  firstMismatch: number;
  lo: number;
  hi: number;
  maxAbsError: number;
}

function firstPass(a: ErrorStatsInput, b: ErrorStatsInput): FirstPass {
  const s: FirstPass = { finiteCount: 0, nonFiniteExact: 0, mismatches: 0, firstMismatch: -1, lo: Infinity, hi: -Infinity, maxAbsError: 0 };
  let lo = Infinity;
  let hi = -Infinity;
  let maxAbs = 0;
  let nFinite = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (finite(x)) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (finite(x) && finite(y)) {
      const e = y - x;
      const ae = e < 0 ? -e : e;
      if (ae > maxAbs) maxAbs = ae;
      nFinite++;
    } else if (Object.is(x, y)) {
      s.nonFiniteExact++;
    } else {
      if (s.mismatches === 0) s.firstMismatch = i;
      s.mismatches++;
    }
  }
  // The range is taken over every finite original value, even those whose restored value is a mismatch.
  Object.assign(s, { lo, hi, maxAbsError: maxAbs, finiteCount: nFinite });
  return s;
}

interface SecondPass {
  histogram: ErrorHistogram;
  /** Sums of d / scale and (d / scale)^2 over the finite pairs, d = (restored - original) / unit. */
  sum: number;
  sumSq: number;
  scale: number;
  /** 1, or 2 when an error overflows a double and the errors are taken in halves. */
  unit: number;
}

/** The histogram, and the error sums scaled by a power of two near the largest error (see the top). */
function secondPass(a: ErrorStatsInput, b: ErrorStatsInput, bins: number, limit: number, maxAbs: number): SecondPass {
  const edges = new Float64Array(bins + 1);
  // Scaled by the limit first, so that neither a subnormal nor a huge limit overflows.
  for (let k = 0; k <= bins; k++) edges[k] = limit * ((2 * k) / bins - 1);
  const counts = new Uint32Array(bins);
  const half = bins / 2;
  // y - x of two finite values can exceed the largest double; y/2 - x/2 cannot.
  const unit = maxAbs === Infinity ? 2 : 1;
  const h = 1 / unit;
  // Dividing by a power of two is exact; log2's rounding only moves it by one, which is harmless.
  const scale = maxAbs === 0 ? 1 : 2 ** Math.min(1023, Math.floor(Math.log2(maxAbs)));
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!(finite(x) && finite(y))) continue;
    const d = y * h - x * h;
    const r = d / scale;
    sum += r;
    sumSq += r * r;
    let k = floor(((y - x) / limit + 1) * half);
    if (k < 0) k = 0;
    else if (k >= bins) k = bins - 1;
    counts[k]++;
  }
  return { histogram: { edges, counts }, sum, sumSq, scale, unit };
}
