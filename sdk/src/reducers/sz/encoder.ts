// Encodes a block of columns into one SZ body: all columns share one range coder (one
// stream, no per-column tables: each column's statistics are learnt adaptively), with the
// per-column predictor records in the header and the exact outliers in one array.

import type { FloatColumn } from '../../data/dataset';
import { ByteWriter } from '../entropy/bytes';
import { FrameBuilder } from '../entropy/envelope';
import { concatBytes } from '../../util/concat';
import { BitModels, RangeEncoder } from '../entropy/rangecoder';
import { SymbolModel } from '../entropy/symbols';
import { FLAG_F32, FLAG_LOG, FORMAT_VERSION, FORMAT_VERSION_SEGMENTED, writeHeader, writeSpec } from './header';
import { groupOf } from './groups';
import { encodeSegment, segmentColumns, type SegmentColumn } from './segments';
import { OutlierList, codeTokens, maxTokenOf, quantizeColumn, type KernelEnv } from './kernel';
import { inputsOf, scratchInputs } from './predictors';
import { Planner, WIDE, WINDOW, widePlannerAreas, type PredictorSet } from './planner';
import { writePlanes, type PlaneBlock } from './planes';
import { PRED_NONE, constSpec, type ColumnSpec } from './spec';
import { ColumnPool, WorkingValues } from './working';
import { SzEncodeKernel } from './wasm';

export interface SzEncodeRequest {
  columns: FloatColumn[];
  nRows: number;
  f32: boolean;
  /** sz-pwrel: code log2|x| and check |x - x'| <= relBound |x|. */
  log: boolean;
  relBound: number;
  /** Per column, the absolute bound in the working domain. */
  ebs: Float64Array;
  /**
   * sz-psnr: per column, the RMS error not to exceed. Errors are measured in these units;
   * with `psnrPerColumn` each column is re-quantized until its mean is under 1.
   */
  psnrBase?: Float64Array;
  psnrPerColumn?: boolean;
  predictors: PredictorSet;
  /** `matrix` layout: SZ2's block planes may be chosen (when every column has the same bound). */
  matrix?: boolean;
  /** Stream version 4: values per segment (segments.ts's SEGMENT_VALUES unless set; tests set it small). */
  segmentValues?: number;
}

export interface SzEncoded {
  /** The body's header (what may pack with zstd); the coded part follows it in `frame`. */
  head: Uint8Array;
  /** The coded part, written into the buffer of the stream it will be sealed in (frame.seal(tag, head)). */
  frame: FrameBuilder;
  /** The body joined (a copy, for tests and tools: the codec seals the frame without it). */
  readonly body: Uint8Array;
  specs: ColumnSpec[];
  /** sz-psnr (psnrBase set): sum of squared errors (in units of psnrBase) and count over the finite values; 0 otherwise. */
  sse: number;
  finite: number;
  outliers: number;
}

/** The working value a decoded value stands for in later predictions (both sides use this). */
export function workOfValue(v: number, log: boolean): number {
  if (v - v !== 0 || (log && v === 0)) return 0;
  return log ? Math.log2(Math.abs(v)) : v;
}

/**
 * Working-value areas to lay out in the kernel's memory: the encoder holds at most WINDOW + 2
 * columns' decoded values and as many working copies (released together, WINDOW columns
 * behind), fewer on narrow tables; at most 1 GiB of them (beyond, the pool's arrays are
 * ordinary ones, copied into the kernel per column).
 */
function kernelSlots(nRows: number, nCols: number): number {
  return Math.max(0, Math.min(2 * (WINDOW + 2) + 4, 2 * nCols + 2, Math.floor(2 ** 30 / Math.max(1, nRows * 8))));
}

function isConstant(col: FloatColumn): boolean {
  if (col.length === 0) return true;
  const first = col[0];
  for (let i = 1; i < col.length; i++) if (!Object.is(col[i], first)) return false;
  return true;
}

function countFinite(col: FloatColumn): number {
  let n = 0;
  for (let i = 0; i < col.length; i++) if (col[i] - col[i] === 0) n++;
  return n;
}

export function encodeBody(req: SzEncodeRequest): SzEncoded {
  const { nRows } = req;
  const nCols = req.columns.length;
  // Wide tables by column share token statistics between the columns of a token group,
  // counted per segment of columns (stream version 4). Narrower ones, and the matrix layout
  // (whose columns' token scales differ too much for shared statistics: 4-6% of ratio on
  // NT3's shape), keep per-column adaptive statistics and their streams (version 2).
  const segmented = nCols > WIDE && req.matrix !== true;
  // Version 4 quantizes a segment's columns into one buffer, then codes the segment.
  const segCols = segmented ? segmentColumns(nRows, req.segmentValues) : 1;
  const kernel = new SzEncodeKernel(nRows, kernelSlots(nRows, nCols), segmented ? Math.min(segCols, nCols) * nRows : 0, segmented ? widePlannerAreas(nRows) : null);
  try {
    return encodeColumns(req, kernel, segmented, segCols);
  } finally {
    kernel.release();
  }
}

function encodeColumns(req: SzEncodeRequest, kernel: SzEncodeKernel, segmented: boolean, segCols: number): SzEncoded {
  const { columns, nRows, f32, log } = req;
  const nCols = columns.length;
  const version = segmented ? FORMAT_VERSION_SEGMENTED : FORMAT_VERSION;
  const constant = columns.map(isConstant);
  const pool = new ColumnPool(nRows, kernel.slots);
  const work = new WorkingValues(columns, constant, log, pool, kernel);
  const dec: Float64Array[] = [];
  const env: KernelEnv = { f32, log, relBound: req.relBound, dec, errScale: 1, zeros: kernel.zeros };
  const oneBound = req.ebs.every((e) => e === req.ebs[0]);
  const planner = new Planner(
    work,
    dec,
    nRows,
    req.predictors,
    f32 ? 32 : 64,
    req.matrix === true && oneBound && !req.psnrPerColumn,
    segmented ? kernel : null,
  );
  const planes = new Map<number, PlaneBlock>();
  const enc = segmented ? null : new RangeEncoder(Math.max(1024, nRows * nCols));
  const model = new SymbolModel();
  const signModel = new BitModels(1);
  const segTokens = kernel.tokens;
  const segSigns = new Uint8Array(log ? segTokens.length : 0);
  const segment: SegmentColumn[] = [];
  // The coded part goes straight into the buffer the codec returns the stream in, sized for a
  // ratio of 1 (the pages it does not reach are never touched).
  const frame = new FrameBuilder(nRows * nCols * (f32 ? 4 : 8) + 1024, 64 + nCols * 48);
  let tokens = segTokens.subarray(0, nRows);
  let signs = log ? segSigns.subarray(0, nRows) : segSigns;
  const outliers = new OutlierList();
  const specs: ColumnSpec[] = [];
  let sse = 0;
  let finite = 0;
  const released = new Float64Array(0);
  const inputs = scratchInputs();
  for (let j = 0; j < nCols; j++) {
    if (segmented) {
      const k = j % segCols;
      if (k === 0 && j > 0) {
        encodeSegment(segment, log, kernel, frame);
        segment.length = 0;
      }
      tokens = segTokens.subarray(k * nRows, (k + 1) * nRows);
      if (log) signs = segSigns.subarray(k * nRows, (k + 1) * nRows);
    }
    // Predictors look back at most WINDOW columns: what lies further back can go.
    if (j > WINDOW) {
      pool.give(dec[j - WINDOW - 1]);
      dec[j - WINDOW - 1] = released;
      planner.release(j - WINDOW - 1);
      work.release(j - WINDOW - 1);
    }
    const col = columns[j];
    if (constant[j]) {
      const value = nRows > 0 ? col[0] : 0;
      specs.push(constSpec(value));
      dec.push(pool.takeAny().fill(workOfValue(value, log)));
      if (req.psnrBase) finite += value - value === 0 ? nRows : 0;
      continue;
    }
    // Not zeroed: the quantizer writes every row, and the predictor's absent inputs read the
    // kernel's zero column (`self` below), not this one.
    const decWork = pool.takeAny();
    dec.push(decWork);
    const base = req.psnrBase?.[j];
    // Counted for sz-psnr only: a pass over every value that nothing else reads.
    const colFinite = base !== undefined ? countFinite(col) : 0;
    const mark = outliers.count;
    let eb = req.ebs[j];
    if (base !== undefined) {
      // Outside this range 1/base or base^2 is not representable: take the bound that is
      // safe by itself (every error < base, so the MSE is under base^2).
      if (!(base > 1e-150 && base < 1e150)) eb = base * 0.999;
      env.errScale = base > 1e-150 && base < 1e150 ? 1 / base : 0;
    }
    let plan = planner.plan(j, eb);
    let colSse = quantizeColumn(inputsOf(j, plan.spec, dec, env.zeros, env.zeros, plan.planes?.predictions ?? null, inputs), col, plan.spec, env, tokens, signs, outliers, decWork, kernel);
    for (let attempt = 1; attempt <= 3 && base !== undefined && req.psnrPerColumn && env.errScale > 0 && colFinite > 0 && colSse / colFinite > 1 - 1e-9; attempt++) {
      // sz-psnr: a uniform error of eb has MSE eb^2/3; when the data's errors are larger,
      // shrink eb and retry; the last attempt's eb < base guarantees the target.
      const mse = colSse / colFinite;
      eb = attempt < 3 ? Math.min(eb * 0.97 * Math.sqrt(1 / mse), eb * 0.97) : (base as number) * 0.999;
      outliers.count = mark;
      plan = planner.plan(j, eb);
      colSse = quantizeColumn(inputsOf(j, plan.spec, dec, env.zeros, env.zeros, plan.planes?.predictions ?? null, inputs), col, plan.spec, env, tokens, signs, outliers, decWork, kernel);
    }
    if (plan.planes) planes.set(plan.planes.block.col, plan.planes.block);
    sse += colSse;
    finite += colFinite;
    // Version 4 stores the column's token group, version 2 its largest token.
    // The plan's spec is the planner's fresh object for this column: it becomes the column's.
    const spec = plan.spec;
    spec.maxToken = segmented ? 0 : maxTokenOf(tokens, nRows);
    specs.push(spec);
    if (segmented) {
      spec.group = groupOf(tokens, nRows, spec.kind !== PRED_NONE);
      segment.push({ group: spec.group, tokens, signs: log ? signs : null });
    } else {
      model.reset(spec.maxToken, nRows);
      codeTokens(enc as RangeEncoder, model, signModel, tokens, signs, nRows, log);
    }
  }
  if (segmented && nCols > 0) encodeSegment(segment, log, kernel, frame);
  else if (!segmented) frame.bytes((enc as RangeEncoder).finish());
  const w = new ByteWriter();
  writeHeader(w, { version, flags: (f32 ? FLAG_F32 : 0) | (log ? FLAG_LOG : 0), nRows, nCols, relBound: req.relBound });
  for (const s of specs) writeSpec(w, s, version);
  writePlanes(w, [...planes.values()]);
  w.varint(outliers.count);
  const exact = outliers.values.subarray(0, outliers.count);
  const stored = f32 ? Float32Array.from(exact) : exact;
  w.bytes(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
  if (segmented) w.varint(segCols);
  const head = w.finish();
  return {
    head,
    frame,
    get body() {
      return concatBytes([head, frame.tail]);
    },
    specs,
    sse,
    finite,
    outliers: outliers.count,
  };
}
