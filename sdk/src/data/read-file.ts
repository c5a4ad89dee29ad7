// Reads a whole data file into memory, with the one error message every whole-table reader gives.

import * as fs from 'node:fs';
import { DataError } from '../util/errors';

/** Node reads at most 2 GiB into one buffer (ERR_FS_FILE_TOO_LARGE past that). */
const MAX_READ = 2 ** 31 - 1;

/** The file's bytes; a missing, unreadable or too large file is a DataError naming it. */
export async function readWholeFile(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_FS_FILE_TOO_LARGE' || e.code === 'ERR_STRING_TOO_LONG') {
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
      const gb = size === undefined ? 'over 2' : (size / 1e9).toFixed(1);
      throw new DataError(
        `cannot read ${file} whole: it is ${gb} GB and one read holds at most ${(MAX_READ / 1e9).toFixed(1)} GB; ` +
          'compress it by chunks, which streams it (lossyml compress --chunk-rows N, or the SDK\'s streaming sources)',
      );
    }
    throw new DataError(`cannot read ${file}: ${e.code ?? e.message}`);
  }
}
