// Write-read cycles are bit-exact: random finite doubles (negative zero, subnormals, huge and
// tiny magnitudes), float32 columns, NaN written and read back as missing, the target put back
// where it was. The expected values are the arrays written, never the reader's own output.

import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Dataset, formatCsv, formatFloat32, parseCsv, readCsv, writeCsv } from '@lossyml/sdk';
import { dataFile } from '../real-data';

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
const text = (ds: Dataset) => Buffer.from(formatCsv(ds)).toString('utf8');

const special = fc.constantFrom(-0, 0, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1e-300, 1e300, 0.1, 1 / 3);
const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), special);

test('random float64 columns survive write and read bit for bit', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.infiniteStream(finite), (nCols, nRows, values) => {
      const columns = Array.from({ length: nCols }, () => Float64Array.from({ length: nRows }, () => values.next().value));
      const ds = new Dataset({ name: 't', names: columns.map((_, j) => `v${j}`), columns });
      const back = parseCsv(text(ds));
      return back.nRows === nRows && columns.every((c, j) => sameBits(c, back.columns[j]));
    }),
    { numRuns: 300 },
  );
});

test('random float32 columns survive in their shortest form', () => {
  fc.assert(
    fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }), (xs) => {
      const col = Float32Array.from(xs);
      const ds = new Dataset({ name: 't', names: ['f'], columns: [col] });
      const back = parseCsv(text(ds), { dtype: 'float32' });
      return sameBits(col, back.columns[0]);
    }),
    { numRuns: 300 },
  );
  expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
  expect(formatFloat32(Math.fround(16777217))).toBe('16777216');
});

test('NaN is written as NaN and read back as missing; -0 and infinities keep their sign', () => {
  const ds = new Dataset({ name: 't', names: ['a'], columns: [new Float64Array([NaN, -0, Infinity, -Infinity, 1])] });
  expect(text(ds)).toBe('a\nNaN\n-0\ninf\n-inf\n1\n');
  const back = parseCsv(text(ds));
  expect(sameBits(back.columns[0], [NaN, -0, Infinity, -Infinity, 1])).toBe(true);
  expect(back.missing).toEqual({ total: 1, byColumn: { a: 1 } });
});

test('the target goes back to its original column; labels are quoted when needed', () => {
  const ds = parseCsv('"lettr",x,y\n"A, b",1,2\n"say ""q""",3,4\n', { target: 'lettr' });
  const out = text(ds);
  expect(out.split('\n')[0]).toBe('lettr,x,y');
  expect(out).toContain('"A, b",1,2');
  const back = parseCsv(out, { target: 0 });
  expect(back.target).toEqual(ds.target);
  expect(back.names).toEqual(['x', 'y']);
});

test('writeCsv writes atomically, gzips .gz names, and a real table survives a full cycle', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-csvw-'));
  try {
    const src = await dataFile('boston');
    const ds = await readCsv(src, { target: 'medv' });
    const out = path.join(dir, 'boston-copy.csv.gz');
    await writeCsv(ds, out);
    expect(fs.readdirSync(dir)).toEqual(['boston-copy.csv.gz']); // no temp file left behind
    expect(zlib.gunzipSync(fs.readFileSync(out)).toString('utf8').split('\n')[0]).toBe('crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,b,lstat,medv');
    const back = await readCsv(out, { target: 'medv' });
    ds.columns.forEach((c, j) => expect(sameBits(c, back.columns[j])).toBe(true));
    expect(sameBits(ds.target!.values as Float64Array, back.target!.values as Float64Array)).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
