// Shared by the benchmarks: timing (best of several runs, so noise from the other core and
// the JIT's warm-up counts less), MB/s, and tables that put our figure beside the anchor
// from ../shared/anchors.md as a ratio. Figures are measured each run, never stored.

import { performance } from 'node:perf_hooks';
import * as path from 'node:path';

export const MB = 1e6;

/** Seconds of the fastest of `runs` calls (after one warm-up call when warmup is true). */
export async function bestSeconds(f: () => unknown | Promise<unknown>, runs = 3, warmup = true): Promise<number> {
  if (warmup) await f();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

export function mbPerSecond(bytes: number, seconds: number): number {
  return bytes / MB / seconds;
}

/** "ours / anchor" as a ratio string; '-' when there is no anchor. */
export function ratio(ours: number, anchor: number | undefined): string {
  if (anchor === undefined || !Number.isFinite(anchor) || anchor === 0) return '-';
  return (ours / anchor).toFixed(2) + 'x';
}

export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return x.toPrecision(digits);
}

/** Prints a plain-text table with right-aligned columns. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => String(r[j] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, j) => String(c ?? '').padStart(widths[j])).join('  ');
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** The data folder benchmarks read (../shared/data unless LOSSYML_DATA_DIR is set). */
export function dataDir(): string {
  const dir = process.env.LOSSYML_DATA_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
  process.env.LOSSYML_DATA_DIR = dir;
  return dir;
}

/**
 * A module of the sdk's build that its package exports map hides (`reducers/sz`, `data/synthetic`):
 * loaded by path, typed by the caller with `import type * as M from '../sdk/dist/...'`.
 */
export function sdkModule<T>(subpath: string): T {
  // bench/dist/<file>.js -> ../../sdk/dist/<subpath>
  return require(path.resolve(__dirname, '..', '..', 'sdk', 'dist', subpath)) as T;
}
