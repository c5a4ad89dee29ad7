// Plain-text tables for terminals and `text/plain` fallbacks: right-aligned numbers,
// left-aligned words, one shared number format.

export type Cell = string | number | null | undefined;

/** Short, readable numbers: 3 significant digits, exponents for very large or small values. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  if (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3) return x.toExponential(Math.max(0, digits - 1));
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  return x.toPrecision(digits);
}

export function formatTable(header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => header.map((_, j) => cellText(r[j])));
  const numeric = header.map((_, j) => rows.every((r) => r[j] === null || r[j] === undefined || typeof r[j] === 'number'));
  const widths = header.map((h, j) => Math.max(h.length, ...text.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '-';
  return typeof c === 'number' ? formatNumber(c) : c;
}
