// Makes the lab front end ready to serve, doing only what is stale: installs this folder's
// packages from its own lock (kept apart from the repository's workspaces, so `npm ci` at the
// root stays small), builds the sdk and the extension, then the front end (build.js skips an
// up-to-date build). Used by `npm run lab` and the browser test.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const root = path.resolve(here, '../..');

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

function prepareLab({ production = false } = {}) {
  const installed = path.join(here, 'node_modules', '.package-lock.json');
  const lock = path.join(here, 'package-lock.json');
  if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
    console.log('lab: installing the JupyterLab packages (scripts/lab/package-lock.json)');
    run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], here);
  }
  run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b', 'sdk', 'extension'], root);
  run(process.execPath, [path.join(here, 'build.js'), ...(production ? ['--production'] : [])], here);
}

module.exports = { prepareLab };
