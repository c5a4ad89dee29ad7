// .npy against byte arrays built by hand from the format spec (magic, version, header length,
// a Python dict literal padded with spaces and a newline, then raw values), both orders, both
// float types, big-endian, version 2, integers; and clear errors on everything else.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError, Dataset, encodeNpy, npyToDataset, parseNpy, readNpy, readNpyDataset, writeNpy } from '@lossyml/sdk';

/** A .npy file as the spec lays it out: header dict padded so the data starts at a multiple of 64. */
function npyBytes(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  let header = dict;
  while ((pre + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(data, pre + header.length);
  return out;
}

function f64le(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  values.forEach((v, i) => new DataView(b.buffer).setFloat64(i * 8, v, true));
  return b;
}

test('C-order float64 2x3: row after row', () => {
  const bytes = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f64le([1, 2, 3, 4, 5, 6]));
  const a = parseNpy(bytes);
  expect(a.shape).toEqual([2, 3]);
  expect(a.fortranOrder).toBe(false);
  const ds = npyToDataset(a);
  expect(ds.nRows).toBe(2);
  expect(ds.columns.map((c) => Array.from(c))).toEqual([[1, 4], [2, 5], [3, 6]]);
});

test('Fortran-order float32 2x3: column after column', () => {
  const b = new Uint8Array(24);
  [1.5, 4.5, 2.5, 5.5, 3.5, 6.5].forEach((v, i) => new DataView(b.buffer).setFloat32(i * 4, v, true));
  const a = parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", b));
  expect(a.data).toBeInstanceOf(Float32Array);
  expect(npyToDataset(a).columns.map((c) => Array.from(c))).toEqual([[1.5, 4.5], [2.5, 5.5], [3.5, 6.5]]);
});

test('big-endian float64, format version 2, 1-D', () => {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setFloat64(0, Math.PI, false);
  new DataView(b.buffer).setFloat64(8, -0, false);
  const a = parseNpy(npyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", b, 2));
  expect(Object.is(a.data[1], -0)).toBe(true);
  expect(a.data[0]).toBe(Math.PI);
  expect(npyToDataset(a).nCols).toBe(1);
});

test('int32 and uint8 arrays are converted to floats exactly', () => {
  const i32 = new Uint8Array(new Int32Array([-7, 2147483647, 0]).buffer);
  const a = parseNpy(npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i32));
  expect(Array.from(a.data)).toEqual([-7, 2147483647, 0]);
  expect(a.data).toBeInstanceOf(Float64Array);
  const u8 = parseNpy(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", new Uint8Array([255, 3])));
  expect(Array.from(u8.data)).toEqual([255, 3]);
});

test('encodeNpy writes exactly the bytes of the spec (what numpy writes)', () => {
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const expected = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f64le([1, 2, 3, 4, 5, 6]));
  expect(Buffer.from(encodeNpy(data, [2, 3]))).toEqual(Buffer.from(expected));
  const one = npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", new Uint8Array(new Float32Array([1, 2, 3]).buffer));
  expect(Buffer.from(encodeNpy(new Float32Array([1, 2, 3]), [3], true))).toEqual(Buffer.from(one));
});

test.each([
  [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), /not a \.npy file/],
  [npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16)), /dtype "<c16" is not supported/],
  [npyBytes("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(20)), /dtype "<U5" is not supported/],
  [npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), /bad \.npy header/],
  [npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new Uint8Array(40)), /40 bytes of data, but shape \(2, 3\) of <f8 needs 48 \(truncated\)/],
])('bad input %#: a DataError that says what is wrong', (bytes, message) => {
  expect(() => parseNpy(bytes, {}, 'x.npy')).toThrow(DataError);
  expect(() => parseNpy(bytes, {}, 'x.npy')).toThrow(message);
});

test('writeNpy / readNpy files: a Dataset as its feature matrix, either order', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-npy-'));
  try {
    const ds = new Dataset({ name: 'm', names: ['a', 'b'], columns: [new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])] });
    await writeNpy(path.join(dir, 'f.npy'), ds);
    await writeNpy(path.join(dir, 'c.npy'), ds, { order: 'C' });
    const f = await readNpy(path.join(dir, 'f.npy'));
    const c = await readNpy(path.join(dir, 'c.npy'));
    expect(Array.from(f.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(c.data)).toEqual([1, 4, 2, 5, 3, 6]);
    for (const file of ['f.npy', 'c.npy']) {
      const back = await readNpyDataset(path.join(dir, file));
      expect(back.columns.map((x) => Array.from(x))).toEqual([[1, 2, 3], [4, 5, 6]]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
