// Every command against a table of bad inputs (paths, CSVs, containers, flags, configs): each
// run must exit 1 or 2 with one line naming the problem, no stack trace, nothing on stdout,
// and leave every file in its folder as it was (nothing written, nothing replaced).
//
// A new command is one entry in COMMANDS: what it reads, what it writes, whether it takes a
// reducer config, and its argv. The cases then apply to it by those traits.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run-cli';

/** What a case hands a command's argv builder. */
interface Ctx {
  /** The input path (a CSV for 'csv' commands, a container for 'lml' ones, a folder for 'dir'). */
  input: string;
  /** The output path, for commands that write. */
  output: string;
  /** Reducer flags (--method zstd unless a case says otherwise), for commands that take a config. */
  method: string[];
  /** --target for CSV inputs. */
  target: string[];
  /** The case's own extra flags. */
  extra: string[];
}

interface CommandUnderTest {
  name: string;
  /** What INPUT the command reads, if any ('dir': a sweep's output folder). */
  input?: 'csv' | 'lml' | 'dir';
  /** Extension of the file the command writes, if it writes one. */
  output?: string;
  /** Takes --method/--config and the reducer flags. */
  config?: boolean;
  argv(c: Ctx): string[];
}

const COMMANDS: CommandUnderTest[] = [
  { name: 'compress', input: 'csv', output: '.lml', config: true, argv: (c) => ['compress', c.input, '-o', c.output, ...c.target, ...c.method, ...c.extra] },
  { name: 'decompress', input: 'lml', output: '.csv', argv: (c) => ['decompress', c.input, '-o', c.output, ...c.extra] },
  { name: 'inspect', input: 'lml', argv: (c) => ['inspect', c.input, ...c.extra] },
  {
    name: 'evaluate',
    input: 'csv',
    config: true,
    argv: (c) => ['evaluate', '--data', c.input, ...c.target, '--model', 'forest', '--metric', 'r2', ...c.method, ...c.extra],
  },
  {
    name: 'sweep',
    input: 'csv',
    argv: (c) => ['sweep', '--data', c.input, ...c.target, '--model', 'forest', '--metric', 'r2', '--quick', '--out', path.join(path.dirname(c.input), 'sweep'), ...c.extra],
  },
  { name: 'recommend', input: 'dir', argv: (c) => ['recommend', c.input, ...c.extra] },
  { name: 'speedup', argv: (c) => ['speedup', '--ratio', '10', '--decompress-gbps', '1', '--network-gbps', '1', ...c.extra] },
  { name: 'reducers', argv: (c) => ['reducers', ...c.extra] },
  { name: 'datasets', argv: (c) => ['datasets', ...c.extra] },
  { name: 'demo', argv: (c) => ['demo', ...c.extra] },
];

/** The folder a case runs in, with a good CSV and a good container already there. */
interface Scene {
  dir: string;
  csv: string;
  lml: string;
}

interface BadCase {
  name: string;
  /** Which commands it applies to. */
  applies(c: CommandUnderTest): boolean;
  /** Changes the scene and the context (a missing input, an existing output, ...). */
  setup?(s: Scene, ctx: Ctx, c: CommandUnderTest): void;
  /** The exit code, or the code by command where commands differ (both are allowed codes). */
  code: 1 | 2 | ((c: CommandUnderTest) => 1 | 2);
  message: RegExp;
}

const GOOD_ROWS = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${Math.sin(i).toFixed(6)}`);
const GOOD_CSV = ['a,b,y', ...GOOD_ROWS].join('\n') + '\n';
let GOOD_LML: Uint8Array;

const reads = (kind: 'csv' | 'lml') => (c: CommandUnderTest) => c.input === kind;
const anyInput = (c: CommandUnderTest) => c.input !== undefined;
const fileInput = (c: CommandUnderTest) => c.input === 'csv' || c.input === 'lml';
const writes = (c: CommandUnderTest) => c.output !== undefined;
const configs = (c: CommandUnderTest) => c.config === true;
const all = () => true;

function write(s: Scene, name: string, content: string | Uint8Array): string {
  const file = path.join(s.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A CSV input with this text. */
function csvCase(name: string, text: string | Uint8Array, code: 1 | 2, message: RegExp, fileName = 'bad.csv'): BadCase {
  return { name, applies: reads('csv'), code, message, setup: (s, ctx) => void (ctx.input = write(s, fileName, text)) };
}

/** A container input with these bytes. */
function lmlCase(name: string, bytes: () => Uint8Array | string, message: RegExp): BadCase {
  return { name, applies: reads('lml'), code: 1, message, setup: (s, ctx) => void (ctx.input = write(s, 'bad.lml', bytes())) };
}

/** Reducer flags or a config: replace the default --method zstd. */
function configCase(name: string, method: string[], code: 1 | 2, message: RegExp): BadCase {
  return { name, applies: configs, code, message, setup: (_, ctx) => void (ctx.method = method) };
}

const CASES: BadCase[] = [
  // Paths.
  // recommend reads a folder of records: a missing one is data it cannot read (1).
  { name: 'input does not exist', applies: anyInput, code: (c) => (c.input === 'dir' ? 1 : 2), message: /does not exist|neither an existing file nor a dataset name|is .* a sweep's output folder/, setup: (s, ctx, c) => void (ctx.input = path.join(s.dir, `none.${c.input}`)) },
  {
    name: 'input is a folder',
    applies: fileInput,
    code: 2,
    message: /is a folder/,
    setup: (s, ctx, c) => {
      ctx.input = path.join(s.dir, `folder.${c.input}`);
      fs.mkdirSync(ctx.input);
    },
  },
  { name: 'output in a missing folder', applies: writes, code: 2, message: /the folder .*missing does not exist/, setup: (s, ctx, c) => void (ctx.output = path.join(s.dir, 'missing', `out${c.output}`)) },
  {
    name: 'output is a folder',
    applies: writes,
    code: 2,
    message: /is a folder; give a file name/,
    setup: (s, ctx, c) => {
      ctx.output = path.join(s.dir, `folder${c.output}`);
      fs.mkdirSync(ctx.output);
    },
  },
  {
    name: 'output is the input',
    applies: writes,
    code: 2,
    message: /is the input/,
    setup: (s, ctx, c) => {
      // The input under the output's extension, so that only the sameness is wrong.
      const same = path.join(s.dir, `same${c.output}`);
      fs.copyFileSync(ctx.input, same);
      ctx.input = ctx.output = same;
    },
  },
  {
    name: 'output is a link to the input',
    applies: writes,
    code: 2,
    message: /is the input/,
    setup: (s, ctx, c) => {
      ctx.output = path.join(s.dir, `link${c.output}`);
      fs.symlinkSync(ctx.input, ctx.output);
    },
  },
  { name: 'output exists, no --force', applies: writes, code: 2, message: /exists; add --force to replace it/, setup: (s, ctx, c) => void (ctx.output = write(s, `precious${c.output}`, 'the user\'s data\n')) },
  { name: 'output path ends in a slash', applies: writes, code: 2, message: /expected a file name|expected a \.csv, \.csv\.gz or \.npy file name/, setup: (s, ctx) => void (ctx.output = path.join(s.dir, 'out') + '/') },

  // CSVs.
  csvCase('a header and no rows', 'a,b,y\n', 1, /has no data rows/),
  csvCase('an empty file', '', 1, /no data/),
  csvCase('a row with too few fields', 'a,b,y\n1,2,3\n4,5\n', 1, /line 3: 2 fields, expected 3/),
  csvCase('a cell that is not a number', 'a,b,y\n1,2,3\n4,x5,6\n', 1, /line 3, column "b": cannot read "x5" as a number/),
  csvCase('a quote that never closes', 'a,b,y\n1,"2,3\n', 1, /line 2: a quoted field opened here never closes/),
  csvCase('a PNG named .csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]), 2, /target: got "y", expected one of the \d+ columns/),
  csvCase('a truncated .csv.gz', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c]), 1, /gzip|truncated|unexpected end/i, 'bad.csv.gz'),
  csvCase('an unknown file type', GOOD_CSV, 2, /unknown file type; expected \.csv, \.csv\.gz or \.npy/, 'table.xlsx'),
  { name: 'a target column that is not there', applies: reads('csv'), code: 2, message: /target: got "nope", expected one of the 3 columns/, setup: (_, ctx) => void (ctx.target = ['--target', 'nope']) },

  // Containers.
  lmlCase('an empty container', () => new Uint8Array(0), /not a lossyml container|too short|truncated|empty/i),
  lmlCase('a CSV named .lml', () => GOOD_CSV, /not a lossyml container/i),
  lmlCase('a truncated container', () => GOOD_LML.slice(0, GOOD_LML.length - 7), /truncated|length|short/i),
  lmlCase('a container with a flipped byte', () => GOOD_LML.map((b, i) => (i === GOOD_LML.length - 5 ? b ^ 0x10 : b)), /checksum/i),

  // Flags.
  { name: 'an unknown flag', applies: all, code: 2, message: /unknown flag --bogus-flag Flags: --/, setup: (_, ctx) => void (ctx.extra = ['--bogus-flag']) },
  { name: 'a mistyped flag', applies: configs, code: 2, message: /unknown flag --bond; did you mean --bound\? Flags: .*--bound/, setup: (_, ctx) => void (ctx.method = ['--method', 'sz-abs', '--bond', '1e-3']) },
  { name: 'a stray positional argument', applies: all, code: 2, message: /expected .*got .*"stray"/, setup: (_, ctx) => void (ctx.extra = ['stray', 'stray']) },
  configCase('--bound in hexadecimal', ['--method', 'sz-abs', '--bound', '0x10'], 2, /--bound: got "0x10", expected a decimal number/),
  configCase('--bound that underflows to 0', ['--method', 'sz-abs', '--bound', '1e-400'], 2, /--bound: got "1e-400", which is below the smallest double/),
  configCase('--bound that overflows', ['--method', 'sz-abs', '--bound', '1e400'], 2, /--bound: got "1e400", which is beyond the largest double/),
  configCase('--bound with no value', ['--method', 'sz-abs', '--bound'], 2, /option --bound argument missing/),
  configCase('--bound given twice', ['--method', 'sz-abs', '--bound', '1e-3', '--bound', '1e-2'], 2, /--bound is given twice/),
  configCase('--bound out of range', ['--method', 'sz-abs', '--bound', '-1'], 2, /bound/),
  configCase('a flag the method does not take', ['--method', 'zstd', '--bound', '1e-3'], 2, /--bound is not a parameter of zstd; it takes --level/),
  configCase('an unknown method', ['--method', 'nope'], 2, /unknown reducer id "nope"/),
  configCase('no method at all', [], 2, /--method ID \(or --config JSON\) is required/),
  configCase('--layout not a layout', ['--method', 'zstd', '--layout', 'diagonal'], 2, /--layout: got "diagonal", expected one of columns, matrix/),

  // Configs.
  configCase('--config without "id"', ['--config', '{"bound": 1e-3}'], 2, /--config has no "id"; give one of none, /),
  configCase('--config with a non-string id', ['--config', '{"id": 3}'], 2, /"id" is 3, expected a string/),
  configCase('--config with "bound": null', ['--config', '{"id": "sz-abs", "bound": null}'], 2, /"bound" is null/),
  configCase('--config and --bound both set the bound', ['--config', '{"id": "sz-abs", "bound": 1e-3}', '--bound', '1e-2'], 2, /--bound and --config's "bound" both set bound/),
  configCase('--config and --layout both set the layout', ['--config', '{"id": "zstd", "layout": "matrix"}', '--layout', 'columns'], 2, /--layout and --config's "layout" both set layout/),
  configCase('--config with a number that underflows', ['--config', '{"id": "sz-abs", "bound": 1e-400}'], 2, /the number 1e-400 is below the smallest double/),
  configCase('--config that is not JSON', ['--config', '{id: zstd}'], 2, /--config: not valid JSON/),
  configCase('--config that is an array', ['--config', '["zstd"]'], 2, /expected a JSON object/),
  configCase('--config and --method disagree', ['--config', '{"id": "zstd"}', '--method', 'lz4'], 2, /--method lz4 disagrees with --config's id "zstd"/),
];

/** Every file under dir (recursively) with its kind and content hash, links as their target. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, p);
    if (entry.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(p)}`;
    else if (entry.isDirectory()) out[rel] = 'folder';
    else out[rel] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}

let root: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-bad-'));
  const csv = path.join(root, 'good.csv');
  fs.writeFileSync(csv, GOOD_CSV);
  const lml = path.join(root, 'good.lml');
  const r = await cli('compress', csv, '-o', lml, '--target', 'y', '--method', 'zstd');
  if (r.code !== 0) throw new Error(`could not make the good container: ${r.err}`);
  GOOD_LML = new Uint8Array(fs.readFileSync(lml));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scene(label: string): { s: Scene; ctx: Ctx } {
  const dir = fs.mkdtempSync(path.join(root, `${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  const s = { dir, csv: write({ dir } as Scene, 'in.csv', GOOD_CSV), lml: write({ dir } as Scene, 'in.lml', GOOD_LML) };
  return { s, ctx: { input: '', output: '', method: ['--method', 'zstd'], target: ['--target', 'y'], extra: [] } };
}

function inputOf(command: CommandUnderTest, s: Scene): string {
  return command.input === 'lml' ? s.lml : command.input === 'dir' ? path.join(s.dir, 'sweep') : s.csv;
}

const RUNS = COMMANDS.flatMap((c) => CASES.filter((k) => k.applies(c)).map((k) => [c.name, k.name, c, k] as const));

test('every command has cases, and every case applies to some command', () => {
  for (const c of COMMANDS) expect(RUNS.filter((r) => r[2] === c).length).toBeGreaterThan(0);
  for (const k of CASES) expect(RUNS.filter((r) => r[3] === k).length).toBeGreaterThan(0);
});

test.each(RUNS)('%s: %s', async (_name, _case, command, bad) => {
  const { s, ctx } = scene(`${command.name}-${bad.name}`);
  ctx.input = inputOf(command, s);
  ctx.output = path.join(s.dir, `out${command.output ?? ''}`);
  bad.setup?.(s, ctx, command);
  const before = snapshot(s.dir);
  const r = await cli(...command.argv(ctx));
  const lines = r.err.trimEnd().split('\n');
  const code = typeof bad.code === 'function' ? bad.code(command) : bad.code;
  expect({ code: r.code, out: r.out, lines: lines.length }).toEqual({ code, out: '', lines: 1 });
  expect(r.err).toMatch(new RegExp(`^lossyml ${command.name}: `));
  expect(r.err).toMatch(bad.message);
  expect(r.err).not.toMatch(/\n\s+at |please report/);
  expect(snapshot(s.dir)).toEqual(before);
});

// Training (evaluate, sweep, demo) takes seconds, and recommend needs a finished sweep: those
// commands' good runs are tested with them (test/apps, test/search).
const QUICK = ['compress', 'decompress', 'inspect', 'speedup', 'reducers', 'datasets'];
test.each(COMMANDS.filter((c) => QUICK.includes(c.name)))('$name: the good inputs of the table succeed (the cases above are what fails)', async (command) => {
  const { s, ctx } = scene(`${command.name}-good`);
  ctx.input = inputOf(command, s);
  ctx.output = path.join(s.dir, `out${command.output ?? ''}`);
  const r = await cli(...command.argv(ctx));
  expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
  if (command.output) expect(fs.existsSync(ctx.output)).toBe(true);
});

test('--force replaces an existing output (and only with it)', async () => {
  const { s } = scene('force');
  const out = write(s, 'out.lml', 'old\n');
  expect((await cli('compress', s.csv, '-o', out, '--target', 'y', '--method', 'zstd')).code).toBe(2);
  expect(fs.readFileSync(out, 'utf8')).toBe('old\n');
  const r = await cli('compress', s.csv, '-o', out, '--target', 'y', '--method', 'zstd', '--force');
  expect(r.code).toBe(0);
  expect(fs.readFileSync(out).subarray(0, 3)).not.toEqual(Buffer.from('old'));
  const csvOut = write(s, 'out.csv', 'old\n');
  expect((await cli('decompress', out, '-o', csvOut, '--force')).code).toBe(0);
  expect(fs.readFileSync(csvOut, 'utf8').split('\n')[0]).toBe('a,b,y');
});
