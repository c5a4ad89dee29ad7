import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOSSYML_VERSION } from '@lossyml/sdk';

test('the version written into containers is the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'sdk', 'package.json'), 'utf8'));
  expect(LOSSYML_VERSION).toBe(pkg.version);
});

test('the installed bin shim runs the built command (npm test builds first)', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const shim = path.join(__dirname, '..', '..', 'sdk', 'bin', 'lossyml.js');
  const out = execFileSync(process.execPath, [shim, '--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(out.trim()).toBe(LOSSYML_VERSION);
});
