/**
 * @jest-environment jsdom
 */
// The front renderer draws the sdk's vega-lite specs with vega (SVG): empty, one point,
// 5,000 points, live updates that redraw in place and keep the reader's choices, flags, and
// malformed payloads that leave a clear message.

import './jsdom-polyfill';
import { FRONT_MIME } from '@lossyml/sdk/display';
import { FrontRenderer } from '../../extension/src/front';
import { frontPayload, model, records } from './fixtures';

/** Point marks of the plotted layers (vega's SVG: one path per point, legend symbols excluded). */
function points(f: FrontRenderer): number {
  return f.plot.querySelectorAll('svg g.mark-symbol.role-mark path').length;
}

async function front(data: unknown): Promise<FrontRenderer> {
  const f = new FrontRenderer({ mimeType: FRONT_MIME });
  document.body.append(f.node);
  await f.renderModel(model(FRONT_MIME, data));
  return f;
}

afterEach(() => document.body.replaceChildren());

test('an empty front says there are no records yet and draws no plot', async () => {
  const f = await front(frontPayload([]));
  expect(f.plot.querySelector('.lossyml-empty')?.textContent).toBe('No records yet.');
  expect(f.plot.querySelector('svg')).toBeNull();
  expect(f.status.textContent).toContain('0 records; running');
});

test('one record draws its point (and the front through it)', async () => {
  const f = await front(frontPayload(records(1)));
  expect(f.plot.querySelector('.lossyml-error')).toBeNull();
  expect(f.plot.querySelector('svg')).not.toBeNull();
  expect(points(f)).toBeGreaterThanOrEqual(1);
  expect(f.status.textContent).toContain('1 record;');
});

test('5,000 records are all drawn', async () => {
  const rows = records(5000);
  const f = await front(JSON.stringify(frontPayload(rows)));
  expect(f.plot.querySelector('.lossyml-error')).toBeNull();
  // Every record is a point; the front's ringed points come on top of them.
  expect(points(f)).toBeGreaterThanOrEqual(5000);
}, 120000);

test('an update redraws in place: one view, more points, the old view finalized, choices kept', async () => {
  const rows = records(200);
  const f = await front(frontPayload(rows.slice(0, 40)));
  const before = points(f);
  f.scale = 'linear';
  await f.redraw();
  const view = f.plot.firstElementChild;
  await f.renderModel(model(FRONT_MIME, frontPayload(rows)));
  expect(f.scale).toBe('linear');
  expect(f.plot.children).toHaveLength(1);
  expect(f.plot.firstElementChild).not.toBe(view);
  expect(points(f)).toBeGreaterThan(before);
  expect(view?.isConnected).toBe(false);
});

test('updates that arrive faster than drawing: only the newest is left on screen', async () => {
  const rows = records(100);
  const f = new FrontRenderer({ mimeType: FRONT_MIME });
  const draws = [20, 40, 60, 100].map((n) => f.renderModel(model(FRONT_MIME, frontPayload(rows.slice(0, n)))));
  await Promise.all(draws);
  expect(f.plot.children).toHaveLength(1);
  expect(f.status.textContent).toContain('100 records');
  const alone = await front(frontPayload(rows));
  expect(points(f)).toBe(points(alone));
});

test('threshold and non-monotonic flags are listed under the plot', async () => {
  const flags = [
    { method: 'zfp-accuracy', kind: 'threshold' as const, detail: 'quality collapses below bound 1e-4' },
    { method: 'sz-rel', kind: 'non-monotonic' as const, detail: 'quality rises from 1e-3 to 1e-2' },
  ];
  const f = await front(frontPayload(records(20), { flags }));
  const items = [...f.flagList.querySelectorAll('li')];
  expect(items.map((li) => li.dataset.kind)).toEqual(['threshold', 'non-monotonic']);
  expect(items[0].textContent).toBe('zfp-accuracy (threshold): quality collapses below bound 1e-4');
});

test('the per-method curves and the throughput front draw from the same payload', async () => {
  const f = await front(frontPayload(records(40)));
  f.figure = 'curves';
  await f.redraw();
  expect(f.plot.querySelector('.lossyml-error')).toBeNull();
  expect(f.plot.querySelector('svg')).not.toBeNull();
  f.figure = 'throughput';
  await f.redraw();
  expect(f.plot.querySelector('.lossyml-error')).toBeNull();
  expect(f.plot.querySelector('svg')).not.toBeNull();
});

test.each([
  ['not JSON', 'nope', /string that is not JSON/],
  ['null', null, /got null, expected a JSON object/],
  ['records not an array', { ...frontPayload([]), records: {} }, /records: got an object, expected an array of records/],
  ['a key that is a number', { ...frontPayload(records(2)), records: [{ ...records(1)[0], key: 5 }] }, /records\[0\]\.key: got 5, expected a string/],
  ['an unknown flag kind', { ...frontPayload(records(2)), flags: [{ method: 'gzip', kind: 'odd', detail: '' }] }, /flags\[0\]: .*expected \{method, kind/],
])('a malformed payload (%s) leaves a clear message in the output', async (_what, data, message) => {
  const f = await front(data);
  const error = f.plot.querySelector('.lossyml-error');
  expect(error?.getAttribute('role')).toBe('alert');
  expect(error?.textContent).toMatch(/^lossyml: cannot draw this front: /);
  expect(error?.textContent).toMatch(message);
  expect(f.plot.querySelector('svg')).toBeNull();
});

test('a payload the spec builder refuses (a newer version) is a message too', async () => {
  const f = await front({ ...frontPayload(records(3)), version: 2 });
  expect(f.plot.querySelector('.lossyml-error')?.textContent).toMatch(/version: got 2, expected 1/);
});

/** The plotted points (the first symbol layer; the front's rings are the second) as [fill, opacity]. */
function plotted(f: FrontRenderer): { fill: string; opacity: string }[] {
  const layer = f.plot.querySelector('svg g.mark-symbol.role-mark');
  return [...(layer?.querySelectorAll('path') ?? [])].map((p) => ({ fill: p.getAttribute('fill') ?? '', opacity: p.getAttribute('opacity') ?? '1' }));
}

/** Clicks the legend entry of a method (its label), as a reader does, and waits for vega. */
async function clickLegend(f: FrontRenderer, method: string): Promise<void> {
  const label = [...f.plot.querySelectorAll('svg .role-legend-label text')].find((t) => t.textContent === method);
  if (!label) throw new Error(`no legend entry ${method}`);
  const before = f.hiddenMethods.join();
  label.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 1, clientY: 1 }));
  // vega handles the event in its own asynchronous run: wait for the selection to change.
  for (let i = 0; i < 1000 && f.hiddenMethods.join() === before; i++) await new Promise((r) => setTimeout(r, 1));
}

function legendOpacity(f: FrontRenderer, method: string): string | null {
  const label = [...f.plot.querySelectorAll('svg .role-legend-label text')].find((t) => t.textContent === method);
  return label?.getAttribute('opacity') ?? '1';
}

test('a click on a legend entry hides that method; a second click shows it again; a live update keeps it hidden', async () => {
  const rows = records(80);
  const bySzRel = rows.filter((r) => r.method === 'sz-rel').length;
  const f = await front(frontPayload(rows.slice(0, 40)));
  expect(plotted(f).every((p) => p.opacity !== '0')).toBe(true);
  // sz-rel's points: the ones that vanish on the click, all of one colour.
  await clickLegend(f, 'sz-rel');
  expect(f.hiddenMethods).toEqual(['sz-rel']);
  const gone = plotted(f).filter((p) => p.opacity === '0');
  expect(gone).toHaveLength(10);
  expect(new Set(gone.map((p) => p.fill)).size).toBe(1);
  expect(plotted(f).filter((p) => p.opacity !== '0').every((p) => p.fill !== gone[0].fill)).toBe(true);
  // The hidden method's legend entry is the faded one.
  expect(Number(legendOpacity(f, 'sz-rel'))).toBeLessThan(0.5);
  expect(legendOpacity(f, 'gzip')).toBe('1');
  // An update redraws with more records; sz-rel stays hidden.
  await f.renderModel(model(FRONT_MIME, frontPayload(rows)));
  expect(f.hiddenMethods).toEqual(['sz-rel']);
  expect(plotted(f).filter((p) => p.opacity === '0')).toHaveLength(bySzRel);
  // A second method hides too; clicking sz-rel again brings it back.
  await clickLegend(f, 'gzip');
  expect(f.hiddenMethods).toEqual(['gzip', 'sz-rel']);
  await clickLegend(f, 'sz-rel');
  expect(f.hiddenMethods).toEqual(['gzip']);
  expect(plotted(f).filter((p) => p.opacity === '0')).toHaveLength(rows.filter((r) => r.method === 'gzip').length);
  expect(legendOpacity(f, 'sz-rel')).toBe('1');
});

/** The front's line (the first line mark) colour. */
function frontLineColor(f: FrontRenderer): string | null {
  return f.plot.querySelector('svg g.mark-line.role-mark path')?.getAttribute('stroke') ?? null;
}

test("the plot takes JupyterLab's theme colours from its CSS variables, and a theme change redraws it", async () => {
  const f = await front(frontPayload(records(30)));
  // No JupyterLab theme on the page: the sdk's default front colour.
  expect(frontLineColor(f)).toBe('#222222');
  const axisText = () => f.plot.querySelector('svg .role-axis-label text')?.getAttribute('fill');
  // A dark theme arrives: JupyterLab sets the variables, then marks the body.
  document.body.style.setProperty('--jp-ui-font-color1', 'rgb(240, 240, 240)');
  document.body.style.setProperty('--jp-ui-font-color2', 'rgb(200, 200, 200)');
  document.body.style.setProperty('--jp-border-color2', 'rgb(80, 80, 80)');
  const view = f.plot.firstElementChild;
  document.body.dataset.jpThemeLight = 'false';
  document.body.dataset.jpThemeName = 'JupyterLab Dark';
  for (let i = 0; i < 2000 && f.plot.firstElementChild === view; i++) await new Promise((r) => setTimeout(r, 1));
  await f.redraw();
  expect(f.plot.firstElementChild).not.toBe(view);
  expect(frontLineColor(f)).toBe('rgb(240, 240, 240)');
  expect(axisText()).toBe('rgb(240, 240, 240)');
  document.body.removeAttribute('style');
  delete document.body.dataset.jpThemeLight;
  delete document.body.dataset.jpThemeName;
});
