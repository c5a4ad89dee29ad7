// Real data for tests, found where the SDK finds it (test/setup-env.js says where). A test that
// cannot have its data fails with one message that names the dataset and how to get it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDatasets, loadDataset } from '@lossyml/sdk/data';

/** The file loadDataset reads for a dataset: local, or downloaded into the cache on first use. */
export async function dataFile(name: string): Promise<string> {
  const local = () => listDatasets().find((d) => d.name === name)?.local?.file;
  if (!local()) await loadDataset(name); // downloads when it may, else throws the SDK's UnavailableError
  return local()!;
}

/**
 * A specific documented copy (a partial or recompressed file of the shared data folder, whose
 * checksum a test pins): its path under LOSSYML_DATA_DIR, or one error saying how to get it.
 * These copies are not what a download gives, so no download stands in for them.
 */
export function documentedCopy(name: string, relative: string): string {
  const dir = process.env.LOSSYML_DATA_DIR;
  const file = dir ? path.join(dir, relative) : undefined;
  if (file && fs.existsSync(file)) return file;
  const about = listDatasets().find((d) => d.name === name);
  throw new Error(
    `this test checks the documented copy ${relative} of dataset ${name}, ` +
      `${dir ? `absent from LOSSYML_DATA_DIR (${dir})` : 'and LOSSYML_DATA_DIR is not set (nor is there a ../shared/data)'}; ` +
      `put the project's shared data folder at ../shared/data or point LOSSYML_DATA_DIR to it (source of the data: ${about?.source ?? 'unknown'})`,
  );
}
