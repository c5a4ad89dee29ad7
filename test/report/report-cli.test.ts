// `lossyml report DIR` rebuilds the report from records.jsonl alone: every finished record in
// the table, the lossless runs as the noise floor, a torn last line survived with a warning.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordRow } from '@lossyml/sdk/display';
import { cli } from '../cli/run-cli';
import { record, syntheticRecords } from '../display/fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-report-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function stored(r: RecordRow, role: string) {
  return { ...r, dataFingerprint: 'f0', quick: true, versions: { lossyml: '0.1.0', node: process.version }, seeds: { data: 0, model: r.seed }, search: { role } };
}

function writeRecords(extra = ''): RecordRow[] {
  const floor = [0.921, 0.918, 0.92].map((q, i) => record({ key: `none${i}`, method: 'none', config: { id: 'none' }, seed: i, quality: q, compressionRatio: 1 }));
  const rows = syntheticRecords(30);
  const lines = [...floor.map((r) => stored(r, 'floor')), ...rows.map((r) => stored(r, r.param ? 'candidate' : 'parameterless'))];
  fs.writeFileSync(path.join(dir, 'records.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n' + extra);
  return [...floor, ...rows];
}

test('writes report.html and the three figures from records.jsonl, one table row per record', async () => {
  const all = writeRecords();
  const r = await cli('report', dir, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.out);
  expect(out.records).toBe(all.length);
  expect(out.report).toBe(path.join(dir, 'report.html'));
  expect(fs.readdirSync(dir).sort()).toEqual(['curves.svg', 'front-ratio.svg', 'front-throughput.svg', 'records.jsonl', 'report.html']);
  const html = fs.readFileSync(out.report, 'utf8');
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  expect(body.match(/<tr/g)).toHaveLength(all.length);
  for (const r of all) expect(body).toContain(`<td>${r.key}</td>`);
  // The floor is the three lossless runs: mean 0.9197, half their range 0.0015.
  expect(html).toMatch(/noise floor 0\.9197 \+- 0\.00150 \(half range, 3 seeds\)/);
});

test('a torn last line is dropped with a warning and the report still written', async () => {
  const all = writeRecords('{"key": "half-writ');
  const r = await cli('report', dir);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/warning: .*cut short/);
  expect(r.out).toContain(`${all.length} records of superconductor`);
  expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(true);
});

test('a folder without records, a missing folder and a bad flag are refused by name', async () => {
  expect(await cli('report', dir)).toMatchObject({ code: 1, err: expect.stringMatching(/no finished evaluations/) });
  expect(await cli('report', path.join(dir, 'nope'))).toMatchObject({ code: 2, err: expect.stringMatching(/is not a folder/) });
  expect(await cli('report', dir, '--x-scale', 'sqrt')).toMatchObject({ code: 2, err: expect.stringMatching(/--x-scale: got "sqrt"/) });
  expect(fs.readdirSync(dir)).toEqual([]);
});
