// `fpzip`: lossless, in fpzip's design. `columns`: each column on its own, predicted by its
// previous value (1-D Lorenzo) with fresh statistics per column, all in one stream.
// `matrix`: the row-major matrix predicted by the 2-D Lorenzo predictor, computed in the
// data's own precision as fpzip does. Bits are read through integer views (and the matrix
// transposed through them, layout.ts), so every value, NaN payloads included, comes back bit for bit.

import { allocColumn, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import { FormatError } from '../../util/errors';
import { ByteReader, ByteWriter } from '../entropy/bytes';
import { openStream, sealStream } from '../entropy/envelope';
import { RangeDecoder, RangeEncoder } from '../entropy/rangecoder';
import { BitReader, BitWriter } from '../entropy/rawbits';
import { SymbolModel } from '../entropy/symbols';
import { checkInto, fromRowMajor, toRowMajor, wordsOf } from '../layout';
import type { BlockShape, Codec, Layout } from '../types';
import { MAX_SYMBOL_32, MAX_SYMBOL_64, decode32, decode64, encode32, encode64, mapHi, mapLo, unmapHi, unmapLo, type ResidualSink, type ResidualSource } from './residual';

const TAG = 'FPZ1';
const VERSION = 2;

/** Scratch for a prediction's bits: a float written, read back as words. */
const pred64 = new Float64Array(1);
const pred64w = new Uint32Array(pred64.buffer);
const pred32 = new Float32Array(1);
const pred32w = new Uint32Array(pred32.buffer);

/**
 * fpzip's 2-D Lorenzo prediction of a[i] in a row-major matrix of `width` columns, from the
 * values before it (left + up - up-left; 0 outside the matrix, and 0 for a NaN prediction).
 */
function lorenzo2d(a: FloatColumn, i: number, width: number): number {
  const hasLeft = i % width > 0;
  const hasUp = i >= width;
  const p = (hasLeft ? a[i - 1] : 0) + (hasUp ? a[i - width] : 0) - (hasLeft && hasUp ? a[i - width - 1] : 0);
  return p === p ? p : 0;
}

/** The same in float32 arithmetic, as fpzip predicts float data in its own precision. */
function lorenzo2d32(a: FloatColumn, i: number, width: number): number {
  const hasLeft = i % width > 0;
  const hasUp = i >= width;
  const q = Math.fround(Math.fround((hasLeft ? a[i - 1] : 0) + (hasUp ? a[i - width] : 0)) - (hasLeft && hasUp ? a[i - width - 1] : 0));
  return q === q ? q : 0;
}

/** Codes one series of values; with `width` > 0 it is a row-major matrix predicted in 2-D. */
function encodeSeries(o: ResidualSink, a: FloatColumn, width: number): void {
  const w = wordsOf(a);
  const n = a.length;
  if (a instanceof Float64Array) {
    let phi = mapHi(0);
    let plo = 0;
    for (let i = 0; i < n; i++) {
      if (width > 0) {
        pred64[0] = lorenzo2d(a, i, width);
        phi = mapHi(pred64w[1]);
        plo = mapLo(pred64w[1], pred64w[0]);
      }
      const hi = w[2 * i + 1];
      const ahi = mapHi(hi);
      const alo = mapLo(hi, w[2 * i]);
      encode64(o, ahi, alo, phi, plo);
      if (width === 0) {
        phi = ahi;
        plo = alo;
      }
    }
  } else {
    let p = mapHi(0);
    for (let i = 0; i < n; i++) {
      if (width > 0) {
        pred32[0] = lorenzo2d32(a, i, width);
        p = mapHi(pred32w[0]);
      }
      const v = mapHi(w[i]);
      encode32(o, v, p);
      if (width === 0) p = v;
    }
  }
}

function decodeSeries(o: ResidualSource, a: FloatColumn, width: number): void {
  const w = wordsOf(a);
  const n = a.length;
  if (a instanceof Float64Array) {
    const lo = new Uint32Array(1);
    let phi = mapHi(0);
    let plo = 0;
    for (let i = 0; i < n; i++) {
      if (width > 0) {
        pred64[0] = lorenzo2d(a, i, width);
        phi = mapHi(pred64w[1]);
        plo = mapLo(pred64w[1], pred64w[0]);
      }
      const ahi = decode64(o, phi, plo, lo);
      w[2 * i + 1] = unmapHi(ahi);
      w[2 * i] = unmapLo(ahi, lo[0]);
      if (width === 0) {
        phi = ahi;
        plo = lo[0];
      }
    }
  } else {
    let p = mapHi(0);
    for (let i = 0; i < n; i++) {
      if (width > 0) {
        pred32[0] = lorenzo2d32(a, i, width);
        p = mapHi(pred32w[0]);
      }
      const v = decode32(o, p);
      w[i] = unmapHi(v);
      if (width === 0) p = v;
    }
  }
}

export async function fpzipEncode(block: FeatureBlock, layout: Layout): Promise<Uint8Array> {
  const values = block.nRows * block.columns.length;
  const maxSymbol = block.dtype === 'float32' ? MAX_SYMBOL_32 : MAX_SYMBOL_64;
  const o: ResidualSink = { enc: new RangeEncoder(values + 64), model: new SymbolModel(), raw: new BitWriter(values * (block.dtype === 'float32' ? 4 : 8) + 64) };
  if (layout === 'matrix') {
    o.model.reset(maxSymbol, values);
    encodeSeries(o, toRowMajor(block), block.columns.length);
  } else
    for (const col of block.columns) {
      o.model.reset(maxSymbol, block.nRows);
      encodeSeries(o, col, 0);
    }
  const coded = o.enc.finish();
  const w = new ByteWriter();
  w.u8(VERSION);
  w.u8((block.dtype === 'float32' ? 1 : 0) | (layout === 'matrix' ? 2 : 0));
  w.varint(block.nRows);
  w.varint(block.columns.length);
  w.varint(coded.length);
  w.bytes(coded);
  w.bytes(o.raw.finish());
  return sealStream(TAG, w.finish());
}

/** Restores into `into` when given (checked by the caller, checkInto). */
export async function fpzipDecode(stream: Uint8Array, shape: BlockShape, layout: Layout, into?: FloatColumn[]): Promise<FeatureBlock> {
  const size = shape.dtype === 'float32' ? 4 : 8;
  const body = await openStream(TAG, stream, 64 + shape.nRows * shape.nCols * (size + 4));
  const r = new ByteReader(body, 'fpzip stream');
  const version = r.u8();
  if (version !== VERSION) throw new FormatError(`fpzip stream: format version ${version}, this build reads ${VERSION}`);
  const flags = r.u8();
  const nRows = r.varint();
  const nCols = r.varint();
  const expected = (shape.dtype === 'float32' ? 1 : 0) | (layout === 'matrix' ? 2 : 0);
  if (flags !== expected) throw new FormatError(`fpzip stream: flags ${flags} do not match ${shape.dtype} / ${layout} (${expected})`);
  if (nRows !== shape.nRows || nCols !== shape.nCols) throw new FormatError(`fpzip stream: holds ${nRows} x ${nCols} values, the container says ${shape.nRows} x ${shape.nCols}`);
  const codedLength = r.varint();
  if (codedLength > r.remaining) throw new FormatError(`fpzip stream: coded part of ${codedLength} bytes, only ${r.remaining} left`);
  const codedEnd = r.offset + codedLength;
  const maxSymbol = shape.dtype === 'float32' ? MAX_SYMBOL_32 : MAX_SYMBOL_64;
  const o: ResidualSource = { dec: new RangeDecoder(body, r.offset, codedEnd), model: new SymbolModel(), raw: new BitReader(body, codedEnd, body.length) };
  if (layout === 'matrix') {
    const data = allocColumn(shape.dtype, nRows * nCols);
    o.model.reset(maxSymbol, nRows * nCols);
    decodeSeries(o, data, nCols);
    return fromRowMajor(data, shape.nRows, shape.nCols, into);
  }
  const columns: FloatColumn[] = [];
  for (let j = 0; j < nCols; j++) {
    const col = into ? into[j] : allocColumn(shape.dtype, nRows);
    o.model.reset(maxSymbol, nRows);
    decodeSeries(o, col, 0);
    columns.push(col);
  }
  return { dtype: shape.dtype, nRows, columns };
}

export const fpzipCodec: Codec = {
  kind: 'codec',
  info: {
    id: 'fpzip',
    family: 'lossless',
    description: "Lossless fpzip-style coding: Lorenzo prediction (1-D by column, 2-D on the matrix) of floats mapped to ordered integers, residuals range-coded.",
    lossless: true,
    layouts: ['columns', 'matrix'],
    defaultLayout: 'columns',
    paper: true,
  },
  async encode(block, config) {
    return { streams: [await fpzipEncode(block, config.layout)], meta: {} };
  },
  async decode(encoded, shape, config, into) {
    const out = checkInto(encoded, shape, into, 'fpzip');
    if (encoded.streams.length !== 1) throw new FormatError(`fpzip: ${encoded.streams.length} streams, expected 1`);
    return fpzipDecode(encoded.streams[0], shape, config.layout, out);
  },
};
