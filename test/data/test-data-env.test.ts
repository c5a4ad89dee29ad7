// Where the tests take real data (test/setup-env.js): the SDK's order, with downloads off only
// when the shared data folder stands in, so that CI without a network never tries one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chooseTestData } = require('../setup-env.js') as { chooseTestData(env: Record<string, string | undefined>, shared: string): void };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-env-'));
const shared = path.join(tmp, 'shared', 'data');
fs.mkdirSync(shared, { recursive: true });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.each([
  ['LOSSYML_DATA_DIR set: kept, downloads as the user says', { LOSSYML_DATA_DIR: '/d' }, shared, { LOSSYML_DATA_DIR: '/d' }],
  ['LOSSYML_DATA_DIR set with LOSSYML_OFFLINE=1', { LOSSYML_DATA_DIR: '/d', LOSSYML_OFFLINE: '1' }, shared, { LOSSYML_DATA_DIR: '/d', LOSSYML_OFFLINE: '1' }],
  ['../shared/data present: used, downloads off', {}, shared, { LOSSYML_DATA_DIR: shared, LOSSYML_OFFLINE: '1' }],
  ['../shared/data present, LOSSYML_OFFLINE=0: downloads on', { LOSSYML_OFFLINE: '0' }, shared, { LOSSYML_DATA_DIR: shared, LOSSYML_OFFLINE: '0' }],
  ['a fresh clone (no ../shared/data): the cache, downloads on', {}, path.join(tmp, 'absent'), {}],
])('%s', (_, env: Record<string, string | undefined>, sharedDir, expected) => {
  const e = { ...env };
  chooseTestData(e, sharedDir);
  expect(e).toEqual(expected);
});
