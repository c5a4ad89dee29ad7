// writeReport: report.html holds the three figures inline and one table row per record with
// the Pareto rows marked, opens offline (no external URL, inline script and style only),
// escapes what users named, sorts by a clicked column, and writes nothing half.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { FIGURE_FILES, REPORT_FILE, paramAxes, writeReport } from '@lossyml/sdk/report';
import { frontPayload, record, syntheticRecords, tablePayload } from '../display/fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-report-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const rows = syntheticRecords(80);
const front = frontPayload(rows);
const recommendation = {
  maxLoss: 0.01,
  record: rows[1],
  loss: 0.004,
  bestLossless: rows[3],
  evidence: { seeds: 3, spread: 0.002 },
  message: 'zfp-precision keeps r2 within 1% of lossless.',
};

test('writes the three figures and report.html, which holds them inline with every record', async () => {
  const out = path.join(dir, 'nested', 'out');
  const written = await writeReport(out, front, tablePayload(front), recommendation);
  expect(written.html).toBe(path.join(out, REPORT_FILE));
  expect(fs.readdirSync(out).sort()).toEqual([FIGURE_FILES.curves, FIGURE_FILES.frontRatio, FIGURE_FILES.frontThroughput, REPORT_FILE].sort());
  const html = fs.readFileSync(written.html, 'utf8');
  for (const f of Object.values(FIGURE_FILES)) {
    const svg = fs.readFileSync(path.join(out, f), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(html).toContain(svg);
  }
  expect(html.match(/<svg /g)).toHaveLength(3);
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  expect(body.match(/<tr/g)).toHaveLength(rows.length);
  expect(body.match(/<tr class="pareto">/g)).toHaveLength(front.frontByRatio.length);
  for (const key of front.frontByRatio) expect(body).toMatch(new RegExp(`<tr class="pareto">.*<td>${key}</td></tr>`));
  expect(html).toContain('zfp-precision keeps r2 within 1% of lossless.');
  expect(html).toContain(front.flags[0].detail);
});

test('works offline: no external URL, script or stylesheet', async () => {
  await writeReport(dir, front, tablePayload(front));
  const html = fs.readFileSync(path.join(dir, REPORT_FILE), 'utf8');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).not.toMatch(/<script [^>]*src=|<link /);
  expect(html).not.toMatch(/@import|url\(/);
  // The only URL left is the SVG namespace declarations.
  const urls = [...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]);
  expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
});

test('what users named is escaped: one script element, ours', async () => {
  const evil = '<script>alert(1)</script>';
  const bad = [record({ key: 'x"><b>', method: evil, config: { id: evil, note: '</td><td>' } }), ...rows.slice(0, 5)];
  const f = frontPayload(bad, { app: `app ${evil}` });
  const rec = { ...recommendation, record: bad[0], message: evil };
  await writeReport(dir, f, tablePayload(f), rec);
  const html = fs.readFileSync(path.join(dir, REPORT_FILE), 'utf8');
  expect(html.match(/<script/g)).toHaveLength(1);
  expect(html).not.toContain('"><b>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('an empty sweep still gives a report that says so', async () => {
  const f = frontPayload([]);
  await writeReport(dir, f, tablePayload(f));
  const html = fs.readFileSync(path.join(dir, REPORT_FILE), 'utf8');
  expect(html).toContain('0 records');
  expect(html).toContain('No method with a parameter has records at two settings yet.');
});

test('a folder that cannot be written fails before report.html exists and leaves no temp file', async () => {
  const blocked = path.join(dir, 'blocked');
  fs.writeFileSync(blocked, 'a file where the folder should be');
  await expect(writeReport(blocked, front, tablePayload(front))).rejects.toThrow(/EEXIST|ENOTDIR/);
  expect(fs.readdirSync(dir)).toEqual(['blocked']);
});

/** A few DOM methods over the report's own table, enough to run its script in a VM. */
function fakeDom(html: string) {
  const heads = [...html.matchAll(/<th data-col="(\d+)" data-numeric="(true|false)">([^<]*)<\/th>/g)].map((m) => {
    const listeners: (() => void)[] = [];
    const classes = new Set<string>();
    return {
      text: m[3],
      getAttribute: (a: string) => (a === 'data-numeric' ? m[2] : null),
      addEventListener: (_: string, f: () => void) => listeners.push(f),
      click: () => listeners.forEach((f) => f()),
      classList: { contains: (c: string) => classes.has(c), add: (c: string) => classes.add(c), remove: (...c: string[]) => c.forEach((x) => classes.delete(x)) },
    };
  });
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  const rows = [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => ({
    cells: [...m[1].matchAll(/<td( data-v="([^"]*)")?>(.*?)<\/td>/g)].map((c) => ({
      textContent: c[3],
      getAttribute: (a: string) => (a === 'data-v' && c[1] !== undefined ? c[2] : null),
    })),
  }));
  const tbody = {
    rows,
    appendChild(r: (typeof rows)[number]) {
      rows.splice(rows.indexOf(r), 1);
      rows.push(r);
    },
  };
  const table = { tBodies: [tbody], tHead: { rows: [{ cells: heads }] }, classList: { toggle: () => undefined } };
  const document = { getElementById: (id: string) => (id === 'records' ? table : { addEventListener: () => undefined }) };
  return { document, heads, rows };
}

test('clicking a heading sorts the rows by that column, numbers as numbers, and again reverses', async () => {
  await writeReport(dir, front, tablePayload(front));
  const html = fs.readFileSync(path.join(dir, REPORT_FILE), 'utf8');
  const dom = fakeDom(html);
  const script = html.slice(html.lastIndexOf('<script>') + 8, html.lastIndexOf('</script>'));
  runInNewContext(script, { document: dom.document, Array, String, parseFloat, isNaN });
  const col = dom.heads.findIndex((h) => h.text === 'ratio');
  const ratios = () => dom.rows.map((r) => Number(r.cells[col].getAttribute('data-v')));
  const expected = rows.map((r) => r.compressionRatio).sort((a, b) => a - b);
  dom.heads[col].click();
  expect(ratios()).toEqual(expected);
  dom.heads[col].click();
  expect(ratios()).toEqual([...expected].reverse());
  const method = dom.heads.findIndex((h) => h.text === 'method');
  dom.heads[method].click();
  const methods = dom.rows.map((r) => r.cells[method].textContent);
  expect(methods).toEqual([...methods].sort((a, b) => a.localeCompare(b)));
});

test('the curves take each method\'s axis from its ParamSpec: scale, and lossier to the right', () => {
  const f = frontPayload([...rows, record({ key: 'u', method: 'not-a-method', param: { name: 'q', value: 1 } })]);
  const axes = paramAxes(f);
  expect(axes['sz-rel']).toEqual({ scale: 'log', lossier: 'increasing' });
  expect(axes['zfp-precision']).toEqual({ scale: 'linear', lossier: 'decreasing' });
  expect(axes['sample-wor']).toEqual({ scale: 'log', lossier: 'decreasing' });
  expect(axes.zstd).toEqual({ scale: 'linear' });
  expect(axes['not-a-method']).toBeUndefined();
});
