// `@lossyml/sdk/display` is what the JupyterLab extension's browser bundle imports: it must
// bundle for the browser without Node built-ins or the sdk's dependencies, from the package as
// npm publishes it (npm pack), through the `exports` map. The package root must not (it reads
// files and spawns workers), which shows the check can fail.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';

const root = resolve(__dirname, '../..');
let work: string;

beforeAll(() => {
  // The tarball holds dist/, built by `npm run build` before the tests run.
  expect(existsSync(join(root, 'sdk/dist/display/index.js'))).toBe(true);
  work = mkdtempSync(join(tmpdir(), 'lossyml-browser-entry-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: join(root, 'sdk'), encoding: 'utf8' });
  const tarball = join(work, out.trim().split('\n').pop() as string);
  const pkg = join(work, 'node_modules/@lossyml/sdk');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', pkg, '--strip-components=1']);
  writeFileSync(join(work, 'display-entry.js'), "module.exports = require('@lossyml/sdk/display');\n");
  writeFileSync(join(work, 'root-entry.js'), "module.exports = require('@lossyml/sdk');\n");
}, 120000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function bundle(entry: string) {
  // Only the unpacked package sits in node_modules: any import of a dependency (tfjs, vega) or
  // of a Node built-in fails to resolve for platform 'browser'.
  return build({ entryPoints: [join(work, entry)], absWorkingDir: work, bundle: true, platform: 'browser', format: 'iife', globalName: 'lossymlDisplay', write: false, logLevel: 'silent' });
}

test('the packed sdk declares the root and the display subpath in its exports map', () => {
  const pkg = JSON.parse(readFileSync(join(work, 'node_modules/@lossyml/sdk/package.json'), 'utf8'));
  expect(Object.keys(pkg.exports)).toEqual(['.', './display', './package.json']);
  expect(existsSync(join(work, 'node_modules/@lossyml/sdk', pkg.exports['./display'].default))).toBe(true);
  expect(existsSync(join(work, 'node_modules/@lossyml/sdk', pkg.exports['./display'].types))).toBe(true);
});

test('@lossyml/sdk/display bundles for the browser and runs without Node', async () => {
  const result = await bundle('display-entry.js');
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0].text;
  expect(code).not.toMatch(/require\(["'](node:)?(fs|zlib|worker_threads|path|os|child_process)["']\)/);
  // A context with no require, process or Buffer: what a browser page offers.
  const sandbox: { lossymlDisplay?: Record<string, unknown> } = {};
  runInNewContext(code, sandbox);
  const display = sandbox.lossymlDisplay as Record<string, unknown>;
  expect(display.FRONT_MIME).toBe('application/vnd.lossyml.front+json');
  expect(display.TABLE_MIME).toBe('application/vnd.lossyml.table+json');
  expect(typeof display.formatNumber).toBe('function');
  // The spec builders run in the bundle: a one-record front gives a vega-lite spec holding it.
  const front = {
    version: 1, app: 'demo', metric: 'r2', higherIsBetter: true, status: 'done', frontByRatio: ['a'], frontByThroughput: [], flags: [],
    records: [{ key: 'a', app: 'demo', method: 'sz-rel', config: { id: 'sz-rel', bound: 0.01 }, seed: 0, quality: 0.9, metric: 'r2', higherIsBetter: true, compressionRatio: 12, seconds: {} }],
  };
  const spec = (display.frontRatioSpec as (f: unknown) => { $schema: string; data: { values: { key: string; ratio: number }[] } })(front);
  expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
  expect(spec.data.values.map((r) => [r.key, r.ratio])).toEqual([['a', 12]]);
  expect(typeof display.methodCurvesSpec).toBe('function');
  // The Node-only SVG renderer (sdk/src/display/svg.ts) stays out of the browser entry.
  expect(display.renderSvg).toBeUndefined();
});

test('the package root does not bundle for the browser (it needs Node), so the check above can fail', async () => {
  await expect(bundle('root-entry.js')).rejects.toThrow(/Could not resolve/);
});
