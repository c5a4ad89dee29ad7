#!/usr/bin/env node
// Installs the tslab kernelspec (kernel name `tslab`) for the current user, without IPython or
// Python: `tslab install` shells out to IPython, which a Debian jupyter-client install lacks.
// The spec is jupyter-config/kernels/tslab/kernel.json with absolute paths to this Node and to
// this repository's tslab, written into $JUPYTER_DATA_DIR/kernels/tslab (or the platform's
// per-user Jupyter data folder when JUPYTER_DATA_DIR is unset).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const KERNEL_NAME = 'tslab';
const root = path.resolve(__dirname, '..');

/** Jupyter's per-user data folder, as jupyter_core's `jupyter_data_dir()` computes it. */
function jupyterDataDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (platform === 'win32') {
    const appData = env.APPDATA || path.join(home, 'AppData', 'Roaming');
    return path.join(appData, 'jupyter');
  }
  const xdg = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  return path.join(xdg, 'jupyter');
}

/** The installed spec: the committed one, with `node` and the tslab path made absolute. */
function kernelSpec(tslabBin, nodePath = process.execPath) {
  const committed = JSON.parse(fs.readFileSync(path.join(root, 'jupyter-config', 'kernels', KERNEL_NAME, 'kernel.json'), 'utf8'));
  const argv = committed.argv.slice();
  if (argv[0] !== 'node' || !String(argv[1]).endsWith('tslab/bin/tslab')) {
    throw new Error(`install-kernel: jupyter-config/kernels/${KERNEL_NAME}/kernel.json: argv must start with "node", <tslab bin>; got ${JSON.stringify(argv.slice(0, 2))}`);
  }
  argv[0] = nodePath;
  argv[1] = tslabBin;
  return { ...committed, argv };
}

function findTslab() {
  let pkg;
  try {
    pkg = require.resolve('tslab/package.json', { paths: [root] });
  } catch {
    throw new Error('install-kernel: tslab is not installed in this repository; run `npm ci` first');
  }
  return path.join(path.dirname(pkg), 'bin', 'tslab');
}

function install() {
  const dataDir = jupyterDataDir();
  const dir = path.join(dataDir, 'kernels', KERNEL_NAME);
  const spec = kernelSpec(findTslab());
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kernel.json');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return file;
}

if (require.main === module) {
  try {
    const file = install();
    console.log(`install-kernel: wrote ${file}`);
    console.log(`install-kernel: notebooks with kernelspec name "${KERNEL_NAME}" now start ${kernelSpec(findTslab()).argv.slice(0, 2).join(' ')}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

module.exports = { jupyterDataDir, kernelSpec, install, KERNEL_NAME };
