import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run-cli';

const PAPER_IDS = [
  'none', 'gzip', 'lz4', 'zstd', 'blosclz', 'fpzip', 'sample-naive', 'sample-wr', 'sample-wor', 'truncate32',
  'sz-abs', 'sz-rel', 'sz-pwrel', 'sz-psnr', 'zfp-accuracy', 'zfp-precision', 'zfp-rate',
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CSV with a string label in the middle, awkward numbers and a quoted header. */
function writeSampleCsv(): string {
  const lines = ['"x 1",label,y,z'];
  for (let i = 0; i < 200; i++) {
    const x = Math.sin(i) * 10 ** ((i % 7) - 3);
    const y = i % 11 === 0 ? -0 : 1 / (i + 3);
    const z = 5e-324 * (i % 3) + 1e300 * (i % 2);
    lines.push(`${x},${i % 4 ? 'nonad.' : '"ad, yes"'},${Object.is(y, -0) ? '-0' : y},${z}`);
  }
  const file = path.join(dir, 'sample.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('lossyml reducers', () => {
  test('--json lists all 17 methods of the paper, each with its family and parameter description', async () => {
    const r = await cli('reducers', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { id: string; family: string; param?: { name: string; min: number; max: number; scale: string; lossier: string } }[];
    const ids = list.map((x) => x.id);
    for (const id of PAPER_IDS) expect(ids).toContain(id);
    for (const x of list) {
      expect(typeof x.family).toBe('string');
      if (x.param) {
        expect(x.param.min).toBeLessThanOrEqual(x.param.max);
        expect(['log', 'linear']).toContain(x.param.scale);
        expect(['higher', 'lower', 'none']).toContain(x.param.lossier);
      }
    }
  });

  test('the text table names every method', async () => {
    const r = await cli('reducers');
    expect(r.code).toBe(0);
    for (const id of PAPER_IDS) expect(r.out).toMatch(new RegExp(`^${id}\\s`, 'm'));
  });
});

describe('lossyml compress / decompress / inspect', () => {
  test('a CSV with a label target survives a lossless trip exactly, column order and all', async () => {
    const input = writeSampleCsv();
    const lml = path.join(dir, 'sample.lml');
    const c = await cli('compress', input, '-o', lml, '--method', 'zstd', '--target', 'label');
    expect(c.err).toBe('');
    expect(c.code).toBe(0);
    const out = path.join(dir, 'restored.csv');
    const d = await cli('decompress', lml, '-o', out);
    expect(d.code).toBe(0);
    const parse = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => l);
    const [h0, ...rows0] = parse(input);
    const [h1, ...rows1] = parse(out);
    expect(h1.replace(/"/g, '')).toBe(h0.replace(/"/g, ''));
    expect(rows1.length).toBe(rows0.length);
    // Same numbers (compared as numbers, so "1e+300" and "1e300" agree) and same labels.
    const cells = (l: string) => l.match(/("[^"]*"|[^,]+)/g)!.map((s) => s.replace(/"/g, ''));
    rows0.forEach((row, i) => {
      const a = cells(row);
      const b = cells(rows1[i]);
      expect(b.length).toBe(a.length);
      a.forEach((v, j) => {
        if (j === 1) expect(b[j]).toBe(v);
        else expect(Object.is(Number(b[j]), Number(v))).toBe(true);
      });
    });
  });

  test('inspect --json reports the method, shape, target and ratio', async () => {
    const input = writeSampleCsv();
    const lml = path.join(dir, 'inspect.lml');
    expect((await cli('compress', input, '-o', lml, '--method', 'gzip', '--level', '9', '--target', 'label')).code).toBe(0);
    const r = await cli('inspect', lml, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out);
    expect(info.config).toMatchObject({ id: 'gzip', level: 9, layout: 'columns' });
    expect([info.rows, info.features]).toEqual([200, 3]);
    expect(info.target).toMatchObject({ name: 'label', kind: 'label', index: 1 });
    const stored = fs.statSync(lml).size - info.targetBytes;
    expect(info.compressionRatio).toBeCloseTo((200 * 3 * 8) / stored, 10);
  });

  test('--config JSON works like flags', async () => {
    const input = writeSampleCsv();
    const lml = path.join(dir, 'config.lml');
    const r = await cli('compress', input, '-o', lml, '--target', 'label', '--config', '{"id": "sample-wor", "fraction": 0.25, "seed": 3}');
    expect(r.code).toBe(0);
    const info = JSON.parse((await cli('inspect', lml, '--json')).out);
    expect(info.rows).toBe(50);
    expect(info.originalRows).toBe(200);
  });

  test('missing cells are counted and reported, per column, in text and JSON', async () => {
    const input = path.join(dir, 'missing.csv');
    fs.writeFileSync(input, 'a,b,y\n1,?,u\n,2,v\nNA,3,\n4,5,u\n');
    const r = await cli('compress', input, '-o', path.join(dir, 'missing.lml'), '--method', 'zstd', '--target', 'y');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^4 missing cells read as NaN \(empty labels in y\): a 2, b 1, y 1$/m);
    const j = await cli('compress', input, '-o', path.join(dir, 'missing2.lml'), '--method', 'zstd', '--target', 'y', '--json');
    expect(JSON.parse(j.out).missing).toEqual({ total: 4, byColumn: { a: 2, b: 1, y: 1 } });
  });

  test('a CSV with CR-only line ends compresses every row', async () => {
    const input = path.join(dir, 'mac.csv');
    fs.writeFileSync(input, 'a,b,y\r1,2,3\r4,5,6\r7,8,9\r');
    const lml = path.join(dir, 'mac.lml');
    expect((await cli('compress', input, '-o', lml, '--method', 'zstd', '--target', 'y')).code).toBe(0);
    const info = JSON.parse((await cli('inspect', lml, '--json')).out);
    expect([info.rows, info.features, info.columns]).toEqual([3, 2, ['a', 'b']]);
  });

  test('a corrupted container is refused with exit 1 and leaves no output file', async () => {
    const input = writeSampleCsv();
    const lml = path.join(dir, 'corrupt.lml');
    expect((await cli('compress', input, '-o', lml, '--method', 'lz4', '--target', 'label')).code).toBe(0);
    const bytes = fs.readFileSync(lml);
    bytes[bytes.length - 10] ^= 0x20;
    fs.writeFileSync(lml, bytes);
    const out = path.join(dir, 'never.csv');
    const r = await cli('decompress', lml, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/checksum mismatch/);
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli('inspect', lml)).code).toBe(1);
  });
});

describe('lossyml usage errors exit 2 and name the flag, the value and what is allowed', () => {
  const input = () => writeSampleCsv();
  test.each([
    [['compress', 'IN', '-o', 'x.lml', '--method', 'sz-rel', '--bound', 'abc'], /--bound: got "abc", expected a decimal number/],
    [['compress', 'IN', '-o', 'x.lml', '--method', 'sz-rel', '--level', '3'], /--level is not a parameter of sz-rel; it takes --bound/],
    [['compress', 'IN', '-o', 'x.lml', '--method', 'zstd', '--level', '99'], /level is 99, expected an integer in \[/],
    [['compress', 'IN', '-o', 'x.lml', '--method', 'nope'], /unknown reducer id "nope"/],
    [['compress', 'IN', '-o', 'x.lml', '--method', 'zstd', '--layout', 'diagonal'], /--layout: got "diagonal", expected one of columns, matrix/],
    [['compress', 'IN', '-o', 'x.lml', '--method', 'zstd', '--bond', '1'], /--bond/],
    [['compress', 'IN', '-o', 'x.lml', '--config', '{id: zstd}'], /--config: not valid JSON/],
    [['compress', 'IN', '--method', 'zstd'], /-o OUT.lml is required/],
    [['compress', 'no-such-file.csv', '-o', 'x.lml', '--method', 'zstd'], /neither an existing file nor a dataset name/],
    [['decompress', 'IN', '-o', 'out.txt'], /expected a .csv, .csv.gz or .npy/],
  ])('%j', async (argv, message) => {
    const args = argv.map((a) => (a === 'IN' ? input() : a === 'x.lml' ? path.join(dir, 'x.lml') : a));
    const r = await cli(...args);
    expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: expect.stringMatching(message) });
    expect(fs.existsSync(path.join(dir, 'x.lml'))).toBe(false);
  });

  test('an unknown command exits 2, suggests the nearest and lists the commands', async () => {
    const r = await cli('compres');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "compres"; did you mean compress\? Commands: .*compress/);
  });
});
