import { Dataset, FormatError, decodeDataset, encodeDataset, unpackContainer } from '@lossyml/sdk';

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
    expect(stats.storedBytes).toBe(bytes.length - JSON.stringify(ds.target!.values).length);
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
    let refused = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[i] ^= mask;
        await expect(decodeDataset(bad)).rejects.toThrow(FormatError);
        refused++;
      }
    }
    expect(refused).toBe(bytes.length * 3);
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

  test('a future major version is refused with the version named', async () => {
    const { bytes } = await encodeDataset(sample(), { id: 'none' });
    const bad = bytes.slice();
    bad[8] = 2;
    expect(() => unpackContainer(bad)).toThrow(/version 2\.0 is not supported/);
  });
});
