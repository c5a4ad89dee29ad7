// sz-rel by column on the real tables of the shared data folder: every value within its
// bound, a compression ratio (float64 bytes over the whole encoded block) at least native
// SZ3's per-column figure from ../shared/anchors.md, and close to or beyond the order-0
// entropy of plain quantization (the anchors' information limit, recomputed here).
import { szReducers } from '@lossyml/sdk/reducers/sz';
import type { Codec, NormalizedConfig } from '@lossyml/sdk/reducers/types';
import type { FeatureBlock } from '@lossyml/sdk/data/dataset';
import { quantizationEntropyRatio as entropyRatio } from '@lossyml/sdk';
import { loadTable } from './tables';

const szRel = szReducers.find((r) => r.info.id === 'sz-rel') as Codec;

/** SZ3 REL by column (anchors.md). */
const SZ3: Record<string, Record<number, number>> = {
  superconductor: { 1e-2: 9.0, 1e-3: 3.57, 1e-4: 1.78 },
  casp: { 1e-2: 13.16, 1e-3: 7.12, 1e-4: 3.55 },
  ionosphere: { 1e-2: 3.2 },
  sonar: { 1e-2: 2.6 },
  boston: { 1e-2: 6.7 },
  musk: { 1e-2: 4.2 },
};

async function compress(cols: Float64Array[], bound: number): Promise<{ ratio: number; maxRelErr: number }> {
  const block: FeatureBlock = { dtype: 'float64', nRows: cols[0].length, columns: cols };
  const config: NormalizedConfig = { id: 'sz-rel', layout: 'columns', bound, predictor: 'auto' };
  const enc = await szRel.encode(block, config);
  const bytes = enc.streams.reduce((a, s) => a + s.length, 0) + JSON.stringify(enc.meta).length;
  const out = await szRel.decode(enc, { nRows: block.nRows, nCols: cols.length, dtype: 'float64' }, config);
  let maxRelErr = 0;
  cols.forEach((c, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const allowed = bound * (hi - lo);
    for (let i = 0; i < c.length; i++) {
      const e = Math.abs(c[i] - out.columns[j][i]);
      if (e > 0) maxRelErr = Math.max(maxRelErr, e / allowed);
    }
  });
  return { ratio: (block.nRows * cols.length * 8) / bytes, maxRelErr };
}

describe.each(['superconductor', 'casp'])('sz-rel by column on %s', (name) => {
  let cols: Float64Array[];
  beforeAll(async () => {
    cols = await loadTable(name);
  });
  test.each([1e-2, 1e-3, 1e-4])('bound %p: within bound, above SZ3, within 10%% of (or above) the entropy figure', async (bound) => {
    const { ratio, maxRelErr } = await compress(cols, bound);
    expect(maxRelErr).toBeLessThanOrEqual(1);
    expect(ratio).toBeGreaterThanOrEqual(SZ3[name][bound]);
    expect(ratio).toBeGreaterThanOrEqual(0.9 * entropyRatio(cols, bound));
  });
});

describe.each(['boston', 'ionosphere', 'sonar', 'musk', 'satellite', 'letter'])('sz-rel by column on the table %s', (name) => {
  test('at 1e-2, 1e-3, 1e-4: within bound; at 1e-2 above SZ3 by column', async () => {
    const cols = await loadTable(name);
    for (const bound of [1e-2, 1e-3, 1e-4]) {
      const { ratio, maxRelErr } = await compress(cols, bound);
      expect(maxRelErr).toBeLessThanOrEqual(1);
      const anchor = SZ3[name]?.[bound];
      if (anchor !== undefined) expect(ratio).toBeGreaterThanOrEqual(anchor);
      expect(ratio).toBeGreaterThan(3);
    }
  });
});

test('on the two larger integer-valued tables sz-rel stays within 10% of the entropy figure', async () => {
  for (const name of ['satellite', 'letter']) {
    const cols = await loadTable(name);
    for (const bound of [1e-2, 1e-3, 1e-4]) expect((await compress(cols, bound)).ratio).toBeGreaterThanOrEqual(0.9 * entropyRatio(cols, bound));
  }
});
