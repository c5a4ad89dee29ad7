// One lossless Codec per byte engine, with c-blosc's shape: a shuffle filter over the
// values' bytes (typesize = 8 for float64, 4 for float32), then the engine. `columns`
// writes one frame per feature column, `matrix` one frame of the row-major matrix.
// One frame per column, not all columns in one frame: measured equal or better for gzip,
// lz4 and zstd (one frame 0.98-1.00x the ratio), only blosclz gains 2-6% from one frame.

import { allocColumn, bytesPerValue, type DType, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import { FormatError, UsageError } from '../../util/errors';
import { bytesOf, checkBlock, checkInto, fromRowMajor, toRowMajor } from '../layout';
import type { BlockShape, Codec, EncodedBlock, NormalizedConfig } from '../types';
import type { Engine } from './engines';
import { SHUFFLE_KINDS, shuffleInto, unshuffleInto, type ShuffleKind } from './shuffle';

function shuffleOf(config: NormalizedConfig): ShuffleKind {
  const s = config.shuffle;
  if (typeof s !== 'string' || !SHUFFLE_KINDS.includes(s as ShuffleKind)) {
    throw new UsageError(`${config.id}: shuffle ${JSON.stringify(s)} is not one of ${SHUFFLE_KINDS.join(', ')}`);
  }
  return s as ShuffleKind;
}

/**
 * Compresses the streams one after the other. Each stream is numcodecs' own fresh copy, kept
 * as it is: copied into a StreamArena instead, the dropped copies were garbage until the next
 * scavenge and NT3's peak resident set did not fall (2.19-2.21x either way), at some CPU cost.
 */
async function compressStreams(engine: Engine, values: readonly FloatColumn[], kind: ShuffleKind, level: number): Promise<Uint8Array[]> {
  // The engines copy their input into wasm or zlib before they return, and the streams are
  // compressed one at a time, so one shuffled copy serves every stream.
  let scratch = new Uint8Array(0);
  const streams: Uint8Array[] = new Array(values.length);
  for (let j = 0; j < values.length; j++) {
    // A column's byte view made when it is compressed: 60,483 views made up front all survived
    // a scavenge or two together: 5-10 MB more peak on NT3's shape.
    let raw = bytesOf(values[j]);
    if (kind !== 'none') {
      if (scratch.length < raw.length) scratch = new Uint8Array(raw.length);
      const shuffled = scratch.subarray(0, raw.length);
      shuffleInto(raw, values[j].BYTES_PER_ELEMENT, kind, shuffled);
      raw = shuffled;
    }
    streams[j] = await engine.compress(raw, level);
  }
  return streams;
}

/** Decompresses first, so a shape that disagrees with the stream fails before any allocation; into `into` when given. */
async function restoreStream(engine: Engine, stream: Uint8Array, dtype: DType, count: number, kind: ShuffleKind, what: string, into?: FloatColumn): Promise<FloatColumn> {
  let raw: Uint8Array;
  const bpv = bytesPerValue(dtype);
  try {
    raw = await engine.decompress(stream, count * bpv);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`${what}: ${e.message}`);
    throw e;
  }
  // The engines return bytes of their own: unshuffled, they are the values (no second copy).
  if (kind === 'none' && raw.byteOffset % bpv === 0 && !into) return dtype === 'float32' ? new Float32Array(raw.buffer, raw.byteOffset, count) : new Float64Array(raw.buffer, raw.byteOffset, count);
  const out = into ?? allocColumn(dtype, count);
  unshuffleInto(raw, out.BYTES_PER_ELEMENT, kind, bytesOf(out));
  return out;
}

export function losslessCodec(engine: Engine, defaultShuffle: ShuffleKind, why: string): Codec {
  return {
    kind: 'codec',
    info: {
      id: engine.id,
      family: 'lossless',
      description: engine.description,
      lossless: true,
      param: engine.level,
      options: [
        {
          name: 'shuffle',
          description: `Filter before the codec: none, byte (c-blosc shuffle) or bit (bitshuffle). Default ${defaultShuffle}: ${why}`,
          values: SHUFFLE_KINDS,
          default: defaultShuffle,
        },
      ],
      layouts: ['columns', 'matrix'],
      defaultLayout: 'columns',
      paper: true,
    },

    async encode(block: FeatureBlock, config: NormalizedConfig): Promise<EncodedBlock> {
      checkBlock(block, engine.id);
      const kind = shuffleOf(config);
      const level = config.level as number;
      const values = config.layout === 'matrix' ? [toRowMajor(block)] : block.columns;
      return { streams: await compressStreams(engine, values, kind, level), meta: {} };
    },

    async decode(encoded: EncodedBlock, shape: BlockShape, config: NormalizedConfig, into?: FloatColumn[]): Promise<FeatureBlock> {
      const kind = shuffleOf(config);
      const { nRows, nCols, dtype } = shape;
      const out = checkInto(encoded, shape, into, engine.id);
      const want = config.layout === 'matrix' ? 1 : nCols;
      if (encoded.streams.length !== want) {
        throw new FormatError(`${engine.id}/${config.layout}: ${encoded.streams.length} streams, expected ${want}`);
      }
      if (config.layout === 'matrix') {
        const data = await restoreStream(engine, encoded.streams[0], dtype, nRows * nCols, kind, `${engine.id} matrix stream`);
        return fromRowMajor(data, nRows, nCols, out);
      }
      const columns: FloatColumn[] = [];
      for (let j = 0; j < nCols; j++) {
        columns.push(await restoreStream(engine, encoded.streams[j], dtype, nRows, kind, `${engine.id} column ${j}`, out?.[j]));
      }
      return { dtype, nRows, columns };
    },
  };
}
