// Streaming chunked compress and decompress: a file read block by block (.npy C and Fortran
// order, raw, CSV in record-aligned pieces) gives the same container bytes as the dataset read
// whole; decoding chunk by chunk writes the same files as decoding whole; the reads and the
// chunks in flight stay within a block; a failed write leaves no file behind.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  Dataset,
  RangeScanner,
  compressChunked,
  compressChunkedToFile,
  decodeChunkedRows,
  encodeNpy,
  openBinarySource,
  openChunked,
  openCsvSource,
  openNpySource,
  readBinary,
  readCsv,
  readNpyDataset,
  streamChunked,
  writeBinary,
  writeCsv,
  writeNpyDataset,
  writeTableStream,
  type FloatColumn,
  type ReducerConfig,
  type SinkHandle,
  type TableSource,
} from '@lossyml/sdk';
import { cli } from '../cli/run-cli';
import { table } from './tables';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-stream-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => path.join(dir, f);

const CONFIGS: ReducerConfig[] = [{ id: 'zstd' }, { id: 'sz-rel', bound: 1e-3, layout: 'columns' }, { id: 'zfp-rel', bound: 1e-3, layout: 'matrix' }, { id: 'sz-abs', bound: 0.01, layout: 'matrix' }];
const CHUNK = 96;

/** The features of `ds` as one array in C (row after row) or Fortran (column after column) order, built here. */
function matrix(ds: Dataset, order: 'C' | 'F'): FloatColumn {
  const n = ds.nRows;
  const m = ds.nCols;
  const out = ds.dtype === 'float32' ? new Float32Array(n * m) : new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[order === 'C' ? i * m + j : j * n + i] = ds.columns[j][i];
  return out;
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Blocks of a source gathered into columns and target values. */
async function gather(source: TableSource, rows: number): Promise<{ columns: number[][]; target: (number | string)[] }> {
  const columns: number[][] = source.info.names.map(() => []);
  const target: (number | string)[] = [];
  for await (const b of source.blocks(rows)) {
    b.columns.forEach((c, j) => columns[j].push(...Array.from(c)));
    if (b.target) target.push(...Array.from(b.target.values as ArrayLike<number | string>));
  }
  return { columns, target };
}

describe.each([
  ['float32', 'C'],
  ['float32', 'F'],
  ['float64', 'C'],
  ['float64', 'F'],
] as const)('.npy %s %s order', (dtype, order) => {
  const ds = table(dtype, 1000, 11);
  const file = at(`t-${dtype}-${order}.npy`);
  beforeAll(() => fs.writeFileSync(file, encodeNpy(matrix(ds, order), [ds.nRows, ds.nCols], order === 'F')));

  test.each(CONFIGS.map((c) => [c.id + (c.layout ? ` ${c.layout}` : ''), c] as const))('streamed compress equals the in-memory chunked bytes: %s', async (_, cfg) => {
    const whole = await compressChunked(await readNpyDataset(file), cfg, { chunkRows: CHUNK, workers: 0 });
    const source = await openNpySource(file);
    const out = at(`s-${dtype}-${order}-${cfg.id}.lmlc`);
    try {
      await compressChunkedToFile(source, cfg, out, { chunkRows: CHUNK, workers: 0 });
    } finally {
      await source.close();
    }
    expect(equalBytes(new Uint8Array(fs.readFileSync(out)), whole.bytes)).toBe(true);
  });

  test('reads never ask for more than one block of rows', async () => {
    const reads: number[] = [];
    const source = await openNpySource(file, { onRead: (b) => reads.push(b) });
    const size = dtype === 'float32' ? 4 : 8;
    const perRead = order === 'C' ? 50 * ds.nCols * size : 50 * size;
    try {
      const got = await gather(source, 50);
      expect(got.columns).toEqual(ds.columns.map((c) => Array.from(c)));
    } finally {
      await source.close();
    }
    expect(Math.max(...reads)).toBe(perRead);
    expect(reads.length).toBe(order === 'C' ? 20 : 20 * ds.nCols);
  });
});

test('raw binary in C and F order streams to the same bytes as readBinary', async () => {
  const ds = table('float32', 700, 5);
  for (const order of ['C', 'F'] as const) {
    const file = at(`raw-${order}.f32`);
    const m = matrix(ds, order);
    fs.writeFileSync(file, new Uint8Array(m.buffer));
    const opts = { dtype: 'float32' as const, shape: [700, 4] as [number, number], order };
    const cfg: ReducerConfig = { id: 'zfp-rel', bound: 1e-4, layout: 'columns' };
    const whole = await compressChunked(await readBinary(file, opts), cfg, { chunkRows: 64, workers: 0 });
    const source = await openBinarySource(file, opts);
    const parts: Uint8Array[] = [];
    try {
      await streamChunked(source, cfg, { chunkRows: 64, workers: 0 }, async (b) => void parts.push(b.slice()));
    } finally {
      await source.close();
    }
    expect(equalBytes(Buffer.concat(parts), whole.bytes)).toBe(true);
  }
});

describe('CSV in pieces', () => {
  // Labels with the delimiter, quotes and a newline inside quotes, so records cross pieces in every way.
  const base = table('float32', 600, 3);
  const labels = base.target!.values as string[];
  labels[17] = 'two\nlines, "quoted"';
  labels[300] = '  padded  ';
  const ds = new Dataset({ name: 't', names: base.names, columns: base.columns, target: { name: 'y', kind: 'label', values: labels }, targetIndex: 1 });
  const csv = at('t.csv');
  beforeAll(async () => {
    await writeCsv(ds, csv);
    fs.writeFileSync(at('crlf.csv'), fs.readFileSync(csv, 'utf8').replace(/\n/g, '\r\n'));
    fs.writeFileSync(at('t.csv.gz'), zlib.gzipSync(fs.readFileSync(csv)));
  });

  test.each([1, 7, 64, 5000])('blocks equal readCsv, pieces of %i bytes (LF, CRLF, gzip)', async (pieceBytes) => {
    for (const f of ['t.csv', 'crlf.csv', 't.csv.gz']) {
      if (pieceBytes === 1 && f !== 't.csv') continue; // one byte at a time is slow: once is enough
      const whole = await readCsv(at(f), { target: 'y' });
      const source = await openCsvSource(at(f), { target: 'y', pieceBytes });
      expect(source.info).toMatchObject({ name: whole.name, names: whole.names, nRows: 600, target: { name: 'y', kind: 'label', index: 1 } });
      const got = await gather(source, 37);
      expect([f, got.columns]).toEqual([f, whole.columns.map((c) => Array.from(c))]);
      expect(got.target).toEqual(whole.target!.values);
      expect(source.missing).toEqual(whole.missing);
    }
  });

  test.each(CONFIGS.map((c) => [c.id + (c.layout ? ` ${c.layout}` : ''), c] as const))('streamed compress equals the in-memory chunked bytes: %s', async (_, cfg) => {
    const whole = await compressChunked(await readCsv(csv, { target: 'y' }), cfg, { chunkRows: CHUNK, workers: 0 });
    const scanner = new RangeScanner();
    const source = await openCsvSource(csv, { target: 'y', pieceBytes: 300, firstPass: scanner.visit });
    const out = at(`csv-${cfg.id}.lmlc`);
    await compressChunkedToFile(source, cfg, out, { chunkRows: CHUNK, workers: 0, ranges: scanner.ranges() });
    expect(equalBytes(new Uint8Array(fs.readFileSync(out)), whole.bytes)).toBe(true);
  });

  test('a numeric target that turns to labels late is labels in every block, as readCsv reads it', async () => {
    const f = at('late-label.csv');
    const lines = ['a,y', ...Array.from({ length: 200 }, (_, i) => `${i / 4},${i === 180 ? 'x' : i % 3}`)];
    fs.writeFileSync(f, lines.join('\n') + '\n');
    const whole = await readCsv(f, { target: 'y' });
    const source = await openCsvSource(f, { target: 'y', pieceBytes: 50 });
    expect(source.info.target?.kind).toBe('label');
    expect((await gather(source, 64)).target).toEqual(whole.target!.values);
  });

  test('a bad cell late in the file is reported at its line, as readCsv reports it', async () => {
    // Every record spans two lines (a quoted newline in the label), so the line count crosses pieces too.
    const f = at('bad.csv');
    const lines = ['a,y', ...Array.from({ length: 300 }, (_, i) => (i === 250 ? 'oops,"z\nz"' : `${i},"q\n${i}"`))];
    fs.writeFileSync(f, lines.join('\n') + '\n');
    const whole = await readCsv(f, { target: 'y' }).then(() => 'read', (e: Error) => e.message);
    const streamed = await openCsvSource(f, { target: 'y', pieceBytes: 40 }).then(() => 'read', (e: Error) => e.message);
    expect(whole).toMatch(/line 502, column "a": cannot read "oops"/);
    expect(streamed).toBe(whole);
  });
});

test('at most `inFlight` chunks are read ahead of the ones written', async () => {
  const ds = table('float64', 1000, 2);
  const inner: TableSource = { info: { name: 'x', names: ds.names, dtype: 'float64', nRows: 1000, target: null }, async *blocks(rows) {
    for (let s = 0; s < 1000; s += rows) yield { columns: ds.columns.map((c) => c.slice(s, Math.min(s + rows, 1000))), target: null };
  }, close: async () => undefined };
  let writes = 0;
  /** Per pass over the source: the most blocks pulled but not yet written as chunks. */
  let ahead: number[] = [];
  const asked: number[] = [];
  const source: TableSource = {
    ...inner,
    async *blocks(rows) {
      asked.push(rows);
      const pass = ahead.push(0) - 1;
      const chunksBefore = Math.max(0, Math.floor((writes - 1) / 2)); // the header, then frame + chunk per chunk
      let pulled = 0;
      for await (const b of inner.blocks(rows)) {
        pulled++;
        ahead[pass] = Math.max(ahead[pass], pulled - (Math.max(0, Math.floor((writes - 1) / 2)) - chunksBefore));
        yield b;
      }
    },
  };
  for (const inFlight of [1, 3]) {
    writes = 0;
    ahead = [];
    await streamChunked(source, { id: 'sz-rel', bound: 1e-3 }, { chunkRows: 50, workers: 0, inFlight }, async () => void writes++);
    // sz-rel: a first pass for the ranges (nothing written), then the coding pass.
    expect([inFlight, ahead.length, ahead[1]]).toEqual([inFlight, 2, inFlight]);
    expect(writes).toBe(1 + 2 * 20 + 1);
  }
  expect(new Set(asked)).toEqual(new Set([50]));
});

describe('decompress chunk by chunk', () => {
  const ds = table('float64', 900, 9);
  const lmlc = at('d.lmlc');
  beforeAll(async () => fs.writeFileSync(lmlc, (await compressChunked(ds, { id: 'sz-rel', bound: 1e-3 }, { chunkRows: 100, workers: 0 })).bytes));

  test.each([
    ['npy', 'x.npy', writeNpyDataset],
    ['csv', 'x.csv', writeCsv],
    ['raw', 'x.bin', writeBinary],
  ] as const)('%s: the same bytes as the whole decoded table written at once, all rows and rows 150..420', async (format, name, writeWhole) => {
    const reader = await openChunked(new Uint8Array(fs.readFileSync(lmlc)));
    for (const [a, b] of [[0, 900], [150, 420]]) {
      const whole = await reader.readRows(a, b);
      await writeWhole(whole, at(`whole-${name}`));
      const handle = await fs.promises.open(lmlc, 'r');
      try {
        const h = reader.header;
        const info = { name: h.dataset.name, names: h.columns, dtype: h.dtype, nRows: b - a, target: h.target };
        await writeTableStream(at(`stream-${name}`), info, decodeChunkedRows(handle, a, b, 'd.lmlc', { workers: 0, inFlight: 2 }), { format });
      } finally {
        await handle.close();
      }
      expect([format, a, b, equalBytes(fs.readFileSync(at(`stream-${name}`)), fs.readFileSync(at(`whole-${name}`)))]).toEqual([format, a, b, true]);
    }
  });
});

test('the decoder reads at most `inFlight` chunks ahead of the blocks it has handed out', async () => {
  const ds = table('float64', 1000, 5);
  const lmlc = at('ahead.lmlc');
  fs.writeFileSync(lmlc, (await compressChunked(ds, { id: 'zstd' }, { chunkRows: 50, workers: 0 })).bytes);
  const offsets = new Set((await openChunked(new Uint8Array(fs.readFileSync(lmlc)))).chunks.map((e) => e.offset));
  const real = await fs.promises.open(lmlc, 'r');
  let chunkReads = 0;
  // A file handle that counts the reads of chunk frames (openChunked reads through stat and read only).
  const counting = {
    stat: () => real.stat(),
    read: (buf: Uint8Array, off: number, len: number, pos: number) => {
      if (offsets.has(pos)) chunkReads++;
      return real.read(buf, off, len, pos);
    },
  } as unknown as fs.promises.FileHandle;
  try {
    for (const inFlight of [1, 3]) {
      chunkReads = 0;
      let i = 0;
      for await (const block of decodeChunkedRows(counting, 0, 1000, 'ahead.lmlc', { workers: 0, inFlight })) {
        expect([inFlight, i, chunkReads <= i + inFlight]).toEqual([inFlight, i, true]);
        expect(block.columns[0].length).toBe(50);
        i++;
      }
      expect([i, chunkReads]).toEqual([20, 20]);
    }
  } finally {
    await real.close();
  }
});

test('decompress chunk by chunk to .csv.gz: gunzips to the CSV the whole table gives', async () => {
  const ds = table('float32', 700, 12);
  const lmlc = at('gz.lmlc');
  fs.writeFileSync(lmlc, (await compressChunked(ds, { id: 'zfp-rel', bound: 1e-3 }, { chunkRows: 64, workers: 0 })).bytes);
  const reader = await openChunked(new Uint8Array(fs.readFileSync(lmlc)));
  await writeCsv(await reader.readAll({ workers: 0 }), at('whole-gz.csv'));
  const h = reader.header;
  const handle = await fs.promises.open(lmlc, 'r');
  try {
    const info = { name: h.dataset.name, names: h.columns, dtype: h.dtype, nRows: h.nRows, target: h.target };
    await writeTableStream(at('stream.csv.gz'), info, decodeChunkedRows(handle, 0, h.nRows, 'gz.lmlc', { workers: 0 }), { format: 'csv' });
  } finally {
    await handle.close();
  }
  expect(zlib.gunzipSync(fs.readFileSync(at('stream.csv.gz'))).toString('utf8')).toBe(fs.readFileSync(at('whole-gz.csv'), 'utf8'));
});

describe('failures leave no file', () => {
  const filesIn = (d: string) => fs.readdirSync(d).sort();

  test('a full disk (ENOSPC) part-way: the error says so, no output and no temp file', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'full-'));
    const ds = table('float64', 1000, 4);
    let written = 0;
    const open = async (tmp: string): Promise<SinkHandle> => {
      const real = await fs.promises.open(tmp, 'wx');
      return {
        write: async (buf, off, len, pos) => {
          if (written + len > 2000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          written += len;
          return real.write(buf, off, len, pos);
        },
        sync: () => real.sync(),
        close: () => real.close(),
      };
    };
    const source = await (async () => {
      fs.writeFileSync(at('full.npy'), encodeNpy(matrix(ds, 'C'), [1000, 4]));
      return openNpySource(at('full.npy'));
    })();
    const err = await compressChunkedToFile(source, { id: 'zstd' }, path.join(sub, 'out.lmlc'), { chunkRows: 100, workers: 0, open }).then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
    await source.close();
    expect(err?.code).toBe('ENOSPC');
    expect(written).toBeGreaterThan(0);
    expect(filesIn(sub)).toEqual([]);
  });

  test('an interrupt (SIGINT) while writing removes the temp file and still ends the process by the signal', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'int-'));
    // A child holds a half-written AtomicFile (the compiled SDK, as the CLI runs it) and waits.
    const sdk = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'data', 'file-sink.js');
    const code = `const { AtomicFile } = require(${JSON.stringify(sdk)});
AtomicFile.create(${JSON.stringify(path.join(sub, 'out.lmlc'))}).then(async (f) => {
  await f.append(new Uint8Array(1000));
  process.stdout.write('ready\\n');
  setInterval(() => undefined, 1000);
});`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    expect(filesIn(sub).length).toBe(1);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    expect(filesIn(sub)).toEqual([]);
  });

  test('an input that changes between the range pass and the coding pass is refused, nothing written', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'changed-'));
    const ds = table('float64', 300, 4);
    let pass = 0;
    const source: TableSource = {
      info: { name: 'x', names: ds.names, dtype: 'float64', nRows: 300, target: null },
      async *blocks(rows) {
        const n = pass++ === 0 ? 300 : 250; // the file lost rows after the first pass
        for (let s = 0; s < n; s += rows) yield { columns: ds.columns.map((c) => c.slice(s, Math.min(s + rows, n))), target: null };
      },
      close: async () => undefined,
    };
    await expect(compressChunkedToFile(source, { id: 'sz-rel', bound: 1e-3 }, path.join(sub, 'o.lmlc'), { chunkRows: 100, workers: 0 })).rejects.toThrow(
      /chunk 2 got 50 rows from the input, expected 100 \(did the file change while it was read\?\)/,
    );
    expect(filesIn(sub)).toEqual([]);
  });

  test('CLI: a bad cell in a late chunk of a CSV fails the streamed compress with nothing written', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'bad-'));
    const f = path.join(sub, 'in.csv');
    fs.writeFileSync(f, ['a,b', ...Array.from({ length: 500 }, (_, i) => (i === 450 ? '1,two' : `${i},${i / 3}`))].join('\n') + '\n');
    const r = await cli('compress', f, '-o', path.join(sub, 'out.lmlc'), '--method', 'zstd', '--chunk-rows', '50', '--workers', '0');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/line 452, column "b": cannot read "two"/);
    expect(filesIn(sub)).toEqual(['in.csv']);
  });

  test('CLI: a chunk damaged on disk fails the streamed decompress with nothing written', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'dmg-'));
    const bytes = (await compressChunked(table('float64', 500, 1), { id: 'zstd' }, { chunkRows: 100, workers: 0 })).bytes;
    const reader = await openChunked(bytes);
    const damaged = Uint8Array.from(bytes);
    damaged[reader.chunks[3].offset + 40] ^= 0xff;
    fs.writeFileSync(path.join(sub, 'in.lmlc'), damaged);
    const r = await cli('decompress', path.join(sub, 'in.lmlc'), '-o', path.join(sub, 'out.npy'), '--workers', '0');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/chunk 3.*checksum mismatch/);
    expect(filesIn(sub)).toEqual(['in.lmlc']);
  });
});

describe('CLI streaming', () => {
  test('compress of a CSV, a .npy and a raw file on 2 workers equals the in-memory chunked bytes; decompress to .bin', async () => {
    const ds = table('float64', 800, 6);
    await writeCsv(ds, at('cli.csv'));
    fs.writeFileSync(at('cli.npy'), encodeNpy(matrix(ds, 'F'), [800, 4], true));
    const m = matrix(ds, 'C');
    fs.writeFileSync(at('cli.f64'), new Uint8Array(m.buffer));
    const cfg = { id: 'sz-rel', bound: 1e-3, layout: 'columns' } as const;
    const inputs: [string, string[], Dataset][] = [
      ['cli.csv', ['--target', 'y'], await readCsv(at('cli.csv'), { target: 'y' })],
      ['cli.npy', [], await readNpyDataset(at('cli.npy'))],
      ['cli.f64', ['--shape', '800,4'], await readBinary(at('cli.f64'), { dtype: 'float64', shape: [800, 4], name: 'cli' })],
    ];
    for (const [f, extra, whole] of inputs) {
      const r = await cli('compress', at(f), '-o', at(`${f}.lmlc`), '--method', 'sz-rel', '--bound', '1e-3', '--chunk-rows', '128', '--workers', '2', ...extra);
      expect([f, r.code, r.err]).toEqual([f, 0, '']);
      const expected = (await compressChunked(whole, cfg, { chunkRows: 128, workers: 0 })).bytes;
      expect([f, equalBytes(new Uint8Array(fs.readFileSync(at(`${f}.lmlc`))), expected)]).toEqual([f, true]);
    }
    const d = await cli('decompress', at('cli.f64.lmlc'), '-o', at('back.bin'), '--rows', '100:300', '--workers', '2');
    expect([d.code, d.err]).toEqual([0, '']);
    const back = new Float64Array(new Uint8Array(fs.readFileSync(at('back.bin'))).buffer);
    const restored = await (await openChunked(new Uint8Array(fs.readFileSync(at('cli.f64.lmlc'))))).readRows(100, 300);
    expect(Array.from(back)).toEqual(Array.from(matrix(restored, 'C')));
  });

  test('raw flags are checked by name', async () => {
    fs.writeFileSync(at('r.bin'), new Uint8Array(32));
    expect((await cli('compress', at('r.bin'), '-o', at('r.lmlc'), '--method', 'zstd', '--chunk-rows', '4')).err).toMatch(/give --shape ROWS,COLS/);
    expect((await cli('compress', at('r.bin'), '-o', at('r.lmlc'), '--method', 'zstd', '--shape', '4,2')).err).toMatch(/--dtype float32\|float64 is required/);
    expect((await cli('compress', at('r.bin'), '-o', at('r.lmlc'), '--method', 'zstd', '--shape', '4x', '--dtype', 'float32')).err).toMatch(/--shape: got "4x"/);
    expect((await cli('compress', at('r.bin'), '-o', at('r.lmlc'), '--method', 'zstd', '--shape', '3,2', '--dtype', 'float32', '--chunk-rows', '2')).err).toMatch(/32 bytes, but 3 x 2 float32 needs 24/);
    expect(fs.existsSync(at('r.lmlc'))).toBe(false);
  });
});

