// Chunked containers: round trips by chunks against round trips in one piece, the bounds taken
// from the global range, byte identity across worker counts, random access, faults, salvage.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { Dataset, FormatError, UsageError, compressChunked, decodeChunkedRows, decodeDataset, encodeDataset, openChunkPool, openChunked, salvageChunked, type ReducerConfig } from '@lossyml/sdk';
import { FRAME_BYTES, packFrame, packIndex } from '@lossyml/sdk/container/chunked/layout';
import { finiteMinMax, sameBits, table } from './tables';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-chunked-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LOSSLESS: ReducerConfig[] = [{ id: 'none' }, { id: 'gzip' }, { id: 'zstd', shuffle: 'byte' }, { id: 'lz4' }, { id: 'blosclz' }, { id: 'fpzip' }];
/** Value by value methods: chunking cannot change what they restore. */
const ELEMENTWISE: ReducerConfig[] = [{ id: 'truncate32' }, { id: 'truncate16' }];
const BOUNDED: ReducerConfig[] = (['columns', 'matrix'] as const).flatMap((layout) => [
  { id: 'sz-abs', bound: 0.01, layout },
  { id: 'sz-rel', bound: 1e-3, layout },
  { id: 'sz-pwrel', bound: 1e-3, layout },
  { id: 'zfp-accuracy', bound: 0.01, layout },
  { id: 'zfp-rel', bound: 1e-3, layout },
]);

async function readAll(bytes: Uint8Array, workers = 0): Promise<Dataset> {
  return (await openChunked(bytes)).readAll({ workers });
}

const targetValues = (d: Dataset): (number | string)[] => (!d.target ? [] : d.target.kind === 'numeric' ? Array.from(d.target.values) : d.target.values);

function expectSameTable(a: Dataset, b: Dataset): void {
  expect(a.names).toEqual(b.names);
  expect(a.nRows).toBe(b.nRows);
  a.columns.forEach((c, j) => expect([a.names[j], sameBits(c, b.columns[j])]).toEqual([a.names[j], true]));
  expect(a.target?.kind).toBe(b.target?.kind);
  expect(targetValues(a)).toEqual(targetValues(b));
  expect(a.targetIndex).toBe(b.targetIndex);
}

/** Each column's tolerance under `cfg`, with ranges from the whole input (as in one piece). */
function tolerances(ds: Dataset, cfg: ReducerConfig): ((x: number) => number)[] {
  const bound = cfg.bound as number;
  const matrix = finiteMinMax(ds.columns);
  return ds.columns.map((c) => {
    const [min, max] = cfg.layout === 'matrix' ? matrix : finiteMinMax([c]);
    if (cfg.id === 'sz-rel' || cfg.id === 'zfp-rel') return () => bound * (max - min);
    if (cfg.id === 'sz-pwrel') return (x: number) => bound * Math.abs(x);
    return () => bound;
  });
}

/** Values outside their bound, or whose finiteness changed (column, row). */
function violations(orig: Dataset, restored: Dataset, tol: ((x: number) => number)[]): string[] {
  const bad: string[] = [];
  orig.columns.forEach((c, j) => {
    const r = restored.columns[j];
    for (let i = 0; i < c.length; i++) {
      const x = c[i];
      const ok = Number.isFinite(x) ? Math.abs(x - r[i]) <= tol[j](x) : Object.is(x, r[i]);
      if (!ok) bad.push(`${orig.names[j]}[${i}]: ${x} -> ${r[i]}`);
    }
  });
  return bad;
}

describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
  const ds = table(dtype);

  test.each(LOSSLESS.map((c) => [c.id, c] as const))('%s by chunks restores every bit, as in one piece', async (_id, cfg) => {
    const { bytes, chunks } = await compressChunked(ds, cfg, { chunkRows: 128, workers: 0 });
    expect(chunks).toBe(8);
    expectSameTable(await readAll(bytes), ds);
  });

  test.each(ELEMENTWISE.map((c) => [c.id, c] as const))('%s by chunks restores what one piece restores', async (_id, cfg) => {
    const whole = (await decodeDataset((await encodeDataset(ds, cfg)).bytes)).dataset;
    const { bytes } = await compressChunked(ds, cfg, { chunkRows: 100, workers: 0 });
    expectSameTable(await readAll(bytes), whole);
  });

  test.each(BOUNDED.map((c) => [`${c.id} ${c.layout}`, c] as const))('%s by chunks keeps the one-piece bound, from the global range', async (_id, cfg) => {
    const { bytes, header } = await compressChunked(ds, cfg, { chunkRows: 100, workers: 0 });
    const restored = await readAll(bytes);
    expect(violations(ds, restored, tolerances(ds, cfg))).toEqual([]);
    expect(targetValues(restored)).toEqual(targetValues(ds));
    if (cfg.id.endsWith('-rel') && cfg.id !== 'sz-pwrel') {
      const expected = cfg.layout === 'matrix' ? [finiteMinMax(ds.columns)] : ds.columns.map((c) => finiteMinMax([c]));
      expect(header.ranges).toEqual(expected);
    } else {
      expect(header.ranges).toBeNull();
    }
  });
});

test('a chunk whose own range is small gets the global tolerance, as in one piece (not a tighter one)', async () => {
  const ds = table('float64');
  const cfg = { id: 'sz-rel', bound: 1e-2, layout: 'columns' } as const;
  const { bytes } = await compressChunked(ds, cfg, { chunkRows: 100, workers: 0 });
  const first = await (await openChunked(bytes)).readRows(0, 100);
  const g = ds.columns[2];
  const [lmin, lmax] = finiteMinMax([g.subarray(0, 100)]);
  const [gmin, gmax] = finiteMinMax([g]);
  let worst = 0;
  for (let i = 0; i < 100; i++) worst = Math.max(worst, Math.abs(g[i] - first.columns[2][i]));
  // The global range is about ten times the first chunk's: errors pass the local tolerance.
  expect(worst).toBeGreaterThan(1e-2 * (lmax - lmin));
  expect(worst).toBeLessThanOrEqual(1e-2 * (gmax - gmin));
});

test('bad chunk options are refused by name (samplers and sz-psnr are chunked: samplers.test.ts, psnr.test.ts)', async () => {
  const ds = table('float64', 50);
  await expect(compressChunked(ds, { id: 'none' }, { chunkRows: 0 })).rejects.toThrow(/chunkRows: got 0/);
  await expect(compressChunked(ds, { id: 'none' }, { workers: -1 })).rejects.toThrow(/workers: got -1/);
});

describe('worker threads', () => {
  const ds = table('float64', 2000);
  test.each(['zstd', 'sz-rel', 'zfp-rel'])('%s: the same bytes on 0, 1 and 2 workers, and the same decode', async (id) => {
    const cfg: ReducerConfig = id === 'zstd' ? { id } : { id, bound: 1e-3 };
    const outs = await Promise.all([0, 1, 2].map(async (workers) => (await compressChunked(ds, cfg, { chunkRows: 256, workers })).bytes));
    expect(Buffer.from(outs[1]).equals(Buffer.from(outs[0]))).toBe(true);
    expect(Buffer.from(outs[2]).equals(Buffer.from(outs[0]))).toBe(true);
    expectSameTable(await readAll(outs[0], 2), await readAll(outs[0], 0));
  });
});

/**
 * `bytes` with chunk k's last stream byte damaged, its frame and the index re-sealed so that
 * only the chunk's own container can tell (its decoder, in a thread when there are workers).
 */
async function damagedPastFrame(bytes: Uint8Array, k: number): Promise<Uint8Array> {
  const entries = (await openChunked(bytes)).chunks.map((e) => ({ ...e }));
  const bad = bytes.slice();
  const e = entries[k];
  const body = bad.subarray(e.offset + FRAME_BYTES, e.offset + FRAME_BYTES + e.bytes);
  body[body.length - 1] ^= 0xff;
  const frame = packFrame(k, body);
  bad.set(frame, e.offset);
  e.crc = new DataView(frame.buffer).getUint32(8, true);
  const last = entries[entries.length - 1];
  const indexOffset = last.offset + FRAME_BYTES + last.bytes;
  bad.set(packIndex(entries, indexOffset), indexOffset);
  return bad;
}

describe('a pool kept between reads', () => {
  const ds = table('float64', 2000);
  test('batch after batch on one pool of 2 threads restores what the calling thread restores', async () => {
    const { bytes } = await compressChunked(ds, { id: 'sz-rel', bound: 1e-3 }, { chunkRows: 128, workers: 0 });
    const reader = await openChunked(bytes);
    const pool = openChunkPool(2);
    try {
      for (const [a, b] of [[0, 700], [650, 1300], [1300, 2000]]) expectSameTable(await reader.readRows(a, b, { pool }), await reader.readRows(a, b, { workers: 0 }));
      expectSameTable(await reader.readAll({ pool }), await reader.readAll({ workers: 0 }));
    } finally {
      await pool.close();
    }
  });

  test('a damaged chunk read with a pool is a FormatError naming the chunk; its checksum refuses it before any thread, so the pool stays usable', async () => {
    const { bytes } = await compressChunked(ds, { id: 'zstd' }, { chunkRows: 500, workers: 0 });
    const reader = await openChunked(bytes);
    const bad = bytes.slice();
    // Flip a byte inside chunk 1's container, past its frame: the container's own checks refuse it.
    const e = reader.chunks[1];
    bad[e.offset + 12 + Math.floor(e.bytes / 2)] ^= 0xff;
    const damaged = await openChunked(bad);
    const pool = openChunkPool(2);
    try {
      await expect(damaged.readAll({ pool })).rejects.toThrow(FormatError);
      await expect(damaged.readAll({ pool })).rejects.toThrow(/chunk 1 \(rows 500\.\.999\).*checksum mismatch/);
      expectSameTable(await reader.readAll({ pool }), ds);
    } finally {
      await pool.close();
    }
    expect(() => openChunkPool(0)).toThrow(/workers: got 0/);
  });

  test('a chunk whose frame checks out but whose container is damaged fails in a thread: a FormatError naming the chunk, then the pool refuses further reads', async () => {
    const { bytes } = await compressChunked(ds, { id: 'zstd' }, { chunkRows: 500, workers: 0 });
    const reader = await openChunked(bytes);
    const bad = await damagedPastFrame(bytes, 2);
    const pool = openChunkPool(2);
    try {
      const damaged = await openChunked(bad);
      await expect(damaged.readAll({ pool })).rejects.toThrow(FormatError);
      await expect(reader.readAll({ pool })).rejects.toThrow(/closed after a failure: .*chunk 2 \(rows 1000\.\.1499\)/);
    } finally {
      await pool.close();
    }
    // Without a pool, the same damage is the same FormatError, from the calling thread.
    await expect((await openChunked(bad)).readRows(1000, 1500)).rejects.toThrow(/chunk 2 \(rows 1000\.\.1499\)/);
  });

  test('the streaming decoder on 2 threads restores what the calling thread restores; a container damaged past its frame is a FormatError naming the chunk', async () => {
    const { bytes } = await compressChunked(ds, { id: 'zstd' }, { chunkRows: 500, workers: 0 });
    const blocksOf = async (b: Uint8Array, workers: number) => {
      const file = path.join(dir, `streamed-${workers}.lmlc`);
      fs.writeFileSync(file, b);
      const handle = await fs.promises.open(file, 'r');
      try {
        const blocks = [];
        for await (const block of decodeChunkedRows(handle, 0, 2000, 'd.lmlc', { workers, inFlight: 3 })) blocks.push(block);
        return blocks;
      } finally {
        await handle.close();
      }
    };
    const here = await blocksOf(bytes, 0);
    const threads = await blocksOf(bytes, 2);
    expect(threads.map((b) => b.columns[0].length)).toEqual(here.map((b) => b.columns[0].length));
    threads.forEach((b, k) => b.columns.forEach((c, j) => expect([k, j, sameBits(c, here[k].columns[j])]).toEqual([k, j, true])));
    const bad = await damagedPastFrame(bytes, 2);
    await expect(blocksOf(bad, 2)).rejects.toThrow(FormatError);
    await expect(blocksOf(bad, 2)).rejects.toThrow(/d\.lmlc: chunk 2\b/);
  });
});

describe('summarize: sizes and values stored exactly, summed over the chunks', () => {
  test('zfp-rate: the sum of what each chunk\'s rows count when coded alone', async () => {
    const n = 400;
    // Finite values zfp at 8 bits would restore as Infinity: stored exactly, in three chunks out of four.
    const x = Float64Array.from({ length: n }, (_, i) => ([5, 105, 110, 305].includes(i) ? Number.MAX_VALUE : Math.sin(i / 9)));
    const ds = new Dataset({ name: 'exact', names: ['x', 'y'], columns: [x, Float64Array.from(x, (v) => -v / 2)] });
    const cfg = { id: 'zfp-rate', rate: 8 } as const;
    const { bytes } = await compressChunked(ds, cfg, { chunkRows: 100, workers: 0 });
    const s = await (await openChunked(bytes)).summarize();
    const alone = await Promise.all([0, 100, 200, 300].map(async (a) => (await encodeDataset(ds.selectRows(Uint32Array.from({ length: 100 }, (_, i) => a + i)), cfg)).stats));
    expect(s.perChunk.map((c) => c.storedExactly)).toEqual(alone.map((a) => a.storedExactly));
    expect(s.storedExactly).toBe(alone.reduce((t, a) => t + a.storedExactly, 0));
    expect(s.perChunk.filter((c) => c.storedExactly > 0)).toHaveLength(3);
    expect(s.fileBytes).toBe(bytes.length);
    expect(s.compressionRatio).toBeCloseTo(ds.featureBytes / bytes.length, 12);
  });
});

/** A file handle that counts the bytes read through it. */
function countingHandle(h: FileHandle): { handle: FileHandle; reads: [number, number][] } {
  const reads: [number, number][] = [];
  const handle = {
    stat: () => h.stat(),
    read: (buf: Uint8Array, off: number, len: number, pos: number) => {
      reads.push([pos, len]);
      return h.read(buf, off, len, pos);
    },
  } as unknown as FileHandle;
  return { handle, reads };
}

describe('random access', () => {
  const ds = table('float32', 1000);
  const cfg: ReducerConfig = { id: 'sz-rel', bound: 1e-3 };
  let bytes: Uint8Array;
  let full: Dataset;
  beforeAll(async () => {
    bytes = (await compressChunked(ds, cfg, { chunkRows: 96, workers: 0 })).bytes;
    full = await readAll(bytes);
  });

  test.each([
    [0, 1000],
    [0, 0],
    [95, 97],
    [96, 192],
    [300, 301],
    [250, 777],
    [999, 1000],
  ])('rows %d..%d equal the slice of the full decode', async (a, b) => {
    const part = await (await openChunked(bytes)).readRows(a, b);
    const rows = Uint32Array.from({ length: b - a }, (_, i) => a + i);
    expectSameTable(part, full.selectRows(rows));
  });

  test('a file read at offsets: only the header, the index and the touched chunk are read', async () => {
    const file = path.join(dir, 'ra.lml');
    fs.writeFileSync(file, bytes);
    const h = await fs.promises.open(file, 'r');
    try {
      const { handle, reads } = countingHandle(h);
      const reader = await openChunked(handle);
      const before = reads.length;
      const part = await reader.readRows(500, 520);
      expectSameTable(part, full.selectRows(Uint32Array.from({ length: 20 }, (_, i) => 500 + i)));
      const chunk = reader.chunks[5];
      expect(reads.slice(before)).toEqual([[chunk.offset, 12 + chunk.bytes]]);
      const total = reads.reduce((a, [, n]) => a + n, 0);
      expect(total).toBeLessThan(bytes.length / 4);
    } finally {
      await h.close();
    }
  });

  test('row ranges outside the table are refused by name', async () => {
    const reader = await openChunked(bytes);
    await expect(reader.readRows(-1, 5)).rejects.toThrow(/start row: got -1/);
    await expect(reader.readRows(5, 1001)).rejects.toThrow(/end row: got 1001/);
  });
});

describe('faults', () => {
  const ds = table('float64', 600);
  const chunkRows = 100;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = (await compressChunked(ds, { id: 'zstd' }, { chunkRows, workers: 0 })).bytes;
  });
  const flipped = (at: number) => {
    const b = bytes.slice();
    b[at] ^= 0x10;
    return b;
  };

  test('a flipped byte in any chunk is caught when that chunk is read, with the chunk and offset named; the others still read', async () => {
    const { chunks } = await openChunked(bytes);
    for (let k = 0; k < chunks.length; k++) {
      const e = chunks[k];
      for (const at of [e.offset + 12, e.offset + 12 + (e.bytes >> 1), e.offset + 12 + e.bytes - 1, e.offset + 5]) {
        const reader = await openChunked(flipped(at));
        const rows = `rows ${k * chunkRows}..${k * chunkRows + chunkRows - 1}`;
        await expect(reader.readRows(k * chunkRows, k * chunkRows + 1)).rejects.toThrow(new RegExp(`chunk ${k} \\(${rows}\\) at byte ${e.offset}`));
        const other = (k + 1) % chunks.length;
        expect((await reader.readRows(other * chunkRows, other * chunkRows + 10)).nRows).toBe(10);
      }
    }
  });

  test('a flipped byte in the header, the index or the footer is caught on opening', async () => {
    const { chunks } = await openChunked(bytes);
    const last = chunks[chunks.length - 1];
    const indexAt = last.offset + 12 + last.bytes;
    await expect(openChunked(flipped(20))).rejects.toThrow(/header checksum mismatch/);
    for (let at = indexAt; at < indexAt + chunks.length * 20; at += 7) await expect(openChunked(flipped(at))).rejects.toThrow(new RegExp(`index at byte ${indexAt}: checksum mismatch`));
    for (let at = bytes.length - 24; at < bytes.length; at++) await expect(openChunked(flipped(at))).rejects.toThrow(FormatError);
  });

  test('every truncation is refused on opening, naming what is missing', async () => {
    for (let n = 0; n < bytes.length; n += 97) await expect(openChunked(bytes.subarray(0, n))).rejects.toThrow(FormatError);
    await expect(openChunked(bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/truncated/);
  });

  test('salvage of a truncated file restores every complete chunk and names the lost rows', async () => {
    const full = await readAll(bytes);
    const { chunks } = await openChunked(bytes);
    for (let k = 0; k < chunks.length; k++) {
      const cut = chunks[k].offset + 12 + (chunks[k].bytes >> 1);
      const s = await salvageChunked(bytes.subarray(0, cut));
      expect(s.recovered).toEqual(k === 0 ? [] : [[0, k * chunkRows]]);
      expect(s.lost).toEqual([[k * chunkRows, 600]]);
      expectSameTable(s.dataset, full.selectRows(Uint32Array.from({ length: k * chunkRows }, (_, i) => i)));
      expect(s.problems.join('\n')).toMatch(new RegExp(`chunk ${k} \\(rows ${k * chunkRows}\\.\\.`));
    }
  });

  test('salvage of a file with one damaged chunk restores the others and names the lost rows', async () => {
    const { chunks } = await openChunked(bytes);
    const s = await salvageChunked(flipped(chunks[2].offset + 40));
    expect(s.recovered).toEqual([[0, 200], [300, 600]]);
    expect(s.lost).toEqual([[200, 300]]);
    expect(s.dataset.nRows).toBe(500);
    expect(s.problems).toEqual([expect.stringMatching(/chunk 2 \(rows 200\.\.299\) at byte \d+: checksum mismatch/)]);
  });

  test('a single container is not taken for a chunked one, and the reverse', async () => {
    const single = (await encodeDataset(ds, { id: 'zstd' })).bytes;
    await expect(openChunked(single)).rejects.toThrow(/not a chunked lossyml container \(bad magic at byte 3\)/);
    await expect(decodeDataset(bytes)).rejects.toThrow(/not a lossyml container \(bad magic at byte 3\)/);
  });
});
