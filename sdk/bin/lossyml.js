#!/usr/bin/env node
// The `lossyml` command. A committed shim, so npm can link it at install time, before the
// TypeScript has been compiled into dist/.
'use strict';
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main/.test(e.message)) {
    process.stderr.write('lossyml: the SDK is not built yet; run `npm run build` in the lossyml checkout first\n');
    process.exit(70);
  }
  throw e;
}
cli.runCli(process.argv.slice(2));
