// In real Chromium: JupyterLab with lossyml's renderers opens the quick-start notebook
// (notebooks/01-quick-start.ipynb, as generated) on the tslab kernel in quick mode and runs it.
// Its live sweep cell runs a real sweep of real reducers on Sonar; while it runs, the table
// gains rows and the front redraws in place, a sort chosen by the reader survives the updates,
// and no unexpected console error appears. The saved notebook then shows its vega-lite and HTML
// fallbacks in stock JupyterLab (without the extension), and lossyml's renderers in JupyterLab's
// dark theme take the theme's colours. Screenshots go to test/.tmp/browser/.
//
// What the page shows is recorded in the page itself (a MutationObserver notes every state of
// the table and the front, drawn or not), so no state is missed however late the test looks.
// A live display sends at most one update per throttle interval, and a fast machine could run
// the whole quick sweep within one: so the test pauses the kernel (SIGSTOP) each time the sweep
// has written another record to its records.jsonl, holds it past the interval, and lets it go
// on; the kernel's next record then goes out at once. Whatever the machine's speed, the page gets
// several states while the cell runs, each shown long enough to be drawn.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifacts, descendants, launchChromium, openLab, openNotebook, prepareLab, root, runAllCells, saveNotebook, signalAll, startLab, watchConsole, type Lab, type LabOptions } from './harness';

jest.setTimeout(600000);

// Inside the repository, so the kernel resolves @lossyml/sdk from its node_modules.
const notebooks = join(artifacts, 'notebooks');
const runs = join(artifacts, 'runs');
const QUICK_START = '01-quick-start.ipynb';
/** The quick-start as the live test saved it, outputs included, for the stock and dark-theme tests. */
const EXECUTED = join(artifacts, 'quick-start-executed.ipynb');
/** Written when the live test's sweep cell is over. */
const EXECUTED_MARK = join(artifacts, 'live-sweep-over');
let browser: Browser;

beforeAll(async () => {
  prepareLab();
  for (const dir of [notebooks, runs]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  rmSync(EXECUTED, { force: true });
  rmSync(EXECUTED_MARK, { force: true });
  copyFileSync(join(root, 'notebooks', QUICK_START), join(notebooks, QUICK_START));
  browser = await launchChromium();
}, 600000);

afterAll(async () => {
  await browser?.close();
});

/** Lines in a file (0 while it does not exist). */
function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Resolves once `file` has more than `lines` lines (checked every 5 ms), or the cell is over. */
async function recordWritten(file: string, lines: number, over: () => boolean): Promise<boolean> {
  for (;;) {
    if (lineCount(file) > lines) return true;
    if (over()) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Waits until the front shows the state the table ended on: its status names the table's final
 * record count, and its plot is drawn for it (the plot's subtitle counts its records). The two
 * displays update apart, so the front may still show an earlier state when the table says done.
 */
async function frontDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const final = /; (\d+) records?; done, /.exec(document.querySelector('div.lossyml-table .lossyml-status')?.textContent ?? '')?.[1];
      const front = document.querySelector('div.lossyml-front');
      const n = /; (\d+) records?;/.exec(front?.querySelector('.lossyml-status')?.textContent ?? '')?.[1];
      const subtitle = front?.querySelector('svg .role-title-subtitle text')?.textContent ?? '';
      return final !== undefined && n === final && subtitle.startsWith(`${n} record`);
    },
    undefined,
    { timeout: 120000, polling: 50 },
  );
}

/**
 * A live display sends at most one update a second, or one per four times its last bundle's
 * build time (CPU time, so a pause does not count) when that is longer: the front's SVG
 * fallback took 0.4 to 0.6 s to build on the loaded 2-core machine, 1.6 to 2.4 s. The kernel is
 * held longer than that.
 */
const HOLD_MS = 4000;
/** Pauses of the kernel: each is followed by a state sent while the sweep runs, and each shows the one before it long enough to draw. */
const PAUSES = 4;
const hold = () => new Promise((r) => setTimeout(r, HOLD_MS));

/** A state of the page, as the recorder notes it. */
interface Seen {
  table: string;
  front: string;
  rows: number;
  /** Records counted by the plot on screen (its subtitle), -1 without a plot. */
  drawn: number;
  points: number;
  sort: string | null;
  /** The quality column reads best first. */
  sorted: boolean;
}

/**
 * Records every state the table and the front show, in order (a MutationObserver in the page),
 * whatever the test is doing meanwhile. Written to live-states.json.
 */
async function recordStates(page: Page): Promise<() => Promise<Seen[]>> {
  await page.evaluate(() => {
    const seen: Seen[] = [];
    (window as unknown as { lossymlStates: Seen[] }).lossymlStates = seen;
    new MutationObserver(() => {
      const table = document.querySelector('div.lossyml-table');
      const front = document.querySelector('div.lossyml-front');
      const qualities = [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => Number(tr.children[4].textContent));
      const state: Seen = {
        table: table?.querySelector('.lossyml-status')?.textContent ?? '',
        front: front?.querySelector('.lossyml-status')?.textContent ?? '',
        rows: qualities.length,
        drawn: Number(/^(\d+) records?,/.exec(front?.querySelector('svg .role-title-subtitle text')?.textContent ?? '')?.[1] ?? -1),
        points: front?.querySelectorAll('svg g.mark-symbol.role-mark path').length ?? 0,
        sort: table?.querySelector('th[data-key="quality"]')?.getAttribute('aria-sort') ?? null,
        sorted: qualities.every((q, i) => i === 0 || q <= qualities[i - 1]),
      };
      if (JSON.stringify(seen[seen.length - 1]) !== JSON.stringify(state)) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { lossymlStates: Seen[] }).lossymlStates);
}

async function withLab<T>(options: LabOptions, body: (page: Page, lab: Lab) => Promise<T>): Promise<T> {
  const lab = await startLab(notebooks, options);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  try {
    return await body(page, lab);
  } finally {
    await page.close();
    await lab.stop();
  }
}

test("the quick-start's live sweep grows the table and redraws the front while it runs; the sort survives updates; no unexpected console errors", async () => {
  await withLab({ env: { LOSSYML_QUICK: '1', LOSSYML_RUNS_DIR: runs } }, async (page, lab) => {
    const consoleLog = watchConsole(page);
    await openLab(page, lab, 'lossyml');
    await openNotebook(page, QUICK_START);
    const states = await recordStates(page);
    try {
      await runLive(page, lab, states);
    } finally {
      writeFileSync(join(artifacts, 'live-states.json'), JSON.stringify(await states(), null, 1));
    }
    expect(consoleLog.unexpected()).toEqual([]);
    await saveNotebook(page);
    copyFileSync(join(notebooks, QUICK_START), EXECUTED);
  });
});

async function runLive(page: Page, lab: Lab, states: () => Promise<Seen[]>): Promise<void> {
  // The kernel is up (the notebook waited for it to be idle): its process ids, to pause it at once.
  const kernel = descendants(lab.pid);
  expect(kernel.length).toBeGreaterThan(0);
  const records = join(runs, 'quick-start-sonar-quick', 'records.jsonl');
  const over = () => existsSync(EXECUTED_MARK);
  await runAllCells(page);
  // Marks the end of the sweep cell for recordWritten: the table says done.
  void page.waitForFunction(() => / done, /.test(document.querySelector('div.lossyml-table .lossyml-status')?.textContent ?? ''), undefined, { timeout: 0, polling: 100 }).then(() => writeFileSync(EXECUTED_MARK, ''), () => undefined);
  let clicked = -1;
  for (let pause = 0; pause < PAUSES; pause++) {
    if (!(await recordWritten(records, lineCount(records), over))) break;
    signalAll(kernel, 'SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, HOLD_MS));
      // The reader sorts by quality, best first, once the table has rows.
      if (clicked < 0 && (await page.locator('div.lossyml-table tbody tr').count()) > 0) {
        await page.click('div.lossyml-table th[data-key="quality"]');
        clicked = (await states()).length;
        await page.locator('div.lossyml-front').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifacts, 'live-lab-first.png') });
      }
    } finally {
      signalAll(kernel, 'SIGCONT');
    }
  }
  // The cell ends: the last state says so, and the front draws it.
  await page.waitForFunction(() => / done, /.test(document.querySelector('div.lossyml-table .lossyml-status')?.textContent ?? ''), undefined, { timeout: 300000, polling: 200 });
  await frontDrawn(page);
  // The recorder notes a state when its observer runs: give it up to 10 s to note the drawn end.
  let seen = await states();
  for (let t = 0; t < 100 && seen[seen.length - 1].drawn !== seen[seen.length - 1].rows; t++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await states();
  }
  writeFileSync(join(artifacts, 'live-states.json'), JSON.stringify(seen, null, 1));
  const final = seen[seen.length - 1];
  expect(final.table).toMatch(/^sonar: gmean \(higher is better\); \d+ records; done, /);
  expect(final.drawn).toBe(final.rows);

  const running = seen.filter((s) => / running, /.test(s.table));
  // The table gained rows while the cell ran: at least two states with records before the end.
  const rowCounts = [...new Set(running.map((s) => s.rows).filter((n) => n > 0))];
  expect(rowCounts.length).toBeGreaterThanOrEqual(2);
  expect(rowCounts).toEqual([...rowCounts].sort((a, b) => a - b));
  // The last running state may already hold every record (the status turns to done after it).
  expect(rowCounts[0]).toBeLessThan(final.rows);
  expect(final.rows).toBeGreaterThanOrEqual(rowCounts[rowCounts.length - 1]);
  // The front redrew in place while the cell ran: two plots of running states, more points in the later one.
  const drawn = seen.filter((s) => / running, /.test(s.front) && s.drawn > 0 && s.front.includes(`; ${s.drawn} record`));
  const plots = drawn.filter((s, i) => i === 0 || s.drawn !== drawn[i - 1].drawn);
  expect(plots.length).toBeGreaterThanOrEqual(2);
  expect(plots[plots.length - 1].points).toBeGreaterThan(plots[0].points);
  // The reader's sort (quality, best first) held through every update after the click.
  expect(clicked).toBeGreaterThan(0);
  const after = seen.slice(clicked);
  expect(after.some((s) => s.rows !== seen[clicked - 1].rows)).toBe(true);
  for (const s of after) {
    expect(s.sort).toBe('descending');
    expect(s.sorted).toBe(true);
  }
  // One front and one table: updates replaced the displays, they did not add new ones.
  expect(await page.locator('div.lossyml-front').count()).toBe(1);
  expect(await page.locator('div.lossyml-table').count()).toBe(1);

  // The whole notebook ran: the last cell prints what this run found.
  await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-output')].some((o) => o.textContent?.includes('This run: ')), undefined, { timeout: 120000, polling: 200 });
  await page.locator('div.lossyml-front').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'live-lab.png') });
  // The README's picture (extension/docs/live-front.png): the table above the front, as the cell shows them.
  await page.locator('div.lossyml-table').scrollIntoViewIfNeeded();
  const [table, front] = await Promise.all([page.locator('div.lossyml-table').boundingBox(), page.locator('div.lossyml-front').boundingBox()]);
  if (!table || !front) throw new Error('the table or the front is not on screen');
  const x = Math.min(table.x, front.x);
  const clip = { x, y: table.y, width: Math.max(table.x + table.width, front.x + front.width) - x, height: front.y + front.height - table.y };
  await page.screenshot({ path: join(artifacts, 'live-front.png'), clip });
}

/** The executed quick-start, saved by the live test, under a name of its own. */
function executedNotebook(): string {
  if (!existsSync(EXECUTED)) throw new Error(`${EXECUTED} is missing: the live test above saves it; run the whole file`);
  copyFileSync(EXECUTED, join(notebooks, 'executed.ipynb'));
  return 'executed.ipynb';
}

test('stock JupyterLab (without the extension) shows the same outputs as their vega-lite and HTML fallbacks', async () => {
  const name = executedNotebook();
  await withLab({ stock: true }, async (page, lab) => {
    await openLab(page, lab, 'stock');
    await openNotebook(page, name);
    await page.waitForSelector('.jp-RenderedVegaLite', { timeout: 90000 });
    // The sweep's table as HTML (its caption names the application and the state).
    await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-output.jp-RenderedHTMLCommon table caption')].some((c) => /^sonar: \d+ records, .*, done$/.test(c.textContent ?? '')), undefined, { timeout: 30000 });
    expect(await page.locator('div.lossyml-front').count()).toBe(0);
    expect(await page.locator('div.lossyml-table').count()).toBe(0);
    await page.locator('.jp-RenderedVegaLite').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'stock-lab.png') });
  });
});

test("JupyterLab's dark theme loads, and lossyml's renderers draw in its colours", async () => {
  const name = executedNotebook();
  await withLab({ settings: { '@jupyterlab/apputils-extension:themes': { theme: 'JupyterLab Dark' } } }, async (page, lab) => {
    const consoleLog = watchConsole(page);
    await openLab(page, lab, 'lossyml');
    await page.waitForFunction(() => document.body.dataset.jpThemeName === 'JupyterLab Dark' && document.body.dataset.jpThemeLight === 'false', undefined, { timeout: 60000 });
    await openNotebook(page, name);
    await page.waitForSelector('div.lossyml-front svg g.mark-line.role-mark path', { timeout: 90000 });
    await page.waitForSelector('div.lossyml-table tbody tr', { timeout: 30000 });
    const colours = await page.evaluate(() => {
      /** A colour as the browser computes it, from a probe styled with `css`. */
      const computed = (prop: 'color' | 'backgroundColor', css: string) => {
        const probe = document.createElement('div');
        probe.style[prop] = css;
        document.body.append(probe);
        const v = getComputedStyle(probe)[prop];
        probe.remove();
        return v;
      };
      const table = document.querySelector('div.lossyml-table') as HTMLElement;
      const th = table.querySelector('th') as HTMLElement;
      return {
        text: computed('color', 'var(--jp-ui-font-color1)'),
        header: computed('backgroundColor', 'var(--jp-layout-color2)'),
        cell: computed('backgroundColor', 'var(--jp-layout-color0)'),
        variable: getComputedStyle(document.body).getPropertyValue('--jp-ui-font-color1').trim(),
        tableText: getComputedStyle(table).color,
        tableHeader: getComputedStyle(th).backgroundColor,
        frontLine: document.querySelector('div.lossyml-front svg g.mark-line.role-mark path')?.getAttribute('stroke'),
        axisLabel: document.querySelector('div.lossyml-front svg .role-axis-label text')?.getAttribute('fill'),
      };
    });
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    // The theme is dark: light text on a dark page.
    expect(luminance(colours.text)).toBeGreaterThan(0.6);
    expect(luminance(colours.cell)).toBeLessThan(0.3);
    // The table and the front take the theme's colours.
    expect(colours.tableText).toBe(colours.text);
    expect(colours.tableHeader).toBe(colours.header);
    expect(colours.frontLine).toBe(colours.variable);
    expect(colours.axisLabel).toBe(colours.variable);
    await page.locator('div.lossyml-front').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'dark-lab.png') });

    // A click on a legend entry hides that method's points; a second click shows them again.
    const hiddenPoints = () => page.evaluate(() => [...document.querySelectorAll('div.lossyml-front svg g.mark-symbol.role-mark')[0].querySelectorAll('path')].filter((p) => p.getAttribute('opacity') === '0').length);
    const legendEntry = page.locator('div.lossyml-front svg .role-legend-label text', { hasText: /^sample-wor$/ });
    expect(await hiddenPoints()).toBe(0);
    await legendEntry.click();
    await page.waitForFunction(() => [...document.querySelectorAll('div.lossyml-front svg g.mark-symbol.role-mark')[0].querySelectorAll('path')].some((p) => p.getAttribute('opacity') === '0'), undefined, { timeout: 30000 });
    const rows = await page.evaluate(() => [...document.querySelectorAll('div.lossyml-table tbody tr')].filter((tr) => tr.children[1].textContent === 'sample-wor').length);
    expect(await hiddenPoints()).toBe(rows);
    await page.screenshot({ path: join(artifacts, 'dark-lab-hidden.png') });
    await legendEntry.click();
    await page.waitForFunction(() => ![...document.querySelectorAll('div.lossyml-front svg g.mark-symbol.role-mark')[0].querySelectorAll('path')].some((p) => p.getAttribute('opacity') === '0'), undefined, { timeout: 30000 });

    // Back to the light theme: the front redraws in its colours.
    await page.evaluate(async () => {
      const app = (window as unknown as { jupyterapp: { commands: { execute(id: string, args?: object): Promise<unknown> } } }).jupyterapp;
      await app.commands.execute('apputils:change-theme', { theme: 'JupyterLab Light' });
    });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === 'true', undefined, { timeout: 60000 });
    const light = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--jp-ui-font-color1').trim());
    expect(light).not.toBe(colours.variable);
    await page.waitForFunction((c) => document.querySelector('div.lossyml-front svg g.mark-line.role-mark path')?.getAttribute('stroke') === c, light, { timeout: 60000 });
    expect(consoleLog.unexpected()).toEqual([]);
  });
});
