// Where worker scripts are found: compiled JavaScript beside the module, mapped from sdk/src
// to sdk/dist when running TypeScript sources, with a clear error when it was never built.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UnavailableError } from '@lossyml/sdk';
import { checkWorkerCount, compiledWorkerPath } from '@lossyml/sdk/util/workers';

describe('compiledWorkerPath', () => {
  test('maps a TypeScript source in sdk/src to the compiled file in sdk/dist', () => {
    const src = path.resolve(__dirname, '..', '..', 'sdk', 'src', 'models', 'forest', 'forest.ts');
    const expected = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'models', 'forest', 'forestWorker.js');
    if (!fs.existsSync(expected)) throw new Error(`build the SDK first (npm run build): ${expected} is missing`);
    expect(compiledWorkerPath(src, 'forestWorker')).toBe(expected);
  });

  test('a compiled caller finds the worker beside itself', () => {
    const js = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'models', 'forest', 'forest.js');
    expect(compiledWorkerPath(js, 'forestWorker')).toBe(path.join(path.dirname(js), 'forestWorker.js'));
  });

  test('a missing compiled worker says to run the build', () => {
    const src = path.resolve(__dirname, '..', '..', 'sdk', 'src', 'models', 'forest', 'forest.ts');
    expect(() => compiledWorkerPath(src, 'noSuchWorker')).toThrow(UnavailableError);
    expect(() => compiledWorkerPath(src, 'noSuchWorker')).toThrow(/npm run build/);
  });

  test('worker counts are validated; undefined means one per core', () => {
    expect(checkWorkerCount('workers', undefined)).toBeGreaterThanOrEqual(1);
    expect(checkWorkerCount('workers', 0)).toBe(0);
    expect(() => checkWorkerCount('forest workers', 1.5)).toThrow(/forest workers: got 1.5/);
  });
});
