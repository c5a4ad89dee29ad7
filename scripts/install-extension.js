#!/usr/bin/env node
// `npm run install-extension`: builds the prebuilt (federated) JupyterLab extension
// (extension/labextension, with @jupyter/builder and @jupyterlab/core-meta's core package
// file) when it is stale, and copies it with its install.json into
// <JUPYTER_DATA_DIR, or the per-user Jupyter data folder>/labextensions/@lossyml/jupyterlab/,
// where any JupyterLab 4 (pip-installed too) finds it. No Python, pip or jupyter command needed.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ext = path.join(root, 'extension');
const NAME = '@lossyml/jupyterlab';

/** Jupyter's per-user data folder, as jupyter_core's jupyter_data_dir() computes it. */
function jupyterDataDir(env = process.env) {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(env.APPDATA || path.join(os.homedir(), 'AppData', 'Roaming'), 'jupyter');
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((t, f) => Math.max(t, newest(path.join(p, f))), st.mtimeMs);
}

function buildIfStale() {
  const built = path.join(ext, 'labextension', 'package.json');
  const inputs = ['src', 'style', 'package.json'].map((f) => path.join(ext, f)).concat(path.join(root, 'sdk', 'src', 'display'));
  if (fs.existsSync(built) && newest(built) > Math.max(...inputs.map(newest)) && !process.argv.includes('--force')) return;
  console.log('install-extension: building the prebuilt extension (extension/labextension)');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b', 'sdk', 'extension'], { cwd: root, stdio: 'inherit' });
  const builder = require.resolve('@jupyter/builder/lib/build-labextension.js', { paths: [root] });
  const core = require.resolve('@jupyterlab/core-meta/core.package.json', { paths: [root] });
  execFileSync(process.execPath, [builder, '--core-package-file', core, '.'], { cwd: ext, stdio: 'inherit' });
}

function main() {
  buildIfStale();
  const target = path.join(jupyterDataDir(), 'labextensions', ...NAME.split('/'));
  // Replace, never merge: a stale remoteEntry.<hash>.js beside the new one would confuse JupyterLab.
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(path.join(ext, 'labextension'), staging, { recursive: true });
  fs.copyFileSync(path.join(root, 'jupyter-config', 'labextension', 'install.json'), path.join(staging, 'install.json'));
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  console.log(`install-extension: ${NAME} installed in ${target}`);
}

main();
