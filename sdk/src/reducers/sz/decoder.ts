// Decodes an SZ body back into columns: header and predictor records first (validated),
// then every column from its coded stream, predicting from decoded values. Stream version 4
// (wide tables) without signs runs in the WebAssembly kernel; the rest in JavaScript.

import { allocColumn, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import type { BlockShape } from '../types';
import { FormatError } from '../../util/errors';
import { ByteReader } from '../entropy/bytes';
import { joinParts } from '../entropy/envelope';
import { BitModels, RangeDecoder } from '../entropy/rangecoder';
import { SymbolModel } from '../entropy/symbols';
import { floatsFrom } from '../layout';
import { workOfValue } from './encoder';
import { FLAG_F32, FLAG_LOG, FORMAT_VERSION_GROUPED, FORMAT_VERSION_SEGMENTED, readHeader, readSpec, type StreamHeader } from './header';
import { GROUPS, TokenGroups } from './groups';
import { SHAPES, SegmentDecoder, readSegmentHead, tableOf, type SegmentHead } from './segments';
import { OutlierReader, binWidth, decodeTokens, reconstructColumn, type KernelEnv } from './kernel';
import { inputsOf } from './predictors';
import { PLANE_COLS, planePredictions, readPlanes, type PlaneBlock } from './planes';
import { ColumnPool } from './working';
import { KIND_CONST, PRED_LINEAR, PRED_LORENZO2, PRED_NONE, PRED_PLANE, PRED_ROWS, type ColumnSpec } from './spec';
import { SzDecodeKernel, type WasmTable } from './wasm';

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

/**
 * Restores into `into` when given (checked by the caller, checkInto). The body may come in the
 * two parts openStreamParts gives: the kernel's path reads on across them, the others join them.
 */
export function decodeBody(body: Uint8Array | Uint8Array[], shape: BlockShape, into?: FloatColumn[]): FeatureBlock {
  const parts = body instanceof Uint8Array ? [body] : body;
  let r = new ByteReader(parts[0], 'sz stream', 0, parts[1] ?? null);
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
  const outliers = floatsFrom(r.bytes(nOutliers * size), shape.dtype, nOutliers, 'sz outliers');
  const log = (h.flags & FLAG_LOG) !== 0;
  const segmented = h.version === FORMAT_VERSION_SEGMENTED;
  const segCols = segmented ? r.varint() : 0;
  if (segmented && h.nCols > 0 && segCols < 1) throw new FormatError('sz stream: segments of 0 columns');
  // The columns are views of one allocation: one array buffer per column cost the decoder of a
  // wide matrix a quarter of its time (allocation, and the collections it set off).
  let columns = into;
  if (!columns) {
    const restored = allocColumn(shape.dtype, h.nRows * h.nCols);
    columns = [];
    for (let j = 0; j < h.nCols; j++) columns.push(restored.subarray(j * h.nRows, (j + 1) * h.nRows));
  }
  // Decoded working values are kept only until the last column that predicts from them.
  const last = lastUses(specs);
  if (segmented && !log) {
    decodeSegments(r, h.nRows, specs, last, outliers, columns, f32, segCols);
  } else {
    const whole = joinParts(parts);
    r = new ByteReader(whole, 'sz stream', r.offset);
    decodeColumns(r, whole, h, specs, last, planes, outliers, columns, f32, log, segCols);
  }
  if (segmented && r.remaining !== 0) throw new FormatError(`sz stream: ${r.remaining} bytes after the last segment (corrupt stream)`);
  return { dtype: shape.dtype, nRows: h.nRows, columns };
}

/**
 * Stream version 4 without signs (every SZ mode but sz-pwrel) through the WebAssembly kernel:
 * each segment's streams and tables are copied into its memory, and so are the decoded
 * working values that later columns predict from, which never leave it.
 */
function decodeSegments(r: ByteReader, nRows: number, specs: ColumnSpec[], last: Int32Array, outliers: FloatColumn, columns: FloatColumn[], f32: boolean, segCols: number): void {
  const kernel = new SzDecodeKernel(outliers);
  try {
    decodeInKernel(kernel, r, nRows, specs, last, columns, f32, segCols);
  } finally {
    kernel.release();
  }
}

function decodeInKernel(kernel: SzDecodeKernel, r: ByteReader, nRows: number, specs: ColumnSpec[], last: Int32Array, columns: FloatColumn[], f32: boolean, segCols: number): void {
  const outF32 = columns.length > 0 && columns[0] instanceof Float32Array;
  const tokens = kernel.alloc(nRows * 4);
  const out = kernel.alloc(nRows * (outF32 ? 4 : 8));
  const coef = kernel.alloc(6 * 8);
  const zeros = kernel.alloc(nRows * 8);
  kernel.heap.f64.fill(0, zeros >> 3, (zeros >> 3) + nRows);
  const scratch = kernel.alloc(nRows * 8);
  // Working values of the columns later ones predict from, in areas given back after their last use.
  const workAt = new Float64Array(specs.length);
  const free: number[] = [];
  let head: SegmentHead | null = null;
  let lengths: WasmTable | null = null;
  const tables = new Map<number, WasmTable>();
  for (let j = 0; j < specs.length; j++) {
    if (j % segCols === 0) {
      if (head) kernel.finishSegment();
      head = readSegmentHead(r, false);
      kernel.segment(head.coded, head.bits);
      tables.clear();
      lengths = head.lengths ? kernel.table(GROUPS, head.lengths) : null;
    }
    const spec = specs[j];
    const kept = last[j] > j;
    const work = kept ? (free.pop() ?? kernel.alloc(nRows * 8)) : scratch;
    workAt[j] = work;
    if (spec.kind === KIND_CONST) {
      columns[j].fill(spec.value);
      if (kept) kernel.heap.f64.fill(workOfValue(nRows > 0 ? columns[j][0] : 0, false), work >> 3, (work >> 3) + nRows);
    } else {
      const seg = head as SegmentHead;
      let table = tables.get(spec.group);
      if (!table) {
        table = kernel.table(spec.group, tableOf(seg, spec.group));
        tables.set(spec.group, table);
      }
      const shape = SHAPES[spec.group];
      kernel.decodeColumn(table, shape.escape, shape.loBits, lengths, tokens, nRows);
      // predictors.ts's numbers: [origin, intercept, coefficients, the value above row 0].
      const heap = kernel.heap;
      const c = coef >> 3;
      heap.f64.fill(0, c, c + 6);
      heap.f64[c] = spec.origin;
      if (spec.kind === PRED_ROWS) heap.f64[c + 5] = spec.origin;
      // Absent regressors read a zero column (their coefficient is 0), as inputsOf's stand-in does.
      let r0 = zeros;
      let r1 = zeros;
      let r2 = zeros;
      if (spec.kind === PRED_LINEAR) {
        const regs = spec.regs;
        heap.f64[c + 1] = spec.intercept;
        for (let k = 0; k < regs.length; k++) heap.f64[c + 2 + k] = spec.coefs[k];
        r0 = workAt[regs[0]];
        if (regs.length > 1) r1 = workAt[regs[1]];
        if (regs.length > 2) r2 = workAt[regs[2]];
      }
      const left = spec.kind === PRED_LORENZO2 ? workAt[j - 1] : zeros;
      kernel.reconstruct(spec.kind, spec.kind !== PRED_NONE, coef, binWidth(spec.eb), f32, tokens, nRows, r0, r1, r2, left, out, outF32, work);
      columns[j].set(outF32 ? heap.f32.subarray(out >> 2, (out >> 2) + nRows) : heap.f64.subarray(out >> 3, (out >> 3) + nRows));
    }
    for (const p of usedBy(spec, j)) if (last[p] === j) free.push(workAt[p]);
  }
  if (head) kernel.finishSegment();
  if (kernel.outliersLeft !== 0) throw new FormatError(`sz stream: ${kernel.outliersLeft} stored outliers were never used (corrupt stream)`);
}

/** Every other stream (versions 2 and 3, and version 4's sz-pwrel) through the JavaScript coders and loops. */
function decodeColumns(r: ByteReader, body: Uint8Array, h: StreamHeader, specs: ColumnSpec[], last: Int32Array, planes: Map<number, PlaneBlock>, stored: FloatColumn, columns: FloatColumn[], f32: boolean, log: boolean, segCols: number): void {
  const outliers = new OutlierReader(stored);
  const segmented = h.version === FORMAT_VERSION_SEGMENTED;
  const dec: Float64Array[] = [];
  const env: KernelEnv = { f32, log, relBound: h.relBound, dec, errScale: 1, zeros: new Float64Array(h.nRows) };
  const planeRows = new Float64Array(planes.size > 0 ? h.nRows : 0);
  const coded = !segmented && specs.some((s) => s.kind !== KIND_CONST);
  const rd = coded ? new RangeDecoder(body, r.offset, body.length) : null;
  let segment: SegmentDecoder | null = null;
  const model = new SymbolModel();
  const groups = h.version === FORMAT_VERSION_GROUPED ? new TokenGroups() : null;
  const signModel = new BitModels(1);
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
    const out = columns[j];
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
    dec.push(last[j] > j ? decWork : released);
    for (const p of usedBy(specs[j], j)) {
      if (last[p] !== j) continue;
      pool.give(dec[p]);
      dec[p] = released;
    }
  }
  segment?.finish();
  if (outliers.remaining !== 0) throw new FormatError(`sz stream: ${outliers.remaining} stored outliers were never used (corrupt stream)`);
}
