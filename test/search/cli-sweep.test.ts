import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSweep, loadSweep, type SearchOptions } from '@lossyml/sdk';
import { cli } from '../cli/run-cli';
import { syntheticEvaluator } from './synthetic';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-cli-sweep-'));

describe('lossyml sweep: options refused at the edge, naming flag, value and range', () => {
  const cases: [string[], RegExp][] = [
    [['--app', 'superconductor'], /--out DIR is required/],
    [['--app', 'superconductor', '--out', 'X', '--points', '0'], /--points: got 0, expected an integer in \[1, 1000\]/],
    [['--app', 'superconductor', '--out', 'X', '--seeds', '2.5'], /--seeds: got 2.5, expected an integer/],
    [['--app', 'superconductor', '--out', 'X', '--methods', 'sz-rel,sz-rell'], /--methods: got "sz-rell", expected one of none, gzip/],
    [['--app', 'superconductor', '--out', 'X', '--tau', '0.9', '--tau-abs', '0.8'], /--tau .* or --tau-abs .*not both/],
    [['--app', 'superconductor', '--out', 'X', '--spacing', 'cubic'], /--spacing: got "cubic", expected one of linear, log/],
    [['--app', 'superconductor', '--out', 'X', '--max-loss', '1.5'], /--max-loss: got 1.5, expected a fraction/],
    [['--app', 'superconductor', '--out', 'X', '--tau', '1.5'], /tau: got 1.5, expected a fraction of the lossless quality in \(0, 1\]/],
    [['--app', 'nosuchapp', '--out', 'X'], /app: got "nosuchapp"/],
    [['--app', 'superconductor', '--out', 'X', '--model', 'forest'], /--model is for --data/],
  ];
  test.each(cases)('%j', async (args, message) => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      const r = await cli('sweep', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(fs.readdirSync(dir)).toEqual([]); // nothing written, no data loaded
    } finally {
      process.chdir(cwd);
    }
  });

  test('sweep and recommend are in the command table and have help', async () => {
    const r = await cli('--help');
    expect(r.out).toMatch(/sweep .*noise floor/);
    expect(r.out).toMatch(/recommend /);
    expect((await cli('sweep', '--help')).out).toMatch(/--tau-abs/);
  });
});

describe('lossyml recommend DIR', () => {
  const base: SearchOptions = { methods: ['none', 'zstd', 'sz-rel', 'zfp-accuracy'], points: 4, spacing: 'linear', tau: { kind: 'fraction', value: 0.9 }, seeds: 2, floorSeeds: 3, scan: 3, budgetPerBound: 3, maxSeeds: 2, concurrency: 2, maxLoss: 0.01 };

  test('reads records.jsonl alone and agrees with the sweep that wrote it', async () => {
    const dir = tmp();
    let fromSweep: string | undefined;
    for await (const e of runSweep({ ...base, evaluator: syntheticEvaluator({ noise: 0.001 }), outDir: dir })) if (e.type === 'done') fromSweep = e.recommendation?.message;
    fs.rmSync(path.join(dir, 'front.json')); // records alone
    const loaded = loadSweep(dir, 0.01);
    expect(loaded.recommendation.message).toBe(fromSweep);
    const r = await cli('recommend', dir, '--max-loss', '0.01', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).message).toBe(fromSweep);
    const text = await cli('recommend', dir);
    expect(text.out).toMatch(/^recommendation \(loss <= 1%\): /);
  });

  test('refuses a folder without records, and a bad budget', async () => {
    const dir = tmp();
    const r = await cli('recommend', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/records.jsonl: no finished evaluations/);
    expect((await cli('recommend', dir, '--max-loss=-0.1')).err).toMatch(/--max-loss: got -0.1/);
    expect((await cli('recommend')).code).toBe(2);
  });
});
