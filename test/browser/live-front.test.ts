// In real Chromium: JupyterLab with lossyml's renderers runs a notebook cell that updates a
// front and a table in place (update_display_data) while it runs. The table gains rows and
// the front redraws during the run, a sort chosen by the reader survives the updates, and no
// unexpected console error appears. Without the extension (--stock) the same bundles show
// their vega-lite and HTML fallbacks. Screenshots go to test/.tmp/browser/.

import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifacts, launchChromium, openLab, openNotebook, prepareLab, runAllCells, startLab, watchConsole, type Lab } from './harness';

jest.setTimeout(600000);

// Inside the repository, so the kernel resolves @lossyml/sdk from its node_modules.
const notebooks = join(artifacts, 'notebooks');
let browser: Browser;

beforeAll(async () => {
  prepareLab();
  rmSync(notebooks, { recursive: true, force: true });
  mkdirSync(notebooks, { recursive: true });
  copyFileSync(join(__dirname, 'live.ipynb'), join(notebooks, 'live.ipynb'));
  browser = await launchChromium();
}, 600000);

afterAll(async () => {
  await browser?.close();
});

interface Snapshot {
  status: string;
  rows: number;
  points: number;
  sort: string | null;
  qualities: number[];
  flags: number;
}

function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const table = document.querySelector('.lossyml-table');
    const qualityColumn = 4;
    return {
      status: table?.querySelector('.lossyml-status')?.textContent ?? '',
      rows: table?.querySelectorAll('tbody tr').length ?? 0,
      points: document.querySelectorAll('.lossyml-front svg g.mark-symbol.role-mark path').length,
      sort: table?.querySelector('th[data-key="quality"]')?.getAttribute('aria-sort') ?? null,
      qualities: [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => Number(tr.children[qualityColumn].textContent)),
      flags: document.querySelectorAll('.lossyml-front .lossyml-flags li[data-kind="threshold"]').length,
    };
  });
}

const STEPS = 8;

async function withLab<T>(stock: boolean, env: NodeJS.ProcessEnv, body: (page: Page, lab: Lab) => Promise<T>): Promise<T> {
  const lab = await startLab(notebooks, { stock, env });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  try {
    return await body(page, lab);
  } finally {
    await page.close();
    await lab.stop();
  }
}

test('a live cell grows the table and redraws the front in place; the sort survives updates; no unexpected console errors', async () => {
  // The cell waits for an acknowledgement of each state it sends (see live.ipynb), so each is
  // observed while the cell is still running, however loaded the machine.
  const acks = join(artifacts, 'acks');
  rmSync(acks, { recursive: true, force: true });
  mkdirSync(acks, { recursive: true });
  await withLab(false, { LOSSYML_BROWSER_ACK_DIR: acks }, async (page, lab) => {
    const consoleLog = watchConsole(page);
    await openLab(page, lab, 'lossyml');
    await openNotebook(page, 'live.ipynb');
    await runAllCells(page);
    const seen: Snapshot[] = [];
    for (let step = 1; step <= STEPS; step++) {
      const records = 12 * step;
      // The table shows this state, and the front has drawn it (its status leads its plot).
      await page.waitForFunction(
        (n) => {
          const has = (sel: string) => document.querySelector(sel)?.textContent?.includes(`; ${n} records;`);
          return has('.lossyml-table .lossyml-status') && has('.lossyml-front .lossyml-status') && document.querySelectorAll('.lossyml-table tbody tr').length === n;
        },
        records,
        { timeout: 180000, polling: 100 },
      );
      await page.waitForFunction((prev) => document.querySelectorAll('.lossyml-front svg g.mark-symbol.role-mark path').length > prev, seen.length ? seen[seen.length - 1].points : 0, { timeout: 60000, polling: 100 });
      if (step === 1) await page.click('.lossyml-table th[data-key="quality"]');
      seen.push(await snapshot(page));
      if (step === 1) await page.screenshot({ path: join(artifacts, 'live-lab-first.png') });
      writeFileSync(join(acks, `ack-${step}`), '');
    }
    writeFileSync(join(artifacts, 'live-snapshots.json'), JSON.stringify(seen.map(({ qualities, ...s }) => ({ ...s, qualities: qualities.length })), null, 1));
    // Every state but the last was seen while the cell ran; the rows and points grew each time.
    expect(seen.map((s) => /; running/.test(s.status))).toEqual([...Array(STEPS - 1).fill(true), false]);
    expect(seen.map((s) => s.rows)).toEqual(Array.from({ length: STEPS }, (_, i) => 12 * (i + 1)));
    for (let i = 1; i < STEPS; i++) expect(seen[i].points).toBeGreaterThan(seen[i - 1].points);
    // The reader's sort (quality, best first) holds through every update.
    for (const s of seen) {
      expect(s.sort).toBe('descending');
      expect(s.qualities).toEqual([...s.qualities].sort((a, b) => b - a));
    }
    expect(seen[STEPS - 1].flags).toBe(1);
    // One front and one table: updates replaced the displays, they did not add new ones.
    expect(await page.locator('.lossyml-front').count()).toBe(1);
    expect(await page.locator('.lossyml-table').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'live-lab.png') });
    await page.locator('.lossyml-front').screenshot({ path: join(artifacts, 'live-front.png') });
    expect(consoleLog.unexpected()).toEqual([]);
  });
});

test('stock JupyterLab (without the extension) shows the vega-lite and HTML fallbacks', async () => {
  await withLab(true, {}, async (page, lab) => {
    await openLab(page, lab, 'stock');
    await openNotebook(page, 'live.ipynb');
    await runAllCells(page);
    await page.waitForSelector('.jp-RenderedVegaLite', { timeout: 90000 });
    await page.waitForSelector('.jp-OutputArea-output.jp-RenderedHTMLCommon table', { timeout: 30000 });
    expect(await page.locator('.lossyml-front').count()).toBe(0);
    expect(await page.locator('.lossyml-table').count()).toBe(0);
    await page.locator('.jp-RenderedVegaLite').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'stock-lab.png') });
  });
});
