// Wide matrices (more columns than the planner's exhaustive-search limit and its window):
// the screened regressor search, the working values released behind the window and the
// recycled per-column arrays must leave every restored value within its bound, with the
// cross-column predictor still chosen, in both layouts and with non-finite values about.
import { decodeBody, szReducers } from '@lossyml/sdk/reducers/sz';
import { WIDE, WINDOW } from '@lossyml/sdk/reducers/sz/planner';
import { PRED_LINEAR } from '@lossyml/sdk/reducers/sz/spec';
import { encodeBody } from '@lossyml/sdk/reducers/sz/encoder';
import { syntheticWide } from '@lossyml/sdk/data/synthetic';
import { normalizeConfig } from '@lossyml/sdk/reducers/registry';
import type { Codec, Layout } from '@lossyml/sdk/reducers/types';
import type { FeatureBlock } from '@lossyml/sdk/data/dataset';

const szRel = szReducers.find((r) => r.info.id === 'sz-rel') as Codec;
const COLS = WIDE + 2 * WINDOW + 7;
const ROWS = 400;

function wideBlock(rows = ROWS): FeatureBlock {
  const ds = syntheticWide({ rows, cols: COLS, seed: 5 });
  const columns = ds.columns.map((c) => Float32Array.from(c));
  // Non-finite values in a few columns: those neither serve as nor get regressors.
  columns[WIDE + 3][7] = NaN;
  columns[WIDE + 40][0] = Infinity;
  columns[WIDE + 41][rows - 1] = -Infinity;
  return { dtype: 'float32', nRows: rows, columns };
}

function range(c: Float32Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of c) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return hi >= lo ? hi - lo : 0;
}

test.each<[Layout, number]>([
  ['columns', 1e-2],
  ['columns', 1e-4],
  ['matrix', 1e-3],
])('sz-rel on the %s of a wide float32 matrix at bound %s keeps every value within its bound', async (layout, bound) => {
  const block = wideBlock();
  const config = normalizeConfig({ id: 'sz-rel', bound, layout });
  const enc = await szRel.encode(block, config);
  const back = await szRel.decode(enc, { nRows: block.nRows, nCols: COLS, dtype: 'float32' }, config);
  let global = 0;
  if (layout === 'matrix') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of block.columns) for (const v of c) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    global = hi - lo;
  }
  let worst = 0;
  block.columns.forEach((c, j) => {
    const eb = bound * (layout === 'matrix' ? global : range(c as Float32Array));
    const r = back.columns[j];
    for (let i = 0; i < c.length; i++) {
      if (!Number.isFinite(c[i])) {
        expect(Object.is(r[i], c[i])).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(c[i] - r[i]) / (eb > 0 ? eb : 1));
    }
  });
  expect(worst).toBeLessThanOrEqual(1);
  expect(worst).toBeGreaterThan(0.5); // the bound is used, not wasted
});

test('the screened search still picks cross-column regressors beyond the exhaustive limit', () => {
  // NT3's row count: on 400 rows of this generator, with columns sharing statistics (stream
  // version 3), plain quantization is rightly estimated cheaper for most columns.
  const block = wideBlock(1120);
  const ebs = Float64Array.from(block.columns, (c) => 1e-3 * range(c as Float32Array));
  const out = encodeBody({ columns: block.columns, nRows: block.nRows, f32: true, log: false, relBound: 0, ebs, predictors: 'cross' });
  // Beyond WIDE columns the candidates are screened; linear models must still win there.
  const linear = out.specs.slice(WIDE).filter((s) => s.kind === PRED_LINEAR);
  expect(linear.length).toBeGreaterThan((COLS - WIDE) / 4);
  // Regressors stay within the window behind their column.
  out.specs.forEach((s, j) => {
    if (s.kind === PRED_LINEAR) for (const r of s.regs) expect(j - r).toBeLessThanOrEqual(WINDOW);
  });
});

describe('stream version 4 in many segments', () => {
  /** A wide float64 block with what each coding path needs: signs, zeros, escapes, outliers, constants, non-finite values. */
  function mixedBlock(rows: number, cols: number): Float64Array[] {
    const ds = syntheticWide({ rows, cols, seed: 9 });
    const columns = ds.columns.map((c, j) => Float64Array.from(c, (v, i) => (j % 3 === 0 ? -v : j % 7 === 0 && i % 5 === 0 ? 0 : v)));
    columns[5].fill(2.5);
    // A long tail: most tokens small, one far beyond the column's token group (an escape).
    columns[11][0] = 100;
    columns[11][1] = 3000;
    columns[12][3] = NaN;
    columns[13][0] = -Infinity;
    return columns;
  }

  test.each([
    ['sz-abs', false, 1e-3, 1],
    ['sz-pwrel', true, 1e-2, 7],
    ['sz-abs', false, 1e-3, 500],
  ])('%s (log %s) at %s with segments of %s values: a column or more each, restored within the bound', async (id, log, bound, segmentValues) => {
    const rows = 60;
    const cols = WIDE + 45;
    const columns = mixedBlock(rows, cols);
    const out = encodeBody({
      columns,
      nRows: rows,
      f32: false,
      log,
      relBound: log ? bound : 0,
      ebs: new Float64Array(cols).fill(log ? bound / 2 : bound),
      predictors: 'auto',
      segmentValues,
    });
    expect(out.body[0]).toBe(4);
    const back = decodeBody(out.body, { nRows: rows, nCols: cols, dtype: 'float64' });
    columns.forEach((c, j) => {
      for (let i = 0; i < rows; i++) {
        const x = c[i];
        const y = back.columns[j][i];
        const allowed = log ? bound * Math.abs(x) : bound;
        const ok = Number.isFinite(x) ? Math.abs(x - y) <= allowed && (x !== 0 || Object.is(x, y)) : Object.is(x, y);
        if (!ok) throw new Error(`${id} segments of ${segmentValues}: column ${j} row ${i}: ${x} restored as ${y}`);
      }
    });
  });
});
