// The SZ family as Codecs: bounds from the mode and layout, one body per block, framed with
// a checksum (and packed by zstd when that is smaller, as SZ does). sz-psnr over the matrix
// checks the achieved MSE of the whole block and re-encodes with a tighter bound if needed.

import type { FeatureBlock } from '../../data/dataset';
import { FormatError } from '../../util/errors';
import { openStreamParts } from '../entropy/envelope';
import { checkInto } from '../layout';
import type { BlockShape, Codec, EncodedBlock, NormalizedConfig } from '../types';
import { decodeBody } from './decoder';
import { encodeBody, type SzEncoded } from './encoder';
import { SZ_INFO, boundsFor, predictorsOf, type SzMode } from './modes';

const TAG = 'SZL1';
const ZSTD_LEVEL = 3;

function encodeBlock(mode: SzMode, block: FeatureBlock, config: NormalizedConfig): SzEncoded {
  const b = boundsFor(mode, block, config);
  const matrixPsnr = mode === 'sz-psnr' && config.layout === 'matrix';
  const request = {
    columns: block.columns,
    nRows: block.nRows,
    f32: block.dtype === 'float32',
    log: b.log,
    relBound: b.relBound,
    ebs: b.ebs,
    psnrBase: b.psnrBase,
    psnrPerColumn: mode === 'sz-psnr' && !matrixPsnr,
    predictors: predictorsOf(config),
    matrix: config.layout === 'matrix',
  };
  let out = encodeBody(request);
  const base = b.psnrBase?.[0];
  if (!matrixPsnr || base === undefined || !(base > 1e-150 && base < 1e150)) return out;
  // The matrix's MSE (in units of base^2) must stay under 1: tighten every column's bound.
  for (let attempt = 1; attempt <= 3 && out.finite > 0 && out.sse / out.finite > 1 - 1e-9; attempt++) {
    const mse = out.sse / out.finite;
    request.ebs = request.ebs.map((e) => (attempt < 3 ? Math.min(e * 0.97 * Math.sqrt(1 / mse), e * 0.97) : base * 0.999));
    out = encodeBody(request);
  }
  return out;
}

/** Upper bound of an honest body's size for this shape, so a forged length is refused before allocating. */
function maxBodyBytes(shape: BlockShape): number {
  const values = shape.nRows * shape.nCols;
  return 64 + shape.nCols * 64 + values * 16;
}

function szCodec(mode: SzMode): Codec {
  return {
    kind: 'codec',
    info: SZ_INFO[mode],
    async encode(block, config): Promise<EncodedBlock> {
      const out = encodeBlock(mode, block, config);
      return { streams: [await out.frame.seal(TAG, out.head, ZSTD_LEVEL)], meta: {} };
    },
    async decode(encoded, shape, _config, into) {
      const out = checkInto(encoded, shape, into, mode);
      if (encoded.streams.length !== 1) throw new FormatError(`${mode}: ${encoded.streams.length} streams, expected 1`);
      return decodeBody(await openStreamParts(TAG, encoded.streams[0], maxBodyBytes(shape)), shape, out);
    },
  };
}

export const szCodecs: Codec[] = (['sz-abs', 'sz-rel', 'sz-pwrel', 'sz-psnr'] as const).map(szCodec);
