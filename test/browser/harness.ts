// The browser test's harness: builds the lab front end when stale (scripts/lab/prepare.js),
// serves it on loopback with the tslab kernel, and drives headless Chromium with playwright-core.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const root = resolve(__dirname, '../..');
export const artifacts = join(root, 'test/.tmp/browser');
export const CHROMIUM = process.env.LOSSYML_CHROMIUM ?? '/usr/bin/chromium';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareLab } = require(join(root, 'scripts/lab/prepare.js')) as { prepareLab: () => void };

export { prepareLab };

/**
 * The folder holding kernels/tslab: the repository's jupyter-config when the kernelspec and
 * tslab are installed there, else a kernelspec written into test/.tmp for a tslab installed
 * into test/.tmp/tslab.
 */
export function kernelPath(): string {
  if (existsSync(join(root, 'jupyter-config/kernels/tslab/kernel.json')) && existsSync(join(root, 'node_modules/tslab/bin/tslab'))) {
    return join(root, 'jupyter-config');
  }
  const tslab = join(root, 'test/.tmp/tslab/node_modules/tslab/bin/tslab');
  if (!existsSync(tslab)) {
    // Until the repository pins tslab itself: the version the notebook displays were tested with.
    mkdirSync(join(root, 'test/.tmp/tslab'), { recursive: true });
    writeFileSync(join(root, 'test/.tmp/tslab/package.json'), '{"private": true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', 'tslab@1.0.22'], { cwd: join(root, 'test/.tmp/tslab'), stdio: 'inherit' });
  }
  const dir = join(artifacts, 'jupyter-path');
  mkdirSync(join(dir, 'kernels/tslab'), { recursive: true });
  const spec = { argv: [process.execPath, tslab, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript', interrupt_mode: 'signal' };
  writeFileSync(join(dir, 'kernels/tslab/kernel.json'), JSON.stringify(spec, null, 1));
  return dir;
}

export interface Lab {
  url: string;
  log: string[];
  /** The server's process id (its kernels are its child processes). */
  pid: number;
  stop(): Promise<void>;
}

function fresh(name: string): string {
  const dir = join(artifacts, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Starts the server on a free loopback port, serving `notebookDir`; resolves once it answers. */
export interface LabOptions {
  stock?: boolean;
  env?: NodeJS.ProcessEnv;
  /** User settings the lab starts with: {"@jupyterlab/apputils-extension:themes": {theme: "JupyterLab Dark"}}. */
  settings?: { [plugin: string]: object };
}

export async function startLab(notebookDir: string, options: LabOptions = {}): Promise<Lab> {
  mkdirSync(notebookDir, { recursive: true });
  const userSettings = fresh('user-settings');
  for (const [plugin, values] of Object.entries(options.settings ?? {})) {
    const [pkg, name] = plugin.split(':');
    mkdirSync(join(userSettings, pkg), { recursive: true });
    writeFileSync(join(userSettings, pkg, `${name}.jupyterlab-settings`), JSON.stringify(values));
  }
  const port = await freePort();
  const token = 'lossyml-browser-test';
  const args = [
    join(root, 'scripts/lab/lossyml_lab.py'),
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${notebookDir}`,
    '--ServerApp.open_browser=False',
    '--ServerApp.allow_root=True',
    // Fresh settings and workspaces each run: a theme or layout chosen in one run must not leak into the next.
    `--LossymlLab.user_settings_dir=${userSettings}`,
    `--LossymlLab.workspaces_dir=${fresh('workspaces')}`,
    ...(options.stock ? ['--LossymlLab.stock=True'] : []),
  ];
  const env = { ...process.env, JUPYTER_PATH: kernelPath(), JUPYTER_DATA_DIR: join(artifacts, 'jupyter-data'), JUPYTER_RUNTIME_DIR: join(artifacts, 'jupyter-runtime'), ...options.env };
  const child: ChildProcess = spawn('/usr/bin/python3', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lab server exited (${child.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`lab server did not answer within 60 s:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `${base}/lab?token=${token}`,
    log,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** The process ids of a process's descendants (a lab server's kernels), deepest last. */
export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // ps exits 1 when there are none
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** Pauses (SIGSTOP) or resumes (SIGCONT) processes: a lab's kernels, from `descendants(lab.pid)`. */
export function signalAll(pids: number[], signal: 'SIGSTOP' | 'SIGCONT'): void {
  if (pids.length === 0) throw new Error('no kernel process to pause or resume');
  for (const p of pids) process.kill(p, signal);
}

/**
 * Console messages known to be harmless with Debian's jupyter_server 1.23
 * (../shared/jupyterlab-notes.md): no /api/me and no /api/events/subscribe websocket.
 */
const KNOWN = [
  /\/api\/me\b/,
  /\/api\/events\/subscribe/,
  /Failed to load resource: the server responded with a status of 404 \(Not Found\)/,
];

export interface ConsoleLog {
  errors: string[];
  unexpected(): string[];
}

/** Collects console errors and uncaught page errors; `unexpected()` drops the known ones. */
export function watchConsole(page: Page): ConsoleLog {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e.message}`));
  return { errors, unexpected: () => errors.filter((e) => !KNOWN.some((k) => k.test(e))) };
}

/** Loads the app and waits until its plugins have started. */
export async function openLab(page: Page, lab: Lab, expect: 'lossyml' | 'stock'): Promise<void> {
  await page.goto(lab.url);
  await page.waitForFunction((mode) => document.body.dataset.lossymlLab === mode, expect, { timeout: 60000 });
}

/** Opens a notebook on its kernel and waits until the kernel is idle. */
export async function openNotebook(page: Page, path: string): Promise<void> {
  await page.evaluate(async (p) => {
    const app = (window as unknown as { jupyterapp: { commands: { execute(id: string, args?: object): Promise<unknown> } } }).jupyterapp;
    await app.commands.execute('docmanager:open', { path: p, factory: 'Notebook' });
  }, path);
  await page.waitForFunction(
    () => {
      const app = (window as unknown as { jupyterapp: { shell: { currentWidget: { sessionContext?: { session?: { kernel?: { status: string } } } } | null } } }).jupyterapp;
      return app.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle';
    },
    undefined,
    { timeout: 60000, polling: 250 },
  );
}

/** Saves the notebook in the current tab (with its outputs). */
export async function saveNotebook(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const app = (window as unknown as { jupyterapp: { shell: { currentWidget: { context: { save(): Promise<void> } } } } }).jupyterapp;
    await app.shell.currentWidget.context.save();
  });
}

export async function runAllCells(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const app = (window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }).jupyterapp;
    void app.commands.execute('notebook:run-all-cells');
  });
}
