// `lossyml compress INPUT -o OUT.lml --method ID [--PARAM X ...]`: reduce a table's features
// into a container. Parameter flags are not hard-coded: each method's own description (its
// ParamSpec and OptionSpec names) says which flags it takes.

import * as fs from 'node:fs';
import { compressChunkedToFile, openChunked, RangeScanner } from '../../container/chunked';
import { needsRanges } from '../../container/chunked/anchors';
import { encodeDataset } from '../../container/pipeline';
import { formatNumber } from '../../display/text-table';
import { getReducer, listReducers, normalizeConfig, reducerIds } from '../../reducers/registry';
import type { ReducerConfig } from '../../reducers/types';
import { LAYOUTS } from '../../reducers/types';
import { UsageError } from '../../util/errors';
import { type FlagSpec, numberFlag, oneOf, outOfDoubleRange, parse } from '../args';
import { describeMissing, openInput, readInput, type RawLayout } from '../input';
import type { Io } from '../io';
import { checkOutput, forceFlag, type OutputCheck, writeOutput, writeOutputBytes } from '../output';

export const summary = "reduce a table's features into a .lml container";

export const help = `lossyml compress INPUT -o OUT.lml [--force] --method ID [--bound X | --level L | --k K | --fraction F |
                  --precision P | --rate R | --psnr DB] [--layout columns|matrix] [--target NAME]
lossyml compress INPUT -o OUT.lml --config '{"id": "sz-rel", "bound": 1e-3, "layout": "columns"}'
  INPUT is a .csv/.csv.gz (with a header), a .npy, a dataset name (lossyml datasets), or raw
  little-endian floats (.bin/.raw/.f32/.f64) with --shape ROWS,COLS [--dtype float32|float64]
  [--order C|F] (dtype defaults to the .f32/.f64 extension, order to C).
  --target NAME keeps that column exact (numbers or labels); the features are reduced.
  An existing OUT is replaced only with --force, never when it is the INPUT.
  Each method takes its own flags: see lossyml reducers.
  --chunk-rows N and/or --workers W write a chunked container (rows in independent chunks of N,
  default about 4 MB of input each, coded on W worker threads, default one per core; not for
  sz-psnr; a sampler picks its rows for the whole table, as in one piece, and the chunks hold
  the kept rows): decompress can then read any --rows A:B alone. A chunked compress
  of a file streams it: a .npy or raw file is read a chunk at a time, a CSV in pieces (after a
  first pass that counts its rows), and OUT is written chunk by chunk, so the table never has
  to fit in memory; OUT appears only when complete.`;

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
const rawFlags = { shape: { type: 'string' as const }, dtype: { type: 'string' as const }, order: { type: 'string' as const } };

/** --shape ROWS,COLS, --dtype and --order of a raw input; undefined when none is given. */
function rawLayout(input: string, values: Record<string, string | boolean | undefined>): RawLayout | undefined {
  const { shape, dtype, order } = values;
  if (shape === undefined && dtype === undefined && order === undefined) return undefined;
  if (typeof shape !== 'string') throw new UsageError('compress: --dtype and --order go with --shape ROWS,COLS (raw binary inputs)');
  const m = /^\s*(\d+)\s*[,x]\s*(\d+)\s*$/.exec(shape);
  if (!m) throw new UsageError(`compress: --shape: got ${JSON.stringify(shape)}, expected ROWS,COLS (whole numbers)`);
  const byExt = /\.f32$/i.test(input) ? 'float32' : /\.f64$/i.test(input) ? 'float64' : undefined;
  const dt = typeof dtype === 'string' ? oneOf('compress', 'dtype', dtype, ['float32', 'float64'] as const) : byExt;
  if (!dt) throw new UsageError('compress: --dtype float32|float64 is required for a raw .bin/.raw input');
  const ord = typeof order === 'string' ? oneOf('compress', 'order', order, ['C', 'F'] as const) : 'C';
  return { shape: [Number(m[1]), Number(m[2])], dtype: dt, order: ord };
}

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
  const flags = { ...commonFlags(), output: { type: 'string' as const, short: 'o' }, json: { type: 'boolean' as const }, ...forceFlag, ...chunkFlags, ...rawFlags };
  const { values, positionals } = parse('compress', argv, flags, { min: 1, max: 1, names: 'one INPUT' });
  if (values.help) return io.out(help), 0;
  const output = values.output;
  if (typeof output !== 'string') throw new UsageError('compress: -o OUT.lml is required');
  const safety: OutputCheck = { command: 'compress', flag: '-o', inputs: [positionals[0]], force: values.force === true };
  checkOutput(output, safety);
  // Validate the whole config before reading any data: cheap mistakes are reported first.
  const config = normalizeConfig(configFromFlags('compress', values));
  const raw = rawLayout(positionals[0], values) ?? null;
  if (values['chunk-rows'] !== undefined || values.workers !== undefined) {
    return compressStreaming(positionals[0], output, safety, config, values, raw, io);
  }
  const ds = await readInput('compress', positionals[0], values.target as string | undefined, raw);
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

/** Chunked mode: the input read block by block, the container written chunk by chunk. */
async function compressStreaming(input: string, output: string, safety: OutputCheck, config: ReturnType<typeof normalizeConfig>, values: Record<string, string | boolean | undefined>, raw: RawLayout | null, io: Io): Promise<number> {
  const chunkRows = countFlag('compress', 'chunk-rows', values['chunk-rows']);
  const workers = countFlag('compress', 'workers', values.workers);
  // A CSV's counting pass gathers the column ranges too, so sz-rel/zfp-rel need no third pass.
  const scanner = needsRanges(config) ? new RangeScanner() : null;
  const source = await openInput('compress', input, values.target as string | undefined, raw, scanner?.visit);
  const info = source.info;
  try {
    let r: Awaited<ReturnType<typeof compressChunkedToFile>> | undefined;
    const ranges = scanner?.ranges();
    await writeOutput(output, safety, async (file) => {
      r = await compressChunkedToFile(source, config, file, { chunkRows, workers, ranges });
    });
    const res = r!;
    // Values stored exactly, summed over the chunks' headers (read back one chunk at a time).
    const storedExactly = await storedExactlyIn(output);
    const summary = { output, config: res.header.config, chunks: res.chunks, chunkRows: res.header.chunkRows, originalBytes: res.originalBytes, bytes: res.fileBytes, fileRatio: res.originalBytes / res.fileBytes, storedExactly, ...(res.rowsKept !== undefined ? { rowsKept: res.rowsKept } : {}) };
    const kept = res.rowsKept !== undefined ? `, ${res.rowsKept} of ${info.nRows} rows kept` : '';
    io.out(
      values.json
        ? JSON.stringify(summary)
        : `${output}: ${info.nRows} x ${info.names.length} ${info.dtype} -> ${res.fileBytes} bytes in ${res.chunks} chunks of ${res.header.chunkRows} rows with ${JSON.stringify(res.header.config)}${kept} (features ${res.originalBytes} bytes, ratio ${formatNumber(summary.fileRatio)} with the target)${storedExactly > 0 ? `; ${storedExactly} values the method could not represent stored exactly` : ''}`,
    );
    return 0;
  } finally {
    await source.close();
  }
}

async function storedExactlyIn(file: string): Promise<number> {
  const handle = await fs.promises.open(file, 'r');
  try {
    return (await (await openChunked(handle, file)).summarize()).storedExactly;
  } finally {
    await handle.close();
  }
}
