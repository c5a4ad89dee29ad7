// The report page as one self-contained HTML string: the figures as inline SVG, the
// recommendation and the flags, and every record in a table that sorts by any column (a few
// lines of inline script) with the Pareto points marked. No CDN, no external file: it opens
// from the file system, offline.

import type { FrontPayload, Recommendation, RecordRow, TablePayload } from '../display/payload';
import { configText } from '../display/specs/common';
import { formatNumber } from '../display/text-table';
import { LOSSYML_VERSION } from '../util/version';

export interface ReportFigure {
  file: string;
  caption: string;
  svg: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function reportHtml(front: FrontPayload, table: TablePayload, figures: ReportFigure[], recommendation?: Recommendation): string {
  const title = `lossyml report: ${front.app}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lossyml ${escapeHtml(LOSSYML_VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(summaryLine(front))}</p>
${recommendationSection(recommendation)}${flagsSection(front)}${figures.map(figureSection).join('\n')}
<section>
<h2>Every record</h2>
<p class="meta">Click a column heading to sort. &#9733; marks the global Pareto front by compression ratio.
<label><input type="checkbox" id="pareto-only"> Pareto points only</label></p>
${recordsTable(table)}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summaryLine(front: FrontPayload): string {
  const parts = [
    `${front.metric} (${front.higherIsBetter ? 'higher' : 'lower'} is better)`,
    `${front.records.length} records`,
    `sweep ${front.status}${front.progress ? ` (${front.progress.done} of ${front.progress.total})` : ''}`,
  ];
  const floor = front.noiseFloor;
  if (floor) parts.push(`noise floor ${formatNumber(floor.mean, 4)} +- ${formatNumber(floor.spread)} (${floor.kind === 'std' ? 'std' : 'half range'}, ${floor.seeds} seeds)`);
  if (front.threshold !== undefined) parts.push(`threshold ${formatNumber(front.threshold, 4)}`);
  parts.push(`lossyml ${LOSSYML_VERSION}`);
  return parts.join(' · ');
}

function recommendationSection(rec: Recommendation | undefined): string {
  if (!rec) return '';
  const chosen = rec.record
    ? `<p><b>${escapeHtml(rec.record.method)}</b> <code>${escapeHtml(configText(rec.record.config))}</code>: ratio ${formatNumber(rec.record.compressionRatio)}, ${escapeHtml(rec.record.metric)} ${formatNumber(rec.record.quality, 4)}${rec.loss !== undefined ? `, loss ${formatNumber(rec.loss * 100)}%` : ''}${rec.evidence ? `, ${rec.evidence.seeds} seed${rec.evidence.seeds === 1 ? '' : 's'}, spread ${formatNumber(rec.evidence.spread)}` : ''}</p>`
    : '';
  const lossless = rec.bestLossless
    ? `<p>Best lossless: <b>${escapeHtml(rec.bestLossless.method)}</b>, ratio ${formatNumber(rec.bestLossless.compressionRatio)}.</p>`
    : '';
  return `<section class="recommendation">
<h2>Recommendation (loss budget ${formatNumber(rec.maxLoss * 100)}%)</h2>
<p>${escapeHtml(rec.message)}</p>
${chosen}${lossless}</section>
`;
}

function flagsSection(front: FrontPayload): string {
  if (front.flags.length === 0) return '';
  const items = front.flags.map((f) => `<li><b>${escapeHtml(f.method)}</b> (${escapeHtml(f.kind)}): ${escapeHtml(f.detail)}</li>`);
  return `<section class="flags">
<h2>Warnings from the records</h2>
<ul>${items.join('')}</ul>
</section>
`;
}

function figureSection(f: ReportFigure): string {
  // vega escapes the text it writes into the SVG; the SVG goes in as markup.
  return `<figure>${f.svg}<figcaption>${escapeHtml(f.caption)} (<a href="${escapeHtml(f.file)}">${escapeHtml(f.file)}</a>)</figcaption></figure>`;
}

const COLUMNS: { head: string; numeric: boolean; cell(r: RecordRow, pareto: boolean): string | number | undefined }[] = [
  { head: 'Pareto', numeric: false, cell: (_, p) => (p ? '\u2605' : '') },
  { head: 'method', numeric: false, cell: (r) => r.method },
  { head: 'config', numeric: false, cell: (r) => configText(r.config) },
  { head: 'parameter', numeric: true, cell: (r) => r.param?.value },
  { head: 'seed', numeric: true, cell: (r) => r.seed },
  { head: 'quality', numeric: true, cell: (r) => r.quality },
  { head: 'ratio', numeric: true, cell: (r) => r.compressionRatio },
  { head: 'file ratio', numeric: true, cell: (r) => r.fileRatio },
  { head: 'decompress MB/s', numeric: true, cell: (r) => r.decompressMBps },
  { head: 'seconds', numeric: true, cell: (r) => Object.values(r.seconds).reduce((a, b) => a + b, 0) },
  { head: 'key', numeric: false, cell: (r) => r.key },
];

function recordsTable(table: TablePayload): string {
  const pareto = new Set(table.paretoKeys);
  const sign = table.higherIsBetter ? -1 : 1;
  // Best quality first; the script re-sorts on a click.
  const rows = [...table.rows].sort((a, b) => sign * (a.quality - b.quality) || b.compressionRatio - a.compressionRatio);
  const head = COLUMNS.map((c, j) => `<th data-col="${j}" data-numeric="${c.numeric}">${escapeHtml(c.head)}</th>`).join('');
  const body = rows
    .map((r) => {
      const p = pareto.has(r.key);
      const cells = COLUMNS.map((c) => {
        const v = c.cell(r, p);
        if (v === undefined) return '<td data-v="">-</td>';
        if (typeof v === 'number') return `<td data-v="${v}">${escapeHtml(formatNumber(v, 4))}</td>`;
        return `<td>${escapeHtml(v)}</td>`;
      });
      return `<tr${p ? ' class="pareto"' : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table id="records"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em}
.meta{color:#555;margin:.2em 0}
.recommendation{border-left:4px solid #2a6fb0;background:#f3f7fb;padding:.2em 1em}
.flags{border-left:4px solid #c0392b;background:#fbf3f2;padding:.2em 1em}
figure{margin:1.2em 0;overflow-x:auto}figcaption{color:#555;font-size:.9em}
code{font-size:.92em;background:#f4f4f4;padding:0 .25em}
table{border-collapse:collapse;font-size:.88em;width:100%}
th,td{padding:.2em .5em;border-bottom:1px solid #e4e4e4;text-align:left;white-space:nowrap}
th{cursor:pointer;background:#fafafa;position:sticky;top:0;user-select:none}
th[data-numeric=true],td[data-v]{text-align:right}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
tr.pareto{background:#fff8e1}tr.pareto td:first-child{color:#b8860b}
table.pareto-only tbody tr:not(.pareto){display:none}`;

// Sorts numbers by their data-v value (empty last), words as text; clicking again reverses.
const SCRIPT = `
(function(){
  var table=document.getElementById('records');
  var body=table.tBodies[0];
  var heads=table.tHead.rows[0].cells;
  function key(row,col,numeric){
    var cell=row.cells[col];
    if(!numeric)return cell.textContent;
    var v=cell.getAttribute('data-v');
    return v===''||v===null?NaN:parseFloat(v);
  }
  for(var j=0;j<heads.length;j++)(function(th,col){
    th.addEventListener('click',function(){
      var numeric=th.getAttribute('data-numeric')==='true';
      var dir=th.classList.contains('asc')?-1:1;
      for(var k=0;k<heads.length;k++)heads[k].classList.remove('asc','desc');
      th.classList.add(dir===1?'asc':'desc');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=key(a,col,numeric),y=key(b,col,numeric);
        if(numeric){if(isNaN(x))return isNaN(y)?0:1;if(isNaN(y))return -1;return dir*(x-y);}
        return dir*String(x).localeCompare(String(y));
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  })(heads[j],j);
  document.getElementById('pareto-only').addEventListener('change',function(e){
    table.classList.toggle('pareto-only',e.target.checked);
  });
})();`;
