#!/usr/bin/env node
// `npm run lab [-- options]`: a JupyterLab 4 with lossyml's renderers and the tslab kernel, on
// the notebooks folder, at http://127.0.0.1:8888/lab (loopback only). The front end is built
// from npm packages and served by Debian's jupyter-server and python3-jupyterlab-server
// (scripts/lab/). Options: --stock (without lossyml's renderers), --production (a smaller,
// slower-to-build bundle), --port N; anything else goes to jupyter_server.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { prepareLab } = require('./lab/prepare');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const production = take('--production');
const stock = take('--stock');
let port = '8888';
const p = args.indexOf('--port');
if (p >= 0) {
  port = args[p + 1];
  args.splice(p, 2);
  if (!/^\d+$/.test(port || '') || Number(port) < 1 || Number(port) > 65535) {
    console.error(`lab: --port: got ${JSON.stringify(port)}, expected an integer in [1, 65535]`);
    process.exit(2);
  }
}

const python = '/usr/bin/python3';
if (!fs.existsSync(python)) {
  console.error('lab: needs Debian\'s python3 with jupyter-server and python3-jupyterlab-server (bash scripts/setup.sh installs them)');
  process.exit(1);
}

prepareLab({ production });

// The tslab kernelspec: jupyter-config/kernels/tslab (npm run install-kernel installs it for
// the user too); JUPYTER_PATH makes it visible to this server without installing anything.
const jupyterPath = [path.join(root, 'jupyter-config'), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
const serverArgs = [
  path.join(__dirname, 'lab', 'lossyml_lab.py'),
  '--ServerApp.ip=127.0.0.1',
  `--ServerApp.port=${port}`,
  `--ServerApp.root_dir=${path.join(root, 'notebooks')}`,
  '--ServerApp.open_browser=False',
  ...(process.getuid && process.getuid() === 0 ? ['--ServerApp.allow_root=True'] : []),
  ...(stock ? ['--LossymlLab.stock=True'] : []),
  ...args,
];
const child = spawn(python, serverArgs, { stdio: 'inherit', env: { ...process.env, JUPYTER_PATH: jupyterPath } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
