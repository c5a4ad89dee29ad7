// Resolves a command's INPUT: a data file (.csv, .csv.gz, .npy) or the name of a registered
// dataset (`lossyml datasets` lists them). A path that exists always wins over a name.

import * as fs from 'node:fs';
import type { Dataset } from '../data/dataset';
import { listDatasets, loadDataset, readCsv, readNpyDataset } from '../data';
import { UsageError } from '../util/errors';

export async function readInput(command: string, input: string, target: string | undefined): Promise<Dataset> {
  if (fs.existsSync(input)) {
    const lower = input.toLowerCase();
    if (lower.endsWith('.csv') || lower.endsWith('.csv.gz')) return readCsv(input, { target });
    if (lower.endsWith('.npy')) {
      if (target !== undefined) throw new UsageError(`${command}: --target: a .npy file has no named columns; use a CSV to keep a target`);
      return readNpyDataset(input);
    }
    throw new UsageError(`${command}: INPUT ${JSON.stringify(input)}: unknown file type; expected .csv, .csv.gz or .npy`);
  }
  const names = listDatasets().map((d) => d.name);
  if (names.includes(input)) {
    if (target !== undefined) throw new UsageError(`${command}: --target: dataset ${input} has its own target; --target is for files`);
    return loadDataset(input);
  }
  throw new UsageError(`${command}: INPUT ${JSON.stringify(input)} is neither an existing file nor a dataset name (${names.join(', ')})`);
}
