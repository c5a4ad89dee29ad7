// Decodes an SZ body back into columns: header and predictor records first (validated),
// then every column from the shared range-coded stream, predicting from decoded values.

import { allocColumn, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import type { BlockShape } from '../types';
import { FormatError } from '../../util/errors';
import { ByteReader } from '../entropy/bytes';
import { BitModels, RangeDecoder } from '../entropy/rangecoder';
import { SymbolModel } from '../entropy/symbols';
import { floatsFrom } from '../layout';
import { workOfValue } from './encoder';
import { FLAG_F32, FLAG_LOG, FORMAT_VERSION_GROUPED, FORMAT_VERSION_SEGMENTED, readHeader, readSpec } from './header';
import { TokenGroups } from './groups';
import { SegmentDecoder } from './segments';
import { OutlierReader, decodeTokens, reconstructColumn, type KernelEnv } from './kernel';
import { inputsOf } from './predictors';
import { PLANE_COLS, planePredictions, readPlanes } from './planes';
import { ColumnPool } from './working';
import { KIND_CONST, PRED_LINEAR, PRED_LORENZO2, PRED_PLANE, type ColumnSpec } from './spec';

/** The earlier columns whose decoded values column j's predictor reads. */
function usedBy(s: ColumnSpec, j: number): number[] {
  if (s.kind === PRED_LINEAR) return s.regs;
  if ((s.kind === PRED_LORENZO2 || s.kind === PRED_PLANE) && j > 0) return [j - 1];
  return [];
}

/** For each column, the last later column that predicts from its decoded values (-1: none). */
function lastUses(specs: ColumnSpec[]): Int32Array {
  const last = new Int32Array(specs.length).fill(-1);
  specs.forEach((s, k) => {
    for (const p of usedBy(s, k)) last[p] = k;
  });
  return last;
}

export function decodeBody(body: Uint8Array, shape: BlockShape): FeatureBlock {
  const r = new ByteReader(body, 'sz stream');
  const h = readHeader(r);
  const f32 = (h.flags & FLAG_F32) !== 0;
  if (h.nRows !== shape.nRows || h.nCols !== shape.nCols) {
    throw new FormatError(`sz stream: holds ${h.nRows} x ${h.nCols} values, the container says ${shape.nRows} x ${shape.nCols}`);
  }
  if (f32 !== (shape.dtype === 'float32')) throw new FormatError(`sz stream: holds ${f32 ? 'float32' : 'float64'} values, the container says ${shape.dtype}`);
  const specs: ColumnSpec[] = [];
  for (let j = 0; j < h.nCols; j++) specs.push(readSpec(r, j, h.version));
  const planes = readPlanes(r, h.nRows, h.nCols);
  const nOutliers = r.varint();
  if (nOutliers > h.nRows * h.nCols) throw new FormatError(`sz stream: ${nOutliers} outliers in ${h.nRows * h.nCols} values`);
  const size = f32 ? 4 : 8;
  const outliers = new OutlierReader(floatsFrom(r.bytes(nOutliers * size), shape.dtype, nOutliers, 'sz outliers'));
  const log = (h.flags & FLAG_LOG) !== 0;
  const dec: Float64Array[] = [];
  const env: KernelEnv = { f32, log, relBound: h.relBound, dec, errScale: 1, zeros: new Float64Array(h.nRows) };
  const planeRows = new Float64Array(planes.size > 0 ? h.nRows : 0);
  const segmented = h.version === FORMAT_VERSION_SEGMENTED;
  const segCols = segmented ? r.varint() : 0;
  if (segmented && h.nCols > 0 && segCols < 1) throw new FormatError('sz stream: segments of 0 columns');
  const coded = !segmented && specs.some((s) => s.kind !== KIND_CONST);
  const rd = coded ? new RangeDecoder(body, r.offset, body.length) : null;
  let segment: SegmentDecoder | null = null;
  const model = new SymbolModel();
  const groups = h.version === FORMAT_VERSION_GROUPED ? new TokenGroups() : null;
  const signModel = new BitModels(1);
  const columns: FloatColumn[] = [];
  // The columns are views of one allocation: one array buffer per column cost the decoder of a
  // wide matrix a quarter of its time (allocation, and the collections it set off).
  const restored = allocColumn(shape.dtype, h.nRows * h.nCols);
  // Decoded working values are kept only until the last column that predicts from them.
  const last = lastUses(specs);
  const scratch = new Float64Array(h.nRows);
  const tokens = new Int32Array(h.nRows);
  const signs = new Uint8Array(log ? h.nRows : 0);
  const pool = new ColumnPool(h.nRows);
  const released = new Float64Array(0);
  for (let j = 0; j < h.nCols; j++) {
    if (segmented && j % segCols === 0) {
      segment?.finish();
      segment = new SegmentDecoder(r, log);
    }
    const spec = specs[j];
    const out = restored.subarray(j * h.nRows, (j + 1) * h.nRows);
    // Zeroed like the encoder's fresh array: unused predictor terms read it as 0 x value.
    const decWork = last[j] > j ? pool.take() : scratch.fill(0);
    if (spec.kind === KIND_CONST) {
      out.fill(spec.value);
      decWork.fill(workOfValue(out.length > 0 ? out[0] : 0, log));
    } else {
      let plane: Float64Array | null = null;
      if (spec.kind === PRED_PLANE) {
        const block = planes.get(Math.floor(j / PLANE_COLS));
        if (!block) throw new FormatError(`sz stream: column ${j} uses block planes that are not stored`);
        plane = planePredictions(block, j, h.nRows, planeRows);
      }
      if (segment) segment.column(spec.group, tokens, log ? signs : null, h.nRows);
      else {
        if (!groups) model.reset(spec.maxToken, h.nRows);
        decodeTokens(rd as RangeDecoder, groups ? groups.of(spec.group) : model, signModel, tokens, signs, h.nRows, log);
      }
      reconstructColumn(inputsOf(j, spec, dec, decWork, env.zeros, plane), spec, env, tokens, signs, outliers, out, decWork);
    }
    columns.push(out);
    dec.push(last[j] > j ? decWork : released);
    for (const p of usedBy(specs[j], j)) {
      if (last[p] !== j) continue;
      pool.give(dec[p]);
      dec[p] = released;
    }
  }
  segment?.finish();
  if (segmented && r.remaining !== 0) throw new FormatError(`sz stream: ${r.remaining} bytes after the last segment (corrupt stream)`);
  if (outliers.remaining !== 0) throw new FormatError(`sz stream: ${outliers.remaining} stored outliers were never used (corrupt stream)`);
  return { dtype: shape.dtype, nRows: h.nRows, columns };
}
