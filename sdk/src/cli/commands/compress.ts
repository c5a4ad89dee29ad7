// `lossyml compress INPUT -o OUT.lml --method ID [--PARAM X ...]`: reduce a table's features
// into a container. Parameter flags are not hard-coded: each method's own description (its
// ParamSpec and OptionSpec names) says which flags it takes.

import { compressChunked, openChunked } from '../../container/chunked';
import { encodeDataset } from '../../container/pipeline';
import { formatNumber } from '../../display/text-table';
import { getReducer, listReducers, normalizeConfig, reducerIds } from '../../reducers/registry';
import type { ReducerConfig } from '../../reducers/types';
import { LAYOUTS } from '../../reducers/types';
import { UsageError } from '../../util/errors';
import { type FlagSpec, numberFlag, oneOf, outOfDoubleRange, parse } from '../args';
import { describeMissing, readInput } from '../input';
import type { Io } from '../io';
import { checkOutput, forceFlag, type OutputCheck, writeOutputBytes } from '../output';

export const summary = "reduce a table's features into a .lml container";

export const help = `lossyml compress INPUT -o OUT.lml [--force] --method ID [--bound X | --level L | --k K | --fraction F |
                  --precision P | --rate R | --psnr DB] [--layout columns|matrix] [--target NAME]
lossyml compress INPUT -o OUT.lml --config '{"id": "sz-rel", "bound": 1e-3, "layout": "columns"}'
  INPUT is a .csv/.csv.gz (with a header), a .npy, or a dataset name (lossyml datasets).
  --target NAME keeps that column exact (numbers or labels); the features are reduced.
  An existing OUT is replaced only with --force, never when it is the INPUT.
  Each method takes its own flags: see lossyml reducers.
  --chunk-rows N and/or --workers W write a chunked container (rows in independent chunks of N,
  default about 4 MB of input each, coded on W worker threads, default one per core; not for
  the samplers or sz-psnr): decompress can then read any --rows A:B alone.`;

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
  const fromJson = typeof values.config === 'string';
  if (typeof values.config === 'string') {
    config = configFromJson(command, values.config);
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
  const set = (name: string, v: ReducerConfig[string]) => {
    if (fromJson && name in config) throw new UsageError(`${command}: --${name} and --config's "${name}" both set ${name}; give it in one place`);
    config[name] = v;
  };
  for (const name of Object.keys(methodFlags())) {
    const v = values[name];
    if (typeof v !== 'string') continue;
    if (numeric.has(name)) set(name, numberFlag(command, name, v));
    else if (options.has(name)) set(name, v);
    else {
      const takes = [...numeric, ...options].map((n) => `--${n}`).join(', ') || 'no parameters';
      throw new UsageError(`${command}: --${name} is not a parameter of ${info.id}; it takes ${takes}`);
    }
  }
  if (typeof values.layout === 'string') set('layout', oneOf(command, 'layout', values.layout, LAYOUTS));
  return config;
}

/** --config's JSON object: an "id", no null values, no number a double cannot hold as written. */
function configFromJson(command: string, text: string): ReducerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${command}: --config: not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${command}: --config: expected a JSON object such as {"id": "zstd", "level": 3}`);
  }
  const config = parsed as Record<string, unknown>;
  if (!('id' in config)) throw new UsageError(`${command}: --config has no "id"; give one of ${reducerIds().join(', ')}`);
  if (typeof config.id !== 'string') throw new UsageError(`${command}: --config: "id" is ${JSON.stringify(config.id)}, expected a string, one of ${reducerIds().join(', ')}`);
  for (const [key, v] of Object.entries(config)) {
    if (v === null) throw new UsageError(`${command}: --config: "${key}" is null; give a value, or leave the key out for the default`);
  }
  // JSON.parse reads 1e-400 as 0 and 1e400 as Infinity: refuse the text before it changes meaning.
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g)) {
    if (m[0].startsWith('"')) continue;
    const why = outOfDoubleRange(m[0], Number(m[0]));
    if (why) throw new UsageError(`${command}: --config: the number ${m[0]} ${why}`);
  }
  return config as ReducerConfig;
}

const chunkFlags = { 'chunk-rows': { type: 'string' as const }, workers: { type: 'string' as const } };

/** A non-negative integer flag, or undefined when absent (range checks are the SDK's). */
export function countFlag(command: string, flag: string, value: string | boolean | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = numberFlag(command, flag, value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, expected a whole number`);
  return n;
}

export function commonFlags(): FlagSpec {
  return { method: { type: 'string', short: 'm' }, config: { type: 'string' }, layout: { type: 'string' }, target: { type: 'string' }, ...methodFlags() };
}

export async function run(argv: string[], io: Io): Promise<number> {
  const flags = { ...commonFlags(), output: { type: 'string' as const, short: 'o' }, json: { type: 'boolean' as const }, ...forceFlag, ...chunkFlags };
  const { values, positionals } = parse('compress', argv, flags, { min: 1, max: 1, names: 'one INPUT' });
  if (values.help) return io.out(help), 0;
  const output = values.output;
  if (typeof output !== 'string') throw new UsageError('compress: -o OUT.lml is required');
  const safety: OutputCheck = { command: 'compress', flag: '-o', inputs: [positionals[0]], force: values.force === true };
  checkOutput(output, safety);
  // Validate the whole config before reading any data: cheap mistakes are reported first.
  const config = normalizeConfig(configFromFlags('compress', values));
  const ds = await readInput('compress', positionals[0], values.target as string | undefined);
  if (values['chunk-rows'] !== undefined || values.workers !== undefined) {
    const chunkRows = countFlag('compress', 'chunk-rows', values['chunk-rows']);
    const r = await compressChunked(ds, config, { chunkRows, workers: countFlag('compress', 'workers', values.workers) });
    await writeOutputBytes(output, safety, r.bytes);
    // Values stored exactly, summed over the chunks' headers.
    const storedExactly = (await (await openChunked(r.bytes)).summarize()).storedExactly;
    const summary = { output, config: r.header.config, chunks: r.chunks, chunkRows: r.header.chunkRows, originalBytes: r.originalBytes, bytes: r.fileBytes, fileRatio: r.originalBytes / r.fileBytes, storedExactly };
    io.out(values.json ? JSON.stringify(summary) : `${output}: ${ds.nRows} x ${ds.nCols} ${ds.dtype} -> ${r.fileBytes} bytes in ${r.chunks} chunks of ${r.header.chunkRows} rows with ${JSON.stringify(r.header.config)} (features ${r.originalBytes} bytes, ratio ${formatNumber(summary.fileRatio)} with the target)${storedExactly > 0 ? `; ${storedExactly} values the method could not represent stored exactly` : ''}`);
    return 0;
  }
  const { bytes, stats } = await encodeDataset(ds, config);
  await writeOutputBytes(output, safety, bytes);
  const missing = describeMissing(ds);
  if (values.json) {
    io.out(JSON.stringify({ output, ...stats, bytes: bytes.length, missing: ds.missing ?? { total: 0, byColumn: {} } }));
  } else {
    const mbps = stats.originalBytes / 1e6 / stats.encodeSeconds;
    io.out(
      `${output}: ${ds.nRows} x ${ds.nCols} ${ds.dtype} (${ds.source ?? ds.name}) -> ${bytes.length} bytes with ${JSON.stringify(stats.config)}\n` +
        `compression ratio ${formatNumber(stats.compressionRatio)} (features ${stats.originalBytes} bytes -> ${stats.storedBytes}), ${formatNumber(mbps)} MB/s\n` +
        `whole file ratio ${formatNumber(stats.fileRatio)} (target included)${stats.storedExactly > 0 ? `; ${stats.storedExactly} values the method could not represent stored exactly` : ''}` +
        (missing ? `\n${missing}` : ''),
    );
  }
  return 0;
}
