// CSV read by row blocks with bounded memory: the file (gunzipped on the fly) is cut into pieces
// that end on a record boundary, and the reader of csv-read.ts parses each piece with the same
// cell rules. A first pass counts the rows and learns whether the target holds labels (a
// caller may look at its blocks too); the blocks come from a second pass.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DataError, check } from '../util/errors';
import { CellReader, defaultNames, readHeader, resolveOptions, resolveTarget, type CsvOptions, type ResolvedOptions } from './csv-read';
import { CsvTokenizer, countLines, lastRecordEnd, lineEndingsToLf } from './csv-tokenizer';
import type { MissingReport } from './dataset';
import { blockRows, type RowBlock, type TableSource } from './table-source';

export interface CsvStreamOptions extends CsvOptions {
  /** Bytes read from the file at a time (default 4 MiB); a piece grows only to hold one whole record. */
  pieceBytes?: number;
  /** Sees every block of the first pass (a caller that needs column statistics gets them without a third pass). */
  firstPass?: (block: RowBlock) => void;
}

export interface CsvSource extends TableSource {
  /** Missing cells found by the first pass, as readCsv reports them. */
  readonly missing: MissingReport;
}

/** Bytes of parsed values per block of the first pass. */
const SCAN_BYTES = 4 * 1024 * 1024;
const CR = 13;

/** Opens a .csv or .csv.gz file as a source of row blocks; the first pass runs here. */
export async function openCsvSource(file: string, options: CsvStreamOptions = {}): Promise<CsvSource> {
  check(typeof file === 'string' && file.length > 0, 'path', file, 'a file path');
  const pieceBytes = options.pieceBytes ?? 4 * 1024 * 1024;
  check(Number.isInteger(pieceBytes) && pieceBytes >= 1, 'pieceBytes', pieceBytes, 'an integer >= 1');
  const name = options.name ?? path.basename(file).replace(/\.(csv|data|txt)?(\.gz)?$/i, '');
  const o = resolveOptions({ ...options, name }, 'csv');
  const scan = await firstPass(file, o, pieceBytes, options.firstPass);
  const { names, targetIndex } = scan;
  const featureNames = names.filter((_, j) => j !== targetIndex);
  return {
    info: {
      name,
      names: featureNames,
      dtype: o.dtype,
      nRows: scan.rows,
      target: targetIndex >= 0 ? { name: names[targetIndex], kind: scan.labels ? 'label' : 'numeric', index: targetIndex } : null,
      source: file,
    },
    missing: scan.missing,
    blocks: (rows: number) => {
      check(Number.isInteger(rows) && rows >= 1, 'block rows', rows, 'an integer >= 1');
      return readBlocks(file, o, pieceBytes, () => rows, scan.labels);
    },
    close: async () => undefined,
  };
}

interface Scan {
  names: string[];
  targetIndex: number;
  rows: number;
  labels: boolean;
  missing: MissingReport;
}

async function firstPass(file: string, o: ResolvedOptions, pieceBytes: number, visit?: (block: RowBlock) => void): Promise<Scan> {
  let rows = 0;
  let labels = false;
  const parsed = parseBlocks(file, o, pieceBytes, (cols) => Math.max(1, Math.floor(SCAN_BYTES / (8 * cols))), false);
  for await (const block of parsed.blocks) {
    rows += blockRows(block);
    if (block.target?.kind === 'label') labels = true;
    visit?.(block);
  }
  const reader = parsed.reader();
  return { names: parsed.names(), targetIndex: parsed.targetIndex(), rows, labels, missing: reader.report() };
}

async function* readBlocks(file: string, o: ResolvedOptions, pieceBytes: number, rowsFor: (cols: number) => number, labels: boolean): AsyncGenerator<RowBlock> {
  yield* parseBlocks(file, o, pieceBytes, rowsFor, labels).blocks;
}

/** Parses the file's records into blocks of rowsFor(columns) rows; names and the reader are there once the header is read. */
function parseBlocks(file: string, o: ResolvedOptions, pieceBytes: number, rowsFor: (cols: number) => number, labels: boolean) {
  let reader: CellReader | null = null;
  let rows = 0;
  let names: string[] = [];
  let targetIndex = -1;
  async function* blocks(): AsyncGenerator<RowBlock> {
    let empty = true;
    for await (const { bytes, firstLine } of recordPieces(file, o.delimiter, pieceBytes)) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      const tok = new CsvTokenizer(buf, o.delimiter, file, firstLine);
      if (!reader) {
        if (!tok.nextRecord()) continue; // blank lines before the header
        empty = false;
        names = o.header ? readHeader(tok) : defaultNames(tok);
        targetIndex = resolveTarget(o.target, names, file);
        rows = rowsFor(names.length);
        reader = new CellReader(tok, names, targetIndex, o, file, rows, labels);
        if (!o.header) reader.readRecord();
      } else reader.tok = tok;
      for (;;) {
        if (reader.rows === rows) yield reader.take(rows);
        if (!tok.nextRecord()) break;
        reader.readRecord();
      }
    }
    if (empty) throw new DataError(`${file}: no data (the input is empty)`);
    if (reader && reader.rows > 0) yield reader.take(rows);
  }
  return {
    blocks: blocks(),
    names: () => names,
    targetIndex: () => targetIndex,
    reader: () => reader!,
  };
}

/**
 * The file's bytes (gunzipped when they start with the gzip magic) in pieces that each end
 * after a whole record, line endings made LF, with the file line each piece starts on.
 */
async function* recordPieces(file: string, delimiter: number, pieceBytes: number): AsyncGenerator<{ bytes: Uint8Array; firstLine: number }> {
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  for await (const chunk of fileBytes(file, pieceBytes)) {
    let buf = concat(carry, chunk);
    // A CR at the end may be the first half of a CRLF: keep it for the next piece.
    const held = buf.length > 0 && buf[buf.length - 1] === CR ? 1 : 0;
    const lf = lineEndingsToLf(buf.subarray(0, buf.length - held));
    const cut = lastRecordEnd(lf, delimiter);
    if (cut < 0) {
      carry = buf;
      continue;
    }
    const piece = lf.subarray(0, cut);
    yield { bytes: piece, firstLine: line };
    line += countLines(piece) - 1;
    buf = concat(lf.subarray(cut), buf.subarray(buf.length - held));
    carry = buf;
  }
  if (carry.length > 0) yield { bytes: lineEndingsToLf(carry), firstLine: line };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The file's bytes in pieces of about `pieceBytes`, gunzipped on the fly when gzipped. */
async function* fileBytes(file: string, pieceBytes: number): AsyncGenerator<Uint8Array> {
  const handle = await fs.promises.open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`cannot read ${file}: ${e.code ?? e.message}`);
  });
  let gzip: boolean;
  try {
    const magic = new Uint8Array(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
  const raw = fs.createReadStream(file, { highWaterMark: pieceBytes });
  const stream = gzip ? raw.pipe(zlib.createGunzip({ chunkSize: Math.max(64, Math.min(pieceBytes, 1 << 20)) })) : raw;
  if (gzip) raw.on('error', (e) => stream.destroy(e));
  try {
    for await (const chunk of stream) yield new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).length);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (gzip && !/^E[A-Z]+$/.test(code)) throw new DataError(`${file}: corrupt or truncated gzip data (${(e as Error).message})`);
    throw e;
  } finally {
    raw.destroy();
  }
}
