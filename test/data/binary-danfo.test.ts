// Raw float files with a given shape (against hand-built bytes), and danfo DataFrames in and out.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError, Dataset, UsageError, fromDataFrame, parseBinary, readBinary, toDataFrame, writeBinary } from '@lossyml/sdk';

describe('binary', () => {
  const le64 = Buffer.alloc(48);
  [1, 2, 3, 4, 5, 6].forEach((v, i) => le64.writeDoubleLE(v, i * 8));

  test('C order: rows of the matrix one after another', () => {
    const ds = parseBinary(le64, { dtype: 'float64', shape: [2, 3] });
    expect(ds.columns.map((c) => Array.from(c))).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  test('F order: columns one after another; float32', () => {
    const le32 = Buffer.alloc(24);
    [1, 2, 3, 4, 5, 6].forEach((v, i) => le32.writeFloatLE(v + 0.5, i * 4));
    const ds = parseBinary(le32, { dtype: 'float32', shape: [3, 2], order: 'F', names: ['x', 'y'] });
    expect(ds.dtype).toBe('float32');
    expect(ds.names).toEqual(['x', 'y']);
    expect(ds.columns.map((c) => Array.from(c))).toEqual([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]]);
  });

  test('a size that does not match the shape is a DataError; bad options are UsageErrors', () => {
    expect(() => parseBinary(le64, { dtype: 'float64', shape: [2, 4] }, 'm.f64')).toThrow(DataError);
    expect(() => parseBinary(le64, { dtype: 'float64', shape: [2, 4] }, 'm.f64')).toThrow(/m\.f64: 48 bytes, but 2 x 4 float64 needs 64/);
    expect(() => parseBinary(le64, { dtype: 'int8' as never, shape: [2, 3] })).toThrow(UsageError);
    expect(() => parseBinary(le64, { dtype: 'float64', shape: [6] as never })).toThrow(/shape/);
  });

  test('writeBinary then readBinary, both orders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-bin-'));
    try {
      const ds = new Dataset({ name: 'b', names: ['a', 'b'], columns: [new Float32Array([1, 2, 3]), new Float32Array([-1, -2, -3])] });
      await writeBinary(ds, path.join(dir, 'c.f32'));
      await writeBinary(ds, path.join(dir, 'f.f32'), { order: 'F' });
      expect(Array.from(new Float32Array(new Uint8Array(fs.readFileSync(path.join(dir, 'c.f32'))).buffer))).toEqual([1, -1, 2, -2, 3, -3]);
      const back = await readBinary(path.join(dir, 'f.f32'), { dtype: 'float32', shape: [3, 2], order: 'F' });
      expect(back.columns.map((c) => Array.from(c))).toEqual([[1, 2, 3], [-1, -2, -3]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('danfo', () => {
  test('a Dataset out to a DataFrame, target in its original column, and back', () => {
    const ds = new Dataset({
      name: 'd',
      names: ['a', 'b'],
      columns: [new Float64Array([1, 2, 3]), new Float64Array([0.5, NaN, 2.5])],
      target: { name: 'y', kind: 'label', values: ['p', 'q', 'p'] },
      targetIndex: 0,
    });
    const df = toDataFrame(ds);
    expect(df.columns).toEqual(['y', 'a', 'b']);
    expect(df.shape).toEqual([3, 3]);
    expect(df.column('a').values).toEqual([1, 2, 3]);
    const back = fromDataFrame(df, { target: 'y', name: 'back' });
    expect(back.names).toEqual(['a', 'b']);
    expect(back.targetIndex).toBe(0);
    expect(back.target).toEqual(ds.target);
    expect(Array.from(back.columns[1])).toEqual([0.5, NaN, 2.5]);
    expect(back.missing).toEqual({ total: 1, byColumn: { b: 1 } });
  });

  test('a string feature column is refused, naming the column and row', () => {
    const ds = new Dataset({ name: 'd', names: ['10', '2'], columns: [new Float64Array([1, 2]), new Float64Array([3, 4])], target: { name: 's', kind: 'label', values: ['x', 'y'] } });
    const df = toDataFrame(ds);
    expect(df.columns).toEqual(['10', '2', 's']); // names that look like numbers keep their order
    expect(() => fromDataFrame(df)).toThrow(/DataFrame column "s", row 0: "x" is not a number/);
    expect(() => fromDataFrame(df, { target: 'nope' })).toThrow(UsageError);
  });
});
