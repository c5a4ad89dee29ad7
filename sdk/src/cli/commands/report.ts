// `lossyml report DIR`: rebuilds a sweep's report.html and figures from DIR/records.jsonl alone
// (front.json, when present, supplies the application and tau), for a finished, interrupted or
// still-running sweep.

import * as fs from 'node:fs';
import { writeReport } from '../../report/write';
import { checkMaxLoss } from '../../search/recommend';
import { RECORDS_FILE } from '../../search/records-file';
import { loadSweep } from '../../search/sweep';
import { UsageError } from '../../util/errors';
import { numberFlag, oneOf, parse } from '../args';
import type { Io } from '../io';

export const summary = 'rebuild a sweep\'s report.html and SVG figures from its records';

export const help = `lossyml report DIR [--max-loss F] [--x-scale log|linear] [--json]
  Reads DIR/${RECORDS_FILE} (written by lossyml sweep) and writes DIR/report.html, with the figures
  inline and a sortable table of every record, Pareto points marked, and the figures as
  DIR/front-ratio.svg, DIR/front-throughput.svg and DIR/curves.svg. The page opens offline.
    --max-loss   loss budget of the recommendation shown (default 0.01 = 1%)
    --x-scale    axis of the two front figures (default log)
    --json       print the paths written as JSON`;

const FLAGS = {
  'max-loss': { type: 'string' as const },
  'x-scale': { type: 'string' as const },
  json: { type: 'boolean' as const },
};

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('report', argv, FLAGS, { min: 1, max: 1, names: 'one sweep folder DIR' });
  if (values.help) return io.out(help), 0;
  const dir = positionals[0];
  const maxLoss = typeof values['max-loss'] === 'string' ? numberFlag('report', 'max-loss', values['max-loss']) : 0.01;
  try {
    checkMaxLoss(maxLoss);
  } catch (e) {
    throw new UsageError(`report: --${(e as Error).message}`);
  }
  const xScale = typeof values['x-scale'] === 'string' ? oneOf('report', 'x-scale', values['x-scale'], ['log', 'linear'] as const) : 'log';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`report: DIR ${JSON.stringify(dir)} is not a folder`);

  const result = loadSweep(dir, maxLoss);
  for (const w of result.warnings) io.err(`warning: ${w}`);
  const written = await writeReport(dir, result.front, result.table, result.recommendation, { xScale });
  if (values.json) {
    io.out(JSON.stringify({ report: written.html, figures: written.figures, records: result.front.records.length }, null, 2));
    return 0;
  }
  io.out([`${result.front.records.length} records of ${result.front.app}`, `report: ${written.html}`, ...written.figures.map((f) => `figure: ${f}`)].join('\n'));
  return 0;
}
