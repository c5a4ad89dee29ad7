// The paper's transfer model (section V-B, Tables V and VI): is it faster to send a training
// set compressed and decompress it on s_p cores than to send it raw? Raw: |d| / b_n. Compressed:
// |d| / (s_p b_c) + |d| / (C b_n). Speedup C s_p b_c / (C b_n + s_p b_c), above 1 exactly when
// s_p > C b_n / (b_c (C - 1)). All bandwidths in bytes of original data per second (GB/s here).

import { check } from '../util/errors';

export interface LinkModel {
  /** Compression ratio C: original bytes over compressed bytes. */
  ratio: number;
  /** Decompression throughput b_c of one core, GB/s of original data. */
  decompressGBps: number;
  /** Network bandwidth b_n, GB/s. */
  networkGBps: number;
}

export interface CoresAnswer {
  /** The least whole number of cores with a speedup above 1; null when no core count gives one. */
  coresNeeded: number | null;
  /** The break-even s_p: C b_n / (b_c (C - 1)); null when C <= 1. */
  breakEven: number | null;
  /** The speedup at `coresNeeded` cores (null with it). */
  speedup: number | null;
  /** The limit as cores grow without bound: C (decompression becomes free). */
  maxSpeedup: number;
  /** Why no core count helps, when none does. */
  reason?: string;
}

export function checkLink(m: LinkModel): void {
  check(Number.isFinite(m.ratio) && m.ratio > 0, 'ratio', m.ratio, 'a finite number > 0');
  check(Number.isFinite(m.decompressGBps) && m.decompressGBps > 0, 'decompress-gbps', m.decompressGBps, 'a finite number > 0 (GB/s)');
  check(Number.isFinite(m.networkGBps) && m.networkGBps > 0, 'network-gbps', m.networkGBps, 'a finite number > 0 (GB/s)');
}

/** Seconds to send `gigabytes` uncompressed: |d| / b_n. */
export function rawSeconds(gigabytes: number, networkGBps: number): number {
  return gigabytes / networkGBps;
}

/** Seconds to send `gigabytes` compressed and decompress them with parallel speedup `sp`. */
export function compressedSeconds(gigabytes: number, m: LinkModel, sp: number): number {
  return gigabytes / (sp * m.decompressGBps) + gigabytes / (m.ratio * m.networkGBps);
}

/** C s_p b_c / (C b_n + s_p b_c): raw time over compressed time, independent of |d|. */
export function modelSpeedup(m: LinkModel, sp: number): number {
  checkLink(m);
  check(Number.isFinite(sp) && sp > 0, 'cores', sp, 'a finite number > 0');
  return speedupAt(m.ratio, sp * m.decompressGBps, m.networkGBps);
}

/**
 * The speedup given an aggregate decompression throughput (s_p b_c, GB/s): for a throughput
 * measured on several workers, which folds in how well decompression really scales.
 */
export function speedupAt(ratio: number, aggregateGBps: number, networkGBps: number): number {
  return (ratio * aggregateGBps) / (ratio * networkGBps + aggregateGBps);
}

export function coresNeeded(m: LinkModel): CoresAnswer {
  checkLink(m);
  if (m.ratio <= 1) {
    return {
      coresNeeded: null,
      breakEven: null,
      speedup: null,
      maxSpeedup: m.ratio,
      reason: `a compression ratio of ${m.ratio} <= 1 sends at least as many bytes as the raw data, so no number of cores makes the compressed transfer faster`,
    };
  }
  const breakEven = (m.ratio * m.networkGBps) / (m.decompressGBps * (m.ratio - 1));
  // The least whole s_p strictly above the break-even (at the break-even the times are equal).
  const cores = Math.floor(breakEven) + 1;
  return { coresNeeded: cores, breakEven, speedup: modelSpeedup(m, cores), maxSpeedup: m.ratio };
}

/** The paper's links: the APS-ALCF dedicated link, a typical Globus transfer, rural broadband. */
export const PAPER_LINKS_GBPS: readonly number[] = [3.75, 1, 0.125];
