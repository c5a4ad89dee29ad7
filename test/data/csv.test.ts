// CSV reading: values, quoting (RFC 4180), headers and targets, the missing-value policy both
// ways, and errors that name the line, the column and the text.

import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DataError, UsageError, parseCsv, parseDecimal, readCsv } from '@lossyml/sdk';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('parseDecimal reads plain decimals exactly as Number() does', () => {
  test.each(['0', '-0', '1', '-1.5', '3.14159', '1e10', '1E-5', '.5', '5.', '+7', '123456789012345', '1234567890123456789', '1e-320', '2.2250738585072014e-308', '1e308', '1e400', '-1e-400', '0.1', '9007199254740993', '000123.4500'])('%s', (s) => {
    expect(Object.is(parseDecimal(bytes(s), 0, s.length), Number(s))).toBe(true);
  });

  test.each(['', '-', '.', 'e5', '1e', '1e+', '0x10', '1_0', 'NaN', 'Infinity', '1.2.3', '--1', ' 1', '1 '])('%j is not a plain decimal', (s) => {
    expect(parseDecimal(bytes(s), 0, s.length)).toBeNaN();
  });

  test('random decimals in every notation agree with Number() to the bit', () => {
    const text = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).chain((x) => fc.integer({ min: 1, max: 21 }).map((p) => x.toPrecision(p))),
      fc.tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${String(b).padStart(8, '0')}`),
    );
    fc.assert(fc.property(text, (s) => Object.is(parseDecimal(bytes(s), 0, s.length), Number(s))), { numRuns: 3000 });
  });
});

describe('parseCsv', () => {
  test('reads a header, numbers, and a numeric target kept apart', () => {
    const ds = parseCsv('a,b,y\n1,2.5,10\n-3,4e2,20\n', { target: 'y' });
    expect(ds.names).toEqual(['a', 'b']);
    expect(Array.from(ds.columns[0])).toEqual([1, -3]);
    expect(Array.from(ds.columns[1])).toEqual([2.5, 400]);
    expect(ds.target).toEqual({ name: 'y', kind: 'numeric', values: new Float64Array([10, 20]) });
    expect(ds.targetIndex).toBe(2);
    expect(ds.missing).toEqual({ total: 0, byColumn: {} });
  });

  test('a target by index, negative from the end; labels when a cell is not a number', () => {
    const first = parseCsv('k,x\nA,1\nB,2\n', { target: 0 });
    expect(first.target).toEqual({ name: 'k', kind: 'label', values: ['A', 'B'] });
    expect(first.targetIndex).toBe(0);
    const last = parseCsv('x,k\n1,"3"\n2,"M"\n', { target: -1 });
    expect(last.target).toEqual({ name: 'k', kind: 'label', values: ['3', 'M'] });
    const numeric = parseCsv('x,k\n1,"0"\n2,"1"\n', { target: -1 });
    expect(numeric.target?.kind).toBe('numeric');
  });

  test('RFC 4180: quoted fields with delimiters, escaped quotes and newlines', () => {
    const ds = parseCsv('"name, with comma","say ""hi""",y\n1,2,"a,b"\n3,4,"line\nbreak ""q"""\n', { target: 'y' });
    expect(ds.names).toEqual(['name, with comma', 'say "hi"']);
    expect(ds.target?.values).toEqual(['a,b', 'line\nbreak "q"']);
    expect(Array.from(ds.columns[1])).toEqual([2, 4]);
  });

  test('CRLF line ends, a BOM, padded cells, blank lines and no final newline', () => {
    const ds = parseCsv('\ufeffa,b\r\n   1 ,  2\r\n\r\n3,4');
    expect(ds.names).toEqual(['a', 'b']);
    expect(Array.from(ds.columns[0])).toEqual([1, 3]);
    expect(Array.from(ds.columns[1])).toEqual([2, 4]);
  });

  test('CR-only line ends (old Mac files) end lines too, and errors name the right line', () => {
    const ds = parseCsv('a,b,y\r1,2,u\r\r3,4,v\r', { target: 'y' });
    expect(ds.names).toEqual(['a', 'b']);
    expect(Array.from(ds.columns[0])).toEqual([1, 3]);
    expect(Array.from(ds.columns[1])).toEqual([2, 4]);
    expect(ds.target?.values).toEqual(['u', 'v']);
    expect(() => parseCsv('a,b\r1,2\r3,x\r')).toThrow(/line 3, column "b": cannot read "x"/);
  });

  test('a file mixing CR, LF and CRLF line ends reads every record', () => {
    const ds = parseCsv('a,b\r\n1,2\r3,4\n5,6');
    expect(Array.from(ds.columns[0])).toEqual([1, 3, 5]);
    expect(Array.from(ds.columns[1])).toEqual([2, 4, 6]);
  });

  test('without a header, columns are c0, c1, ... and the first line is data', () => {
    const ds = parseCsv('1,2,x\n3,4,y\n', { header: false, target: -1 });
    expect(ds.names).toEqual(['c0', 'c1']);
    expect(ds.nRows).toBe(2);
    expect(ds.target).toEqual({ name: 'c2', kind: 'label', values: ['x', 'y'] });
  });

  test('another delimiter and float32 columns', () => {
    const ds = parseCsv('a;b\n0.1;2\n', { delimiter: ';', dtype: 'float32' });
    expect(ds.dtype).toBe('float32');
    expect(ds.columns[0][0]).toBe(Math.fround(0.1));
  });

  test('infinities are numbers, not missing', () => {
    const ds = parseCsv('a\ninf\n-Infinity\n1\n');
    expect(Array.from(ds.columns[0])).toEqual([Infinity, -Infinity, 1]);
    expect(ds.missing?.total).toBe(0);
  });
});

describe('missing values', () => {
  const text = 'a,b,y\n1,?,p\n,NaN,q\nnan,4,\nNA,5,r\n';

  test("'nan' (default): stored as NaN (labels as ''), counted per column", () => {
    const ds = parseCsv(text, { target: 'y' });
    expect(Array.from(ds.columns[0])).toEqual([1, NaN, NaN, NaN]);
    expect(Array.from(ds.columns[1])).toEqual([NaN, NaN, 4, 5]);
    expect(ds.target?.values).toEqual(['p', 'q', '', 'r']);
    expect(ds.missing).toEqual({ total: 6, byColumn: { a: 3, b: 2, y: 1 } });
  });

  test("'error': refuses the first missing cell, naming line and column", () => {
    expect(() => parseCsv(text, { target: 'y', missing: 'error' })).toThrow(DataError);
    expect(() => parseCsv(text, { target: 'y', missing: 'error' })).toThrow(/line 2, column "b": missing value "\?"/);
  });

  test('a numeric target with missing cells stays numeric with NaN', () => {
    const ds = parseCsv('x,y\n1,2\n2,?\n', { target: 'y' });
    expect(ds.target?.kind).toBe('numeric');
    expect(Array.from(ds.target!.values as Float64Array)).toEqual([2, NaN]);
    expect(ds.missing).toEqual({ total: 1, byColumn: { y: 1 } });
  });
});

describe('malformed input is an error naming where', () => {
  test.each([
    ['a,b\n1,2\n3,x7\n', /line 3, column "b": cannot read "x7" as a number/],
    ['a,b\n1,2\n3\n', /line 3: 1 fields, expected 2/],
    ['a,b\n1,2,3\n', /line 2: 3 fields, expected 2/],
    ['a,b\n1,"2\n', /line 2: a quoted field opened here never closes/],
    ['a,b\n1,"2"x\n', /line 2: text after the closing quote/],
    ['', /no data/],
    ['a,a\n1,2\n', /duplicate column name "a"/],
  ])('%j', (text, message) => {
    expect(() => parseCsv(text)).toThrow(DataError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  test('bad options are UsageErrors naming the option and what is allowed', () => {
    expect(() => parseCsv('a\n1\n', { target: 'nope' })).toThrow(UsageError);
    expect(() => parseCsv('a\n1\n', { target: 'nope' })).toThrow(/target: got "nope", expected one of the 1 columns/);
    expect(() => parseCsv('a\n1\n', { target: 3 })).toThrow(/target: got 3, expected an index in -1..0/);
    expect(() => parseCsv('a\n1\n', { delimiter: ';;' })).toThrow(/delimiter/);
    expect(() => parseCsv('a\n1\n', { missing: 'zero' as never })).toThrow(/missing: got "zero", expected 'nan' or 'error'/);
    expect(() => parseCsv('a\n1\n', { dtype: 'int8' as never })).toThrow(/dtype/);
  });
});

describe('readCsv', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-csv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads .csv and .csv.gz the same, names the dataset after the file', async () => {
    const text = 'x,y\n1.5,a\n2.5,b\n';
    fs.writeFileSync(path.join(dir, 'plain.csv'), text);
    fs.writeFileSync(path.join(dir, 'packed.csv.gz'), zlib.gzipSync(text));
    const a = await readCsv(path.join(dir, 'plain.csv'), { target: 'y' });
    const b = await readCsv(path.join(dir, 'packed.csv.gz'), { target: 'y' });
    expect(a.name).toBe('plain');
    expect(b.name).toBe('packed');
    expect(Array.from(b.columns[0])).toEqual([1.5, 2.5]);
    expect(b.target).toEqual(a.target);
    expect(b.source).toBe(path.join(dir, 'packed.csv.gz'));
  });

  test('a missing file and a corrupt gzip are DataErrors naming the file', async () => {
    await expect(readCsv(path.join(dir, 'absent.csv'))).rejects.toThrow(/absent\.csv: ENOENT/);
    const bad = zlib.gzipSync('a\n1\n').subarray(0, 12);
    fs.writeFileSync(path.join(dir, 'cut.csv.gz'), bad);
    await expect(readCsv(path.join(dir, 'cut.csv.gz'))).rejects.toThrow(/cut\.csv\.gz: corrupt or truncated gzip/);
  });
});
