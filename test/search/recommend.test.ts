import type { RecordRow } from '@lossyml/sdk/display/payload';
import { QualityJudge } from '@lossyml/sdk/search/quality';
import { recommend } from '@lossyml/sdk/search/recommend';

let n = 0;
const rec = (method: string, config: Record<string, number | string>, quality: number, ratio: number, seed = 0): RecordRow => ({
  key: `k${n++}`,
  app: 'a',
  method,
  config: { id: method, layout: 'columns', ...config },
  seed,
  quality,
  metric: 'r2',
  higherIsBetter: true,
  compressionRatio: ratio,
  seconds: {},
});

// Lossless R^2 0.9 +- 0.002.
const judge = new QualityJudge({ mean: 0.9, spread: 0.002, kind: 'range', seeds: 3 }, true, { kind: 'fraction', value: 0.9 });

describe('recommend', () => {
  test('the highest ratio whose mean loss over seeds is within the budget, with its evidence', () => {
    const records = [
      rec('none', {}, 0.9, 1),
      rec('zstd', { level: 22 }, 0.9, 1.7),
      rec('sz-rel', { bound: 1e-3 }, 0.899, 10, 0),
      rec('sz-rel', { bound: 1e-3 }, 0.897, 10, 1),
      // 1.2% loss on average although one seed alone is within 1%: not chosen.
      rec('sz-rel', { bound: 1e-2 }, 0.893, 40, 0),
      rec('sz-rel', { bound: 1e-2 }, 0.885, 40, 1),
      rec('zfp-accuracy', { bound: 0.1 }, 0.8915, 25),
    ];
    const r = recommend(records, judge, 0.01);
    expect(r.record?.method).toBe('zfp-accuracy');
    expect(r.loss).toBeCloseTo(0.0085 / 0.9, 12);
    expect(r.bestLossless?.method).toBe('zstd');
    expect(r.evidence?.seeds).toBe(1);
    expect(r.message).toMatch(/zfp-accuracy .*bound=0.1: ratio 25x .*3.3x the floor.s spread beyond it; 1 seed.*zstd.*1.7x/);

    const loose = recommend(records, judge, 0.02);
    expect(loose.record?.config.bound).toBe(1e-2);
    expect(loose.evidence?.seeds).toBe(2);
    expect(loose.evidence?.spread).toBeCloseTo(0.004, 12);
  });

  test('says so when no lossy configuration beats lossless within the budget', () => {
    const records = [rec('none', {}, 0.9, 1), rec('gzip', { level: 9 }, 0.9, 1.7), rec('sz-rel', { bound: 0.01 }, 0.8, 30), rec('truncate32', {}, 0.9, 1.6)];
    const r = recommend(records, judge, 0.01);
    expect(r.record).toBeUndefined();
    expect(r.bestLossless?.method).toBe('gzip');
    expect(r.message).toMatch(/No lossy configuration beats lossless within 1% loss.*gzip.*1.7x/);
  });

  test('refuses a budget outside [0, 1)', () => {
    expect(() => recommend([], judge, 1.5)).toThrow(/max-loss: got 1.5/);
  });
});
