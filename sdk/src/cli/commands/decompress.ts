// `lossyml decompress IN.lml -o OUT.csv|OUT.npy`: restore a container. A CSV keeps the header,
// the column order and the exact target column in its original position; a .npy holds the
// restored feature matrix (rows x features, C order) only.

import * as fs from 'node:fs';
import { decodeChunkedRows, openChunked, salvageChunked } from '../../container/chunked';
import { decodeDataset } from '../../container/pipeline';
import type { Dataset } from '../../data/dataset';
import { writeBinary, writeCsv, writeNpyDataset, writeTableStream, type TableInfo } from '../../data';
import { UsageError, check } from '../../util/errors';
import { parse } from '../args';
import { countFlag } from './compress';
import { checkInputFile, isChunkedFile, readInputFile } from '../input';
import type { Io } from '../io';
import { checkOutput, forceFlag, type OutputCheck, writeOutput } from '../output';

export const summary = 'restore a container to .csv or .npy';

export const help = `lossyml decompress IN.lml -o OUT.csv|OUT.csv.gz|OUT.npy|OUT.bin [--force]
  Restores the features (and the exact target, in a CSV) from a container. OUT.bin (.raw, .f32,
  .f64) holds the features as raw little-endian values, C order, in the container's dtype.
  An existing OUT is replaced only with --force, never when it is IN.lml.
  --rows A:B restores rows A..B-1 only (a chunked container decodes only the chunks they touch).
  --salvage (chunked containers) restores every complete, checksummed chunk of a damaged file
  and says which rows were lost. --workers W decodes the chunks on W threads (default: the cores);
  a single container decodes on one thread, and --workers says so. A chunked container (without
  --salvage) is decoded and written chunk by chunk, so the table never has to fit in memory; OUT
  appears only when complete.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const flags = { output: { type: 'string' as const, short: 'o' }, rows: { type: 'string' as const }, salvage: { type: 'boolean' as const }, workers: { type: 'string' as const }, ...forceFlag };
  const { values, positionals } = parse('decompress', argv, flags, { min: 1, max: 1, names: 'one IN.lml' });
  if (values.help) return io.out(help), 0;
  const output = values.output;
  if (typeof output !== 'string') throw new UsageError('decompress: -o OUT.csv or OUT.npy is required');
  const lower = output.toLowerCase();
  const kind = lower.endsWith('.csv') || lower.endsWith('.csv.gz') ? 'csv' : lower.endsWith('.npy') ? 'npy' : /\.(bin|raw|f32|f64)$/.test(lower) ? 'raw' : null;
  if (!kind) throw new UsageError(`decompress: -o ${JSON.stringify(output)}: expected a .csv, .csv.gz or .npy file name (or raw .bin/.raw/.f32/.f64)`);
  const input = positionals[0];
  const safety: OutputCheck = { command: 'decompress', flag: '-o', inputs: [input], force: values.force === true };
  checkInputFile('decompress', 'IN.lml', input);
  checkOutput(output, safety);
  const rows = typeof values.rows === 'string' ? rowRange(values.rows) : undefined;
  const workers = countFlag('decompress', 'workers', values.workers);
  const chunked = isChunkedFile(input);
  // A single container decodes on one thread: say so rather than ignore the flag.
  if (!chunked && workers !== undefined) io.err(`decompress: --workers ${workers}: ${input} is a single container, decoded on one thread (compress with --chunk-rows to decode chunks in parallel)`);
  if (chunked && values.salvage !== true) return streamChunked(input, output, safety, kind, rows, workers, io);
  const { dataset, header } = chunked
    ? await readChunked(input, rows, values.salvage === true, workers, io)
    : await readSingle(input, rows, values.salvage === true);
  await writeOutput(output, safety, (file) => (kind === 'csv' ? writeCsv(dataset, file) : kind === 'npy' ? writeNpyDataset(dataset, file) : writeBinary(dataset, file)));
  io.out(`${output}: ${dataset.nRows} rows x ${dataset.nCols} features restored with ${header.config.id}${targetNote(kind, header.target)}`);
  return 0;
}

const targetNote = (kind: string, target: { name: string } | null) => (kind !== 'csv' && target ? ` (target ${target.name} not written: ${kind === 'npy' ? '.npy' : 'a raw file'} holds the features only)` : '');

/** A chunked container decoded and written chunk by chunk: never the whole table in memory. */
async function streamChunked(input: string, output: string, safety: OutputCheck, kind: 'csv' | 'npy' | 'raw', rows: [number, number] | undefined, workers: number | undefined, io: Io): Promise<number> {
  const handle = await fs.promises.open(input, 'r');
  try {
    const { header } = await openChunked(handle, input);
    const [a, b] = rows ?? [0, header.nRows];
    check(a <= header.nRows, 'start row', a, `an integer in [0, ${header.nRows}]`);
    check(b <= header.nRows, 'end row', b, `an integer in [${a}, ${header.nRows}]`);
    const info: TableInfo = { name: header.dataset.name, names: header.columns, dtype: header.dtype, nRows: b - a, target: header.target, source: header.dataset.source };
    await writeOutput(output, safety, (file) => writeTableStream(file, info, decodeChunkedRows(handle, a, b, input, { workers }), { format: kind }));
    io.out(`${output}: ${b - a} rows x ${header.nCols} features restored with ${header.config.id}${targetNote(kind, header.target)}`);
    return 0;
  } finally {
    await handle.close();
  }
}

/** --rows A:B as [A, B) (checked against the table's rows by the reader). */
function rowRange(text: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`decompress: --rows: got ${JSON.stringify(text)}, expected A:B with whole numbers A <= B (rows A..B-1)`);
  return [Number(m[1]), Number(m[2])];
}

async function readSingle(input: string, rows: [number, number] | undefined, salvage: boolean) {
  if (salvage) throw new UsageError(`decompress: --salvage reads chunked containers; ${input} is a single container (its checksums refuse it whole)`);
  const decoded = await decodeDataset(readInputFile('decompress', 'IN.lml', input), input);
  if (!rows) return decoded;
  const [a, b] = rows;
  if (b > decoded.dataset.nRows) throw new UsageError(`decompress: --rows ${a}:${b}: ${input} holds ${decoded.dataset.nRows} rows`);
  return { ...decoded, dataset: decoded.dataset.selectRows(Uint32Array.from({ length: b - a }, (_, i) => a + i)) };
}

/** A chunked container, read at offsets: only the chunks the rows touch, or what salvage can recover. */
async function readChunked(input: string, rows: [number, number] | undefined, salvage: boolean, workers: number | undefined, io: Io): Promise<{ dataset: Dataset; header: { config: { id: string }; target: { name: string } | null } }> {
  const handle = await fs.promises.open(input, 'r');
  try {
    if (salvage) {
      if (rows) throw new UsageError('decompress: --salvage restores every row it can; give it without --rows');
      const s = await salvageChunked(handle, input);
      for (const p of s.problems) io.err(p);
      const lost = s.lost.map(([a, b]) => `${a}..${b - 1}`).join(', ');
      io.err(lost ? `${input}: salvaged ${s.dataset.nRows} of ${s.header.nRows} rows; lost rows ${lost}` : `${input}: every row recovered`);
      return { dataset: s.dataset, header: s.header };
    }
    const reader = await openChunked(handle, input);
    const dataset = rows ? await reader.readRows(rows[0], rows[1], { workers }) : await reader.readAll({ workers });
    return { dataset, header: reader.header };
  } finally {
    await handle.close();
  }
}
