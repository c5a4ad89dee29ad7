#!/usr/bin/env node
// Compiles the SDK's WebAssembly kernels: each sdk/assembly/<name>.ts that is not a shared
// module (those start with "_") becomes sdk/wasm/<name>.wasm. The kernels are AssemblyScript
// (TypeScript's syntax with WebAssembly's types: f64, i32, raw loads and stores), compiled by
// the assemblyscript package, which is JavaScript and WebAssembly only (no install step).
// A kernel is rebuilt when it or any shared module is newer than its output, so `npm run
// build` costs nothing when they are unchanged. The flags are fixed: the same sources give
// the same bytes.

'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'assembly');
const out = path.join(root, 'wasm');
const asc = require.resolve('assemblyscript/bin/asc.js');

// -O3 with the stub runtime (the kernels allocate nothing: the caller lays out the memory),
// no assertions, and the memory exported for the caller's views.
const FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];

const files = fs.readdirSync(src).filter((f) => f.endsWith('.ts') && f !== 'index.d.ts');
const shared = files.filter((f) => f.startsWith('_'));
const newestShared = Math.max(fs.statSync(__filename).mtimeMs, ...shared.map((f) => fs.statSync(path.join(src, f)).mtimeMs));
fs.mkdirSync(out, { recursive: true });
let failed = false;
for (const f of files.filter((g) => !g.startsWith('_'))) {
  const input = path.join(src, f);
  const output = path.join(out, f.replace(/\.ts$/, '.wasm'));
  const since = Math.max(newestShared, fs.statSync(input).mtimeMs);
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs > since) continue;
  // Written beside the output and renamed, so an interrupted build leaves no half-written kernel.
  const partial = `${output}.partial`;
  const r = spawnSync(process.execPath, [asc, input, ...FLAGS, '--outFile', partial], { stdio: 'inherit' });
  if (r.status !== 0) {
    fs.rmSync(partial, { force: true });
    console.error(`build-wasm: compiling sdk/assembly/${f} failed`);
    failed = true;
    continue;
  }
  fs.renameSync(partial, output);
}
process.exit(failed ? 1 : 0);
