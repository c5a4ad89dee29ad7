// `lossyml reducers [--json]`: every method with its family, parameter, options and layouts.

import { formatTable } from '../../display/text-table';
import { listReducers } from '../../reducers/registry';
import type { ParamSpec } from '../../reducers/types';
import { parse } from '../args';
import type { Io } from '../io';

export const summary = 'list every data-reduction method and its parameter';

export const help = `lossyml reducers [--json]
  List every data-reduction method: id, family, the parameter a sweep varies (range, scale,
  which direction is lossier), options and layouts. --json prints a JSON array.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('reducers', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: 'no arguments' });
  if (values.help) return io.out(help), 0;
  const infos = listReducers();
  if (values.json) {
    io.out(JSON.stringify(infos, null, 2));
    return 0;
  }
  const rows = infos.map((r) => [
    r.id,
    r.family,
    r.param ? describeParam(r.param) : '-',
    [...(r.settings ?? []).map((s) => `${s.name}=${s.default}`), ...(r.options ?? []).map((o) => `${o.name}: ${o.values.join('|')} (${o.default})`)].join('; ') || '-',
    r.layouts.join(', '),
    r.paper ? 'yes' : 'extra',
  ]);
  io.out(formatTable(['id', 'family', 'parameter', 'settings / options', 'layouts', 'paper'], rows));
  return 0;
}

function describeParam(p: ParamSpec): string {
  const lossier = p.lossier === 'none' ? 'lossless' : `lossier when ${p.lossier}`;
  return `--${p.name} ${p.min}..${p.max} (${p.scale}${p.integer ? ', integer' : ''}, default ${p.default}, ${lossier})`;
}
