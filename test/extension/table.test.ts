/**
 * @jest-environment jsdom
 */
// The results table: rows, Pareto marks, sorting, the method filter, live updates that keep
// the reader's sort, filter and scroll, and malformed payloads.

import './jsdom-polyfill';
import { TABLE_MIME } from '@lossyml/sdk/display';
import { TableRenderer } from '../../extension/src/table';
import { model, records, tablePayload, paretoKeys } from './fixtures';

function rendered(t: TableRenderer): string[] {
  return [...t.body.querySelectorAll('tr')].map((tr) => tr.dataset.key as string);
}

function column(t: TableRenderer, i: number): string[] {
  return [...t.body.querySelectorAll('tr')].map((tr) => tr.children[i].textContent as string);
}

async function table(data: unknown): Promise<TableRenderer> {
  const t = new TableRenderer({ mimeType: TABLE_MIME });
  document.body.append(t.node);
  await t.renderModel(model(TABLE_MIME, data));
  return t;
}

afterEach(() => document.body.replaceChildren());

test('an empty table says there are no records yet', async () => {
  const t = await table(tablePayload([]));
  expect(rendered(t)).toEqual([]);
  expect(t.node.querySelector('.lossyml-empty')?.textContent).toBe('No records yet.');
  expect(t.status.textContent).toContain('0 records');
});

test('one record gives one row, marked Pareto-optimal', async () => {
  const rows = records(1);
  const t = await table(tablePayload(rows));
  expect(rendered(t)).toEqual(['k0']);
  const tr = t.body.querySelector('tr') as HTMLTableRowElement;
  expect(tr.classList.contains('lossyml-pareto')).toBe(true);
  expect(tr.children[1].textContent).toBe('sz-rel');
  expect(t.node.querySelector('.lossyml-empty')).toBeNull();
});

test('a JSON string payload (as tslab sends it) renders like the object', async () => {
  const rows = records(12);
  const a = await table(tablePayload(rows));
  const b = await table(JSON.stringify(tablePayload(rows)));
  expect(rendered(b)).toEqual(rendered(a));
  expect(rendered(b)).toHaveLength(12);
});

test('5,000 records: sorted by ratio, the first 1,000 drawn, exactly the non-dominated ones marked', async () => {
  const rows = records(5000);
  const t = await table(tablePayload(rows));
  const keys = rendered(t);
  expect(keys).toHaveLength(1000);
  const byRatio = rows.slice().sort((a, b) => b.compressionRatio - a.compressionRatio);
  expect(keys).toEqual(byRatio.slice(0, 1000).map((r) => r.key));
  const front = new Set(paretoKeys(rows));
  expect(front.size).toBeGreaterThan(0);
  const marked = [...t.body.querySelectorAll('tr.lossyml-pareto')].map((tr) => (tr as HTMLElement).dataset.key);
  expect(marked).toEqual(keys.filter((k) => front.has(k)));
  const more = t.node.querySelector('.lossyml-more') as HTMLButtonElement;
  expect(more.hidden).toBe(false);
  expect(more.textContent).toBe('show all 5000 rows (1000 drawn)');
});

test('"show all" draws every row and stays on through updates; a bad row limit is refused', async () => {
  const rows = records(120);
  const t = new TableRenderer({ mimeType: TABLE_MIME, rowLimit: 50 });
  await t.renderModel(model(TABLE_MIME, tablePayload(rows.slice(0, 100))));
  expect(rendered(t)).toHaveLength(50);
  (t.node.querySelector('.lossyml-more') as HTMLButtonElement).click();
  expect(rendered(t)).toHaveLength(100);
  await t.renderModel(model(TABLE_MIME, tablePayload(rows)));
  expect(rendered(t)).toHaveLength(120);
  expect((t.node.querySelector('.lossyml-more') as HTMLButtonElement).hidden).toBe(true);
  expect(() => new TableRenderer({ mimeType: TABLE_MIME, rowLimit: 0 })).toThrow('rowLimit: got 0, expected an integer >= 1');
});

test('a header click sorts by that column, a second click reverses it', async () => {
  const rows = records(40);
  const t = await table(tablePayload(rows));
  const th = t.node.querySelector('th[data-key="quality"]') as HTMLElement;
  th.click();
  const q = () => rendered(t).map((k) => rows[Number(k.slice(1))].quality);
  const desc = q();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  expect(th.getAttribute('aria-sort')).toBe('descending');
  th.click();
  expect(q()).toEqual([...desc].reverse());
  expect(th.getAttribute('aria-sort')).toBe('ascending');
});

test('the method filter shows only that method and lists every method', async () => {
  const rows = records(40);
  const t = await table(tablePayload(rows));
  const options = [...t.node.querySelectorAll('select option')].map((o) => (o as HTMLOptionElement).value);
  expect(options).toEqual(['', 'gzip', 'sample-wor', 'sz-rel', 'zfp-accuracy']);
  t.method = 'zfp-accuracy';
  expect(new Set(column(t, 1))).toEqual(new Set(['zfp-accuracy']));
  expect(rendered(t)).toHaveLength(10);
  expect(t.status.textContent).toContain('(10 shown)');
});

test('live updates add rows and keep the sort, the filter and the scroll position', async () => {
  const rows = records(300);
  const t = await table(tablePayload(rows.slice(0, 100)));
  t.sortBy('quality', false);
  t.method = 'sz-rel';
  t.scroller.scrollTop = 120;
  const before = t.scroller.scrollTop;
  const renderer = t;
  await renderer.renderModel(model(TABLE_MIME, tablePayload(rows.slice(0, 300))));
  expect(t.sort).toEqual({ key: 'quality', descending: false });
  expect(t.method).toBe('sz-rel');
  expect(rendered(t)).toHaveLength(75);
  const q = rendered(t).map((k) => rows[Number(k.slice(1))].quality);
  expect(q).toEqual([...q].sort((a, b) => a - b));
  expect(t.scroller.scrollTop).toBe(before);
  expect(t.node.querySelector('th[data-key="quality"]')?.getAttribute('aria-sort')).toBe('ascending');
});

test.each([
  ['not JSON', '{"version": 1, "rows": [', /string that is not JSON/],
  ['an array', [], /expected a JSON object/],
  ['a newer version', { ...tablePayload([]), version: 2 }, /version: got 2, expected 1/],
  ['rows missing', { ...tablePayload([]), rows: undefined }, /rows: got undefined, expected an array of records/],
  ['a quality that is a string', { ...tablePayload(records(3)), rows: records(3).map((r, i) => (i === 2 ? { ...r, quality: 'high' } : r)) }, /rows\[2\]\.quality: got "high", expected a number/],
])('a malformed payload (%s) leaves a clear message and no table', async (_what, data, message) => {
  const t = await table(data);
  const error = t.node.querySelector('.lossyml-error');
  expect(error?.textContent).toMatch(/^lossyml: cannot draw this table: /);
  expect(error?.textContent).toMatch(message);
  expect(t.table.hidden).toBe(true);
  await t.renderModel(model(TABLE_MIME, tablePayload(records(2))));
  expect(t.node.querySelector('.lossyml-error')).toBeNull();
  expect(rendered(t)).toHaveLength(2);
});
