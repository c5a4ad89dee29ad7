#!/usr/bin/env node
// Builds the lab front end into build/: `node build.js` (development, about 20 s) or
// `node build.js --production`. Skips the work when build/ is newer than every input
// (this folder's sources and lock, the extension's lib/ and the sdk's display dist); --force rebuilds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const root = path.resolve(here, '../..');
const production = process.argv.includes('--production');
const force = process.argv.includes('--force');
const stamp = path.join(here, 'build', '.stamp');

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const f of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, f)));
  return t;
}

const inputs = ['index.js', 'assets.js', 'rspack.config.js', 'package-lock.json', 'templates'].map((f) => path.join(here, f)).concat([path.join(root, 'extension/lib'), path.join(root, 'extension/style'), path.join(root, 'sdk/dist/display')]);
const mode = production ? 'production' : 'development';
if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === mode && fs.statSync(stamp).mtimeMs > Math.max(...inputs.map(newest))) {
  console.log(`lab: build/ is up to date (${mode})`);
  process.exit(0);
}

const { rspack } = require('@rspack/core');
const config = require('./rspack.config.js')({}, { mode });
config.mode = mode;
const started = Date.now();
rspack(config, (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err ? err.stack || String(err) : stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  fs.writeFileSync(stamp, mode);
  console.log(`lab: built build/ (${mode}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
