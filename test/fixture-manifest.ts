// The manifest.json of a committed fixture folder, for the tests that guard those fixtures
// (test/fixtures/chunked, test/fixtures/sz-wide).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NormalizedConfig } from '@lossyml/sdk';

/** What every manifest entry records; a folder's entries may record more. */
export interface FixtureEntry {
  file: string;
  format: number;
  config: NormalizedConfig;
  dtype: 'float64' | 'float32';
  inputSha256: string;
  restoredSha256: string;
}

export function readManifest<E extends FixtureEntry>(dir: string): E[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).fixtures;
}

/** The files of `dir` whose names end in `ext` (the fixtures themselves), sorted. */
export function fixtureFiles(dir: string, ext: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
}
