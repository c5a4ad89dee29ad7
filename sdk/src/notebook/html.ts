// Small HTML tables for the text/html fallback of table bundles (GitHub, nbconvert HTML, a
// JupyterLab without lossyml's extension). Numbers use the same format as the text tables.

import { formatNumber, type Cell } from '../display/text-table';

const ESCAPES: { [c: string]: string } = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface HtmlTableOptions {
  caption?: string;
  /** Rows (by index) drawn in bold, for example the Pareto-optimal ones. */
  strong?: ReadonlySet<number>;
  /** A line under the table (counts, what was left out). */
  note?: string;
}

export function htmlTable(header: string[], rows: Cell[][], options: HtmlTableOptions = {}): string {
  const numeric = header.map((_, j) => rows.every((r) => r[j] === null || r[j] === undefined || typeof r[j] === 'number'));
  const align = (j: number) => (numeric[j] ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = header.map((h, j) => `<th${align(j)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r, i) => {
      const cells = header.map((_, j) => `<td${align(j)}>${escapeHtml(cellText(r[j]))}</td>`).join('');
      return options.strong?.has(i) ? `<tr style="font-weight:bold">${cells}</tr>` : `<tr>${cells}</tr>`;
    })
    .join('\n');
  const caption = options.caption ? `<caption style="text-align:left">${escapeHtml(options.caption)}</caption>` : '';
  const note = options.note ? `\n<p style="font-size:smaller">${escapeHtml(options.note)}</p>` : '';
  return `<table class="lossyml-table">${caption}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${note}`;
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '-';
  return typeof c === 'number' ? formatNumber(c) : c;
}
