// Executes every notebook in notebooks/ with Debian's nbconvert on the tslab kernel in quick
// mode (LOSSYML_QUICK=1), with the kernelspec installed by `npm run install-kernel` into a
// temporary JUPYTER_DATA_DIR, then reads the executed notebooks: no cell error, and every
// figure's bundle carries its fallbacks and numbers that make sense.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FRONT_MIME, TABLE_MIME, VEGALITE_MIME, bundleProblems, displays, joined, outputs, readNotebook, stdout, type Notebook,
} from './bundles';

const ROOT = path.resolve(__dirname, '..', '..');
const NB_DIR = path.join(ROOT, 'notebooks');
const PYTHON = '/usr/bin/python3';
const NOTEBOOKS = fs.readdirSync(NB_DIR).filter((f) => f.endsWith('.ipynb')).sort();

/** What each notebook must show, beyond the checks every notebook gets. */
const EXPECT: { [name: string]: { fronts?: number; tables?: number; figures?: number; stdout?: RegExp[] } } = {
  '01-quick-start': { fronts: 1, tables: 1, figures: 2, stdout: [/ratio [0-9.]+; largest error [0-9.e+-]+ of a column's range \(bound 0.001\)/, /sweep done: \d+ records/, /This run: /] },
  '02-fig2-candidate-points': { fronts: 1, tables: 1, figures: 4, stdout: [/sweep done/, /largest step between neighbours/] },
  '03-fig3-pareto-fronts': { fronts: 2, tables: 2, figures: 2, stdout: [/This run: methods on the 2 fronts, by family/] },
  '04-fig4-value-ranges': { figures: 2, stdout: [/This run, nt3-sim: \d+ of 2000 columns are constant/] },
  '05-tables-v-vi-speedup': { stdout: [/This run, nt3-sim at bound/, /This run, ptychonn-sim at bound/] },
  '06-columns-vs-matrix': { figures: 1, stdout: [/This run, columns: best ratio within 1%/, /This run, matrix: /] },
  '07-error-bounds': { figures: 3, stdout: [/of 81 columns have an error above 10% of their own range/, /loses at most 1% down to precision \d+ \(ratio [\d.]+, loss -?[\d.]+%\), and [\d.]+% at precision/, /sample-wor fraction 0.25/] },
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-notebooks-'));
const env = {
  ...process.env,
  LOSSYML_QUICK: '1',
  LOSSYML_RUNS_DIR: path.join(tmp, 'runs'),
  JUPYTER_DATA_DIR: path.join(tmp, 'data'),
  JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
  JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
  // only the kernelspec installed here: no system or user kernels
  JUPYTER_PATH: path.join(tmp, 'data'),
  JUPYTER_PLATFORM_DIRS: '0',
};
const results = new Map<string, { code: number | null; log: string; seconds: number }>();

function nbconvert(file: string, outDir: string, extra: string[] = []): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    const args = ['-m', 'nbconvert', '--to', 'notebook', '--execute', file, '--output-dir', outDir,
      '--ExecutePreprocessor.timeout=900', '--ExecutePreprocessor.kernel_name=tslab', ...extra];
    const child = spawn(PYTHON, args, { cwd: NB_DIR, env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => resolve({ code, log }));
  });
}

async function execute(file: string): Promise<void> {
  const t0 = Date.now();
  const name = file.replace(/\.ipynb$/, '');
  const { code, log } = await nbconvert(file, path.join(tmp, 'out'));
  let diagnosis = '';
  if (code !== 0) {
    // tslab reports a failed cell on stderr, which nbconvert's error leaves out: run it again
    // letting errors through, and keep what each cell wrote to stderr.
    await nbconvert(file, path.join(tmp, 'diagnosis'), ['--allow-errors']);
    const diag = path.join(tmp, 'diagnosis', file);
    if (fs.existsSync(diag)) {
      diagnosis = readNotebook(diag).cells
        .map((c) => (c.outputs ?? []).filter((o) => o.name === 'stderr').map((o) => `cell ${c.id}: ${joined(o.text)}`).join(''))
        .filter((t) => t)
        .join('\n');
    }
  }
  results.set(name, { code, log: diagnosis ? `stderr of the cells:\n${diagnosis}\n\nnbconvert:\n${log.slice(-2000)}` : log, seconds: (Date.now() - t0) / 1000 });
}

beforeAll(async () => {
  const install = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'install-kernel.js')], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`install-kernel failed: ${install.stderr}`);
  // Two at a time: each kernel is mostly one thread.
  const queue = NOTEBOOKS.slice();
  await Promise.all([0, 1].map(async () => {
    for (let f = queue.shift(); f; f = queue.shift()) await execute(f);
  }));
  const times = [...results].map(([n, r]) => `${n} ${r.seconds.toFixed(0)} s`).join(', ');
  console.log(`notebooks executed in quick mode: ${times}`);
}, 30 * 60 * 1000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('install-kernel honours JUPYTER_DATA_DIR and jupyter finds the tslab kernel there', () => {
  const list = spawnSync(PYTHON, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json'], { env, encoding: 'utf8' });
  expect(list.status).toBe(0);
  const specs = JSON.parse(list.stdout).kernelspecs;
  expect(Object.keys(specs)).toEqual(['tslab']);
  expect(specs.tslab.resource_dir).toBe(path.join(tmp, 'data', 'kernels', 'tslab'));
  expect(specs.tslab.spec.argv.slice(1)).toEqual([path.join(ROOT, 'node_modules', 'tslab', 'bin', 'tslab'), 'kernel', '--config-path', '{connection_file}']);
  expect(specs.tslab.spec.language).toBe('typescript');
});

test('there are notebooks, each committed without outputs and with tslab kernelspec metadata', () => {
  expect(NOTEBOOKS.length).toBeGreaterThanOrEqual(Object.keys(EXPECT).length);
  for (const f of NOTEBOOKS) {
    const nb = readNotebook(path.join(NB_DIR, f));
    expect(nb.metadata.kernelspec).toEqual({ display_name: 'TypeScript', language: 'typescript', name: 'tslab' });
    expect(outputs(nb)).toEqual([]);
  }
});

test('the committed notebooks are what notebooks/build.js makes from notebooks/src', () => {
  const check = spawnSync(process.execPath, [path.join(NB_DIR, 'build.js'), '--check'], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

describe.each(NOTEBOOKS.map((f) => f.replace(/\.ipynb$/, '')))('%s', (name) => {
  let nb: Notebook;
  beforeAll(() => {
    const r = results.get(name);
    if (!r) throw new Error(`${name} was not executed`);
    if (r.code !== 0) throw new Error(`nbconvert failed on ${name} (exit ${r.code}):\n${r.log.slice(0, 6000)}`);
    nb = readNotebook(path.join(tmp, 'out', `${name}.ipynb`));
  });

  test('runs top to bottom without a cell error', () => {
    const errors = outputs(nb).filter((o) => o.output_type === 'error');
    expect(errors.map((e) => `${e.ename}: ${e.evalue}`)).toEqual([]);
    const stderr = outputs(nb).filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => joined(o.text));
    expect(stderr.filter((t) => /Error|Unhandled|at .*\(/.test(t))).toEqual([]);
    for (const c of nb.cells.filter((c) => c.cell_type === 'code')) expect(c.outputs).toBeDefined();
  });

  test('every display carries its fallbacks and numbers that make sense', () => {
    const ds = displays(nb);
    expect(ds.length).toBeGreaterThan(0);
    ds.forEach((d, i) => expect({ display: i, mimes: Object.keys(d).sort(), problems: bundleProblems(d) }).toEqual({ display: i, mimes: Object.keys(d).sort(), problems: [] }));
  });

  const want = EXPECT[name] ?? {};
  test('shows what the notebook is about', () => {
    const ds = displays(nb);
    expect(ds.filter((d) => FRONT_MIME in d).length).toBeGreaterThanOrEqual(want.fronts ?? 0);
    expect(ds.filter((d) => TABLE_MIME in d).length).toBeGreaterThanOrEqual(want.tables ?? 0);
    expect(ds.filter((d) => VEGALITE_MIME in d).length).toBeGreaterThanOrEqual(want.figures ?? 0);
    for (const re of want.stdout ?? []) expect(stdout(nb)).toMatch(re);
  });
});
