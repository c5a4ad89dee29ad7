import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOSSYML_VERSION } from '@lossyml/sdk';

test('the version written into containers is the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'sdk', 'package.json'), 'utf8'));
  expect(LOSSYML_VERSION).toBe(pkg.version);
});
