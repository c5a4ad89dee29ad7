// What a cell that is not a plain decimal means: a missing value, an infinity, or an error.
// The policy is written down here once, for every reader (CSV, danfo frames).

/**
 * Cells read as missing: empty, `?` (UCI), `NaN`/`nan`/`NAN`, `NA` (R), `N/A`. Readers store
 * them as NaN (labels as '') and count them per column; `missing: 'error'` refuses them.
 */
export const MISSING_MARKERS: ReadonlySet<string> = new Set(['', '?', 'NaN', 'nan', 'NAN', 'NA', 'N/A']);

const INFINITIES: ReadonlyMap<string, number> = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

export type MissingPolicy = 'nan' | 'error';

/** How a non-decimal cell reads: missing, a number (an infinity), or not a number at all. */
export function classifyCell(text: string): { kind: 'missing' } | { kind: 'number'; value: number } | { kind: 'invalid' } {
  const t = text.trim();
  if (MISSING_MARKERS.has(t)) return { kind: 'missing' };
  const inf = INFINITIES.get(t.toLowerCase());
  if (inf !== undefined) return { kind: 'number', value: inf };
  return { kind: 'invalid' };
}
