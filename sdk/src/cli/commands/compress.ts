// `lossyml compress INPUT -o OUT.lml --method ID [--PARAM X ...]`: reduce a table's features
// into a container. Parameter flags are not hard-coded: each method's own description (its
// ParamSpec and OptionSpec names) says which flags it takes.

import * as fs from 'node:fs';
import { encodeDataset } from '../../container/pipeline';
import { formatNumber } from '../../display/text-table';
import { getReducer, listReducers, normalizeConfig, reducerIds } from '../../reducers/registry';
import type { ReducerConfig } from '../../reducers/types';
import { LAYOUTS } from '../../reducers/types';
import { writeFileAtomic } from '../../util/atomic';
import { UsageError } from '../../util/errors';
import { type FlagSpec, numberFlag, oneOf, parse } from '../args';
import { readInput } from '../input';
import type { Io } from '../io';

export const summary = "reduce a table's features into a .lml container";

export const help = `lossyml compress INPUT -o OUT.lml --method ID [--bound X | --level L | --k K | --fraction F |
                  --precision P | --rate R | --psnr DB] [--layout columns|matrix] [--target NAME]
lossyml compress INPUT -o OUT.lml --config '{"id": "sz-rel", "bound": 1e-3, "layout": "columns"}'
  INPUT is a .csv/.csv.gz (with a header), a .npy, or a dataset name (lossyml datasets).
  --target NAME keeps that column exact (numbers or labels); the features are reduced.
  Each method takes its own flags: see lossyml reducers.`;

/** Every parameter, setting and option name any registered method takes, as string flags. */
function methodFlags(): FlagSpec {
  const flags: FlagSpec = {};
  for (const info of listReducers()) {
    for (const p of [...(info.param ? [info.param] : []), ...(info.settings ?? [])]) flags[p.name] = { type: 'string' };
    for (const o of info.options ?? []) flags[o.name] = { type: 'string' };
  }
  return flags;
}

export function configFromFlags(command: string, values: Record<string, string | boolean | undefined>): ReducerConfig {
  let config: ReducerConfig;
  if (typeof values.config === 'string') {
    try {
      config = JSON.parse(values.config);
    } catch (e) {
      throw new UsageError(`${command}: --config: not valid JSON (${(e as Error).message})`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new UsageError(`${command}: --config: expected a JSON object such as {"id": "zstd", "level": 3}`);
    }
    if (typeof values.method === 'string' && values.method !== config.id) {
      throw new UsageError(`${command}: --method ${values.method} disagrees with --config's id ${JSON.stringify(config.id)}`);
    }
  } else if (typeof values.method === 'string') {
    config = { id: values.method };
  } else {
    throw new UsageError(`${command}: --method ID (or --config JSON) is required; ids: ${reducerIds().join(', ')}`);
  }
  const info = getReducer(String(config.id)).info;
  const numeric = new Set([...(info.param ? [info.param.name] : []), ...(info.settings ?? []).map((s) => s.name)]);
  const options = new Set((info.options ?? []).map((o) => o.name));
  for (const name of Object.keys(methodFlags())) {
    const v = values[name];
    if (typeof v !== 'string') continue;
    if (numeric.has(name)) config[name] = numberFlag(command, name, v);
    else if (options.has(name)) config[name] = v;
    else {
      const takes = [...numeric, ...options].map((n) => `--${n}`).join(', ') || 'no parameters';
      throw new UsageError(`${command}: --${name} is not a parameter of ${info.id}; it takes ${takes}`);
    }
  }
  if (typeof values.layout === 'string') config.layout = oneOf(command, 'layout', values.layout, LAYOUTS);
  return config;
}

export function commonFlags(): FlagSpec {
  return { method: { type: 'string', short: 'm' }, config: { type: 'string' }, layout: { type: 'string' }, target: { type: 'string' }, ...methodFlags() };
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('compress', argv, { ...commonFlags(), output: { type: 'string', short: 'o' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'one INPUT' });
  if (values.help) return io.out(help), 0;
  const output = values.output;
  if (typeof output !== 'string') throw new UsageError('compress: -o OUT.lml is required');
  if (fs.existsSync(output) && fs.statSync(output).isDirectory()) throw new UsageError(`compress: -o ${output} is a directory`);
  // Validate the whole config before reading any data: cheap mistakes are reported first.
  const config = normalizeConfig(configFromFlags('compress', values));
  const ds = await readInput('compress', positionals[0], values.target as string | undefined);
  const { bytes, stats } = await encodeDataset(ds, config);
  await writeFileAtomic(output, bytes);
  if (values.json) {
    io.out(JSON.stringify({ output, ...stats, bytes: bytes.length }));
  } else {
    const mbps = stats.originalBytes / 1e6 / stats.encodeSeconds;
    io.out(
      `${output}: ${ds.nRows} x ${ds.nCols} ${ds.dtype} (${ds.source ?? ds.name}) -> ${bytes.length} bytes with ${JSON.stringify(stats.config)}\n` +
        `compression ratio ${formatNumber(stats.compressionRatio)} (features ${stats.originalBytes} bytes -> ${stats.storedBytes}), ${formatNumber(mbps)} MB/s\n` +
        `whole file ratio ${formatNumber(stats.fileRatio)} (target included)${stats.storedExactly > 0 ? `; ${stats.storedExactly} values the method could not represent stored exactly` : ''}`,
    );
  }
  return 0;
}
