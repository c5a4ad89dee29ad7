// `lossyml decompress IN.lml -o OUT.csv|OUT.npy`: restore a container. A CSV keeps the header,
// the column order and the exact target column in its original position; a .npy holds the
// restored feature matrix (rows x features, C order) only.

import { decodeDataset } from '../../container/pipeline';
import { writeCsv, writeNpyDataset } from '../../data';
import { UsageError } from '../../util/errors';
import { parse } from '../args';
import { checkInputFile, readInputFile } from '../input';
import type { Io } from '../io';
import { checkOutput, forceFlag, type OutputCheck, writeOutput } from '../output';

export const summary = 'restore a container to .csv or .npy';

export const help = `lossyml decompress IN.lml -o OUT.csv|OUT.csv.gz|OUT.npy [--force]
  Restores the features (and the exact target, in a CSV) from a container.
  An existing OUT is replaced only with --force, never when it is IN.lml.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('decompress', argv, { output: { type: 'string', short: 'o' }, ...forceFlag }, { min: 1, max: 1, names: 'one IN.lml' });
  if (values.help) return io.out(help), 0;
  const output = values.output;
  if (typeof output !== 'string') throw new UsageError('decompress: -o OUT.csv or OUT.npy is required');
  const lower = output.toLowerCase();
  const kind = lower.endsWith('.csv') || lower.endsWith('.csv.gz') ? 'csv' : lower.endsWith('.npy') ? 'npy' : null;
  if (!kind) throw new UsageError(`decompress: -o ${JSON.stringify(output)}: expected a .csv, .csv.gz or .npy file name`);
  const input = positionals[0];
  const safety: OutputCheck = { command: 'decompress', flag: '-o', inputs: [input], force: values.force === true };
  checkInputFile('decompress', 'IN.lml', input);
  checkOutput(output, safety);
  const bytes = readInputFile('decompress', 'IN.lml', input);
  const { dataset, header } = await decodeDataset(bytes, input);
  await writeOutput(output, safety, (file) => (kind === 'csv' ? writeCsv(dataset, file) : writeNpyDataset(dataset, file)));
  const note = kind === 'npy' && header.target ? ` (target ${header.target.name} not written: .npy holds the features only)` : '';
  io.out(`${output}: ${dataset.nRows} rows x ${dataset.nCols} features restored with ${header.config.id}${note}`);
  return 0;
}
