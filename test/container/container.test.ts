import { Dataset, FORMAT_MAJOR, FORMAT_VERSION, FormatError, UsageError, decodeDataset, encodeDataset, getReducer, normalizeConfig, reducerIds, unpackContainer, type Target } from '@lossyml/sdk';
import { CONFIG_RULES, storedConfig } from '@lossyml/sdk/container/stored-config';
import { withHeader } from './with-header';

function sample(): Dataset {
  const n = 23;
  const a = new Float64Array(n).map((_, i) => Math.sin(i) * 1e3);
  const b = new Float64Array(n).map((_, i) => (i % 5 === 0 ? NaN : i / 7));
  return new Dataset({
    name: 'tiny',
    names: ['a', 'b'],
    columns: [a, b],
    target: { name: 'label', kind: 'label', values: Array.from({ length: n }, (_, i) => (i % 3 ? 'yes' : 'no, "quoted"')) },
    targetIndex: 1,
  });
}

function sameBits(x: Float64Array | Float32Array, y: Float64Array | Float32Array): boolean {
  const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  return bx.length === by.length && bx.every((v, i) => v === by[i]);
}

describe('container format', () => {
  test('round trip keeps every bit, the names, the target and its position', async () => {
    const ds = sample();
    const { bytes, stats } = await encodeDataset(ds, { id: 'none' });
    const { dataset, header } = await decodeDataset(bytes);
    expect(dataset.names).toEqual(ds.names);
    ds.columns.forEach((c, j) => expect(sameBits(c, dataset.columns[j])).toBe(true));
    expect(dataset.target).toEqual(ds.target);
    expect(dataset.targetIndex).toBe(1);
    expect(header.config).toEqual({ id: 'none', layout: 'columns' });
    // ratio excludes the target stream but counts the header: below 1 for the identity
    expect(stats.compressionRatio).toBeLessThan(1);
    expect(stats.storedBytes + stats.targetBytes).toBe(bytes.length);
    expect(stats.fileBytes).toBe(bytes.length);
  });

  test('numeric targets and float32 features survive too', async () => {
    const x = new Float32Array([1.5, -0, 3.25e-39, Infinity]);
    const ds = new Dataset({ name: 'f32', names: ['x'], columns: [x], target: { name: 'y', kind: 'numeric', values: new Float64Array([0.1, 0.2, NaN, -1]) } });
    const { dataset } = await decodeDataset((await encodeDataset(ds, { id: 'none', layout: 'matrix' })).bytes);
    expect(dataset.dtype).toBe('float32');
    expect(sameBits(dataset.columns[0], x)).toBe(true);
    expect(sameBits((dataset.target as { values: Float64Array }).values, (ds.target as { values: Float64Array }).values)).toBe(true);
  });

  test('every truncation is refused with a FormatError', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'none' });
    for (let len = 0; len < bytes.length; len++) {
      expect(() => unpackContainer(bytes.subarray(0, len))).toThrow(FormatError);
    }
  });

  test('every single changed byte is refused', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'none' });
    const accepted: string[] = [];
    const wrongError: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[i] ^= mask;
        try {
          await decodeDataset(bad);
          accepted.push(`byte ${i} ^ ${mask}`);
        } catch (e) {
          if (!(e instanceof FormatError)) wrongError.push(`byte ${i} ^ ${mask}: ${(e as Error).message}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(wrongError).toEqual([]);
  });

  test('trailing bytes and foreign files are refused, naming why', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'none' });
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => unpackContainer(longer)).toThrow(/trailing bytes/);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(0)]);
    expect(() => unpackContainer(png)).toThrow(/not a lossyml container/);
    expect(() => unpackContainer(new TextEncoder().encode('a,b,c\n1,2,3\n4,5,6\n7,8,9\n'))).toThrow(/not a lossyml container/);
    expect(() => unpackContainer(new Uint8Array(0))).toThrow(/too short/);
  });

  test('a future major or minor version is refused as newer or damaged, with the version named', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'none' });
    const bad = bytes.slice();
    bad[8] = FORMAT_MAJOR + 1;
    expect(() => unpackContainer(bad)).toThrow(new RegExp(`version ${FORMAT_MAJOR + 1}\\.0: written by a newer lossyml or damaged`));
    const minor = bytes.slice();
    minor[10] = 1;
    expect(() => unpackContainer(minor)).toThrow(new RegExp(`version ${FORMAT_MAJOR}\\.1: written by a newer lossyml or damaged`));
  });
});

describe('a stored config is read by the rules of the version that wrote it', () => {
  const foreign = /written by a newer lossyml or damaged/;

  test('an unknown config key, reducer id, layout or option value is a FormatError naming it, not a usage error', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'zstd', level: 5 });
    expect((await decodeDataset(withHeader(bytes, () => undefined))).header.config).toEqual(normalizeConfig({ id: 'zstd', level: 5 }));
    const cases: [(h: Record<string, unknown>) => void, RegExp][] = [
      [(h) => ((h.config as Record<string, unknown>).window = 4), /zstd config key "window" is unknown/],
      [(h) => ((h.config as Record<string, unknown>).id = 'zstd-2'), /reducer id "zstd-2" is not one this lossyml reads/],
      [(h) => ((h.config as Record<string, unknown>).layout = 'tiles'), /layout "tiles"/],
      [(h) => ((h.config as Record<string, unknown>).shuffle = 'nibble'), /shuffle is "nibble"/],
      [(h) => ((h.config as Record<string, unknown>).level = '5'), /level is "5"/],
      [(h) => ((h.config as Record<string, unknown>).level = 23), /level is 23, outside the integers in \[1, 22\] of format 2/],
      [(h) => delete (h.config as Record<string, unknown>).level, /level is undefined/],
      [(h) => (h.config = 'zstd'), /stored config is "zstd"/],
    ];
    for (const [edit, message] of cases) {
      const bad = withHeader(bytes, edit);
      expect(() => unpackContainer(bad)).toThrow(FormatError);
      expect(() => unpackContainer(bad)).toThrow(message);
      expect(() => unpackContainer(bad)).toThrow(foreign);
      await expect(decodeDataset(bad)).rejects.toThrow(foreign);
    }
  });

  test('the rules are the frozen ones of the format, not today\'s parameter ranges', async () => {
    // A range of today's ParamSpec narrowed after a file was written must not make the file unreadable.
    const { bytes } = await encodeDataset(sample(), { id: 'zstd', level: 22 });
    const info = getReducer('zstd').info;
    const saved = info.param!.max;
    (info.param as { max: number }).max = 19;
    try {
      expect(() => normalizeConfig({ id: 'zstd', level: 22 })).toThrow(UsageError);
      expect((await decodeDataset(bytes)).header.config.level).toBe(22);
    } finally {
      (info.param as { max: number }).max = saved;
    }
  });

  test('every registered id has rules in the format written today', () => {
    expect(reducerIds().filter((id) => !(id in CONFIG_RULES[FORMAT_VERSION]))).toEqual([]);
  });

  test('today\'s defaults of every id satisfy the frozen rules of the format written today', () => {
    for (const id of reducerIds()) {
      for (const layout of getReducer(id).info.layouts) {
        const cfg = normalizeConfig({ id, layout });
        expect(storedConfig(JSON.parse(JSON.stringify(cfg)), FORMAT_VERSION, 'test')).toEqual(cfg);
      }
    }
  });
});

describe('the exact target is coded losslessly and counted in the whole file\'s ratio', () => {
  function table(n: number, target: Target): Dataset {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 10));
    return new Dataset({ name: 't', names: ['x'], columns: [x], target });
  }

  test('a label column costs about a byte a row, and comes back exactly, quotes and all', async () => {
    const labels = Array.from({ length: 5000 }, (_, i) => ['yes', 'no', 'maybe, "perhaps"', '\u00e9t\u00e9'][(i * 7919) % 4]);
    const ds = table(5000, { name: 'label', kind: 'label', values: labels });
    const { bytes, stats } = await encodeDataset(ds, { id: 'zstd' });
    const raw = labels.reduce((a, l) => a + Buffer.byteLength(l) + 1, 0);
    expect(stats.targetRawBytes).toBe(raw);
    expect(stats.targetBytes).toBeLessThan(5000 * 1.05);
    expect(stats.fileRatio).toBeCloseTo((ds.featureBytes + raw) / bytes.length, 12);
    expect((await decodeDataset(bytes)).dataset.target).toEqual(ds.target);
  });

  test('a numeric target of few distinct values shrinks; NaN, -0 and every bit come back', async () => {
    const values = Float64Array.from({ length: 4000 }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? -0 : (i * 31) % 7));
    const ds = table(4000, { name: 'y', kind: 'numeric', values });
    const { bytes, stats } = await encodeDataset(ds, { id: 'none' });
    expect(stats.targetRawBytes).toBe(32000);
    expect(stats.targetBytes).toBeLessThan(32000 / 4);
    const back = (await decodeDataset(bytes)).dataset.target as { values: Float64Array };
    expect(sameBits(back.values, values)).toBe(true);
  });

  test('a sampler stores the kept rows\' target; the whole-file ratio counts the original column', async () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    const ds = table(1000, { name: 'y', kind: 'numeric', values });
    const { bytes, stats } = await encodeDataset(ds, { id: 'sample-naive', k: 10 });
    const { dataset } = await decodeDataset(bytes);
    expect(Array.from((dataset.target as { values: Float64Array }).values)).toEqual(Array.from({ length: 100 }, (_, i) => 10 * i));
    expect(stats.targetRawBytes).toBe(8000);
    expect(stats.fileRatio).toBe((8000 + 8000) / bytes.length);
  });
});
