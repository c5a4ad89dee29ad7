// A table written block by block with bounded memory: .npy (its header first, the shape known
// up front), raw binary and CSV (gzipped on the fly for .gz). Fortran order puts each block's
// column stretch at its place with a positioned write. The bytes are the ones the whole-table
// writers (writeNpyDataset, writeBinary, writeCsv) write, and the file is published whole or not
// at all (file-sink.ts).

import * as zlib from 'node:zlib';
import { DataError, check } from '../util/errors';
import { csvHeaderBytes, csvLayout, csvRowBytes, type CsvLayout } from './csv-write';
import { Dataset, allocColumn, bytesPerValue } from './dataset';
import { writeAtomically, type AtomicFile, type AtomicFileOptions } from './file-sink';
import { matrixOf, npyHeaderBytes } from './npy';
import type { RowBlock, TableInfo } from './table-source';

export type TableFormat = 'npy' | 'raw' | 'csv';

export interface TableStreamOptions extends AtomicFileOptions {
  format: TableFormat;
  /** Matrix order for npy (default 'F', as writeNpyDataset) and raw (default 'C', as writeBinary). */
  order?: 'C' | 'F';
  /** CSV delimiter (default ','). */
  delimiter?: string;
  /** Gzip the CSV (default: when the file name ends in .gz). */
  gzip?: boolean;
}

/** Writes `info.nRows` rows coming in `blocks` to `file`; refuses a stream with another number of rows. */
export async function writeTableStream(file: string, info: TableInfo, blocks: AsyncIterable<RowBlock>, options: TableStreamOptions): Promise<void> {
  check(options.format === 'npy' || options.format === 'raw' || options.format === 'csv', 'format', options.format, "'npy', 'raw' or 'csv'");
  check(options.order === undefined || options.order === 'C' || options.order === 'F', 'order', options.order, "'C' or 'F'");
  await writeAtomically(
    file,
    async (out) => {
      const sink = options.format === 'csv' ? csvSink(out, info, options) : matrixSink(out, info, options.format === 'npy', options.order ?? (options.format === 'npy' ? 'F' : 'C'));
      let rows = 0;
      for await (const block of blocks) {
        const ds = blockDataset(info, block);
        if (rows + ds.nRows > info.nRows) throw new DataError(`${file}: more than the ${info.nRows} rows announced`);
        await sink.write(ds, rows);
        rows += ds.nRows;
      }
      if (rows !== info.nRows) throw new DataError(`${file}: ${rows} rows written, ${info.nRows} announced`);
      await sink.end();
    },
    options,
  );
}

interface BlockSink {
  /** Writes the block whose first row is row `first` of the table. */
  write(ds: Dataset, first: number): Promise<void>;
  end(): Promise<void>;
}

export function blockDataset(info: TableInfo, block: RowBlock): Dataset {
  return new Dataset({ name: info.name, names: info.names, columns: block.columns, target: block.target ?? undefined, targetIndex: info.target?.index, source: info.source });
}

function matrixSink(out: AtomicFile, info: TableInfo, npy: boolean, order: 'C' | 'F'): BlockSink {
  const fortran = order === 'F';
  const size = bytesPerValue(info.dtype);
  const cols = info.names.length;
  const head = npy ? npyHeaderBytes(info.dtype, [info.nRows, cols], fortran) : new Uint8Array(0);
  let started = false;
  const start = async () => {
    if (!started && head.length > 0) await out.writeAt(head, 0);
    started = true;
  };
  const bytes = (a: Float32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return {
    async write(ds, first) {
      await start();
      if (!fortran) return out.writeAt(bytes(matrixOf(ds, false)), head.length + first * cols * size);
      for (let j = 0; j < cols; j++) await out.writeAt(bytes(ds.columns[j]), head.length + (j * info.nRows + first) * size);
    },
    end: start, // an empty table still has its header
  };
}

function csvSink(out: AtomicFile, info: TableInfo, options: TableStreamOptions): BlockSink {
  const gzip = options.gzip ?? /\.gz$/i.test(out.file);
  let layout: CsvLayout | null = null;
  const put = gzip ? gzipWriter(out) : { write: (b: Uint8Array) => out.append(b), end: async () => undefined };
  const header = async (ds: Dataset) => {
    if (layout) return layout;
    layout = csvLayout(ds, { delimiter: options.delimiter });
    await put.write(csvHeaderBytes(ds, layout));
    return layout;
  };
  return {
    async write(ds) {
      const l = await header(ds);
      for (const piece of csvRowBytes(ds, l)) await put.write(piece);
    },
    async end() {
      await header(blockDataset(info, emptyBlock(info)));
      await put.end();
    },
  };
}

function emptyBlock(info: TableInfo): RowBlock {
  const columns = info.names.map(() => allocColumn(info.dtype, 0));
  const t = info.target;
  return { columns, target: !t ? null : t.kind === 'numeric' ? { name: t.name, kind: 'numeric', values: new Float64Array(0) } : { name: t.name, kind: 'label', values: [] } };
}

/** Gzip on the fly: what the compressor gives back is appended to the file as it comes. */
function gzipWriter(out: AtomicFile): { write(b: Uint8Array): Promise<void>; end(): Promise<void> } {
  const gz = zlib.createGzip();
  let chain: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  gz.on('data', (c: Buffer) => {
    chain = chain.then(() => out.append(c)).catch((e) => {
      failed ??= e;
    });
  });
  const check = () => {
    if (failed) throw failed;
  };
  return {
    async write(b) {
      check();
      if (!gz.write(b)) await new Promise<void>((resolve) => gz.once('drain', resolve));
      await chain;
      check();
    },
    async end() {
      await new Promise<void>((resolve, reject) => {
        gz.once('end', resolve);
        gz.once('error', reject);
        gz.end();
      });
      await chain;
      check();
    },
  };
}
