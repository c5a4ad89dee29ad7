// `lossyml datasets [--json]`: the registry, and what is available on this machine.

import { listDatasets } from '../../data';
import { formatTable } from '../../display/text-table';
import { parse } from '../args';
import type { Io } from '../io';

export const summary = 'list the registered datasets and where each is available';

export const help = `lossyml datasets [--json]
  Lists the registered datasets (the paper's, real UCI tables, synthetic generators) and
  whether each is available here (LOSSYML_DATA_DIR, the cache) or must be downloaded.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('datasets', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: 'no arguments' });
  if (values.help) return io.out(help), 0;
  const infos = listDatasets();
  if (values.json) {
    io.out(JSON.stringify(infos, null, 2));
    return 0;
  }
  const rows = infos.map((d) => [d.name, d.task, d.shape ? `${d.shape[0]} x ${d.shape[1]}` : '-', d.target ?? '-', d.availability]);
  io.out(formatTable(['name', 'task', 'rows x features', 'target', 'available'], rows));
  return 0;
}
