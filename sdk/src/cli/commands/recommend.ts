// `lossyml recommend DIR`: the highest-ratio configuration of a finished (or interrupted) sweep
// whose quality loss is within a budget, from its records.jsonl alone.

import { loadSweep } from '../../search/sweep';
import { checkMaxLoss } from '../../search/recommend';
import { UsageError } from '../../util/errors';
import { numberFlag, parse } from '../args';
import type { Io } from '../io';
import { recommendationText } from './sweep';

export const summary = 'the highest-ratio configuration of a sweep within a quality-loss budget';

export const help = `lossyml recommend DIR [--max-loss F] [--json]
  Reads DIR/records.jsonl (written by lossyml sweep) and names the configuration with the highest
  compression ratio whose quality, averaged over its seeds, is within F of the lossless quality
  (default 0.01 = 1%), with its distance from the noise floor and the seeds behind it; or says
  that no lossy method beats lossless within the budget. --json prints the Recommendation.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('recommend', argv, { 'max-loss': { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'one sweep folder DIR' });
  if (values.help) return io.out(help), 0;
  const maxLoss = typeof values['max-loss'] === 'string' ? numberFlag('recommend', 'max-loss', values['max-loss']) : 0.01;
  try {
    checkMaxLoss(maxLoss);
  } catch (e) {
    throw new UsageError(`recommend: --${(e as Error).message}`);
  }
  const result = loadSweep(positionals[0], maxLoss);
  for (const w of result.warnings) io.err(`warning: ${w}`);
  if (values.json) {
    io.out(JSON.stringify(result.recommendation, null, 2));
    return 0;
  }
  io.out(recommendationText(result.recommendation));
  return 0;
}
