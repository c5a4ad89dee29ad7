// A codec that stores every value in a narrower float format and widens it back to the
// input's dtype: the shared shape of truncate32 and truncate16. `columns` writes one
// stream per feature column, `matrix` one stream of the row-major matrix. A finite value
// beyond the narrow format's range would come back as Infinity: such a column is refused.

import { allocColumn, type DType, type FeatureBlock, type FloatColumn } from '../../data/dataset';
import { DataError, FormatError } from '../../util/errors';
import { checkBlock, checkInto, fromRowMajor, toRowMajor } from '../layout';
import type { BlockShape, Codec, EncodedBlock, NormalizedConfig, ReducerInfo } from '../types';

export interface NarrowFormat {
  /** What the values are stored as ("IEEE half precision"). */
  name: string;
  /** Bytes per stored value. */
  size: number;
  /** The largest finite value, and the smallest magnitude that rounds to Infinity. */
  maxFinite: number;
  overflowAt: number;
  /** The stored little-endian bytes of the values. */
  narrow(values: FloatColumn): Uint8Array;
  /** Values widened from `bytes` (exactly count * size of them) into `out`. */
  widen(bytes: Uint8Array, out: FloatColumn): void;
}

function restore(format: NarrowFormat, stream: Uint8Array, dtype: DType, count: number, what: string, into?: FloatColumn): FloatColumn {
  if (stream.length !== count * format.size) {
    throw new FormatError(`${what}: ${stream.length} bytes, expected ${count} values of ${format.size} bytes (${count * format.size})`);
  }
  const out = into ?? allocColumn(dtype, count);
  format.widen(stream, out);
  return out;
}

/** Refuses the first finite value that the format would turn into Infinity, naming its column and row. */
export function checkRange(block: FeatureBlock, format: NarrowFormat, id: string): void {
  const limit = format.overflowAt;
  block.columns.forEach((c, j) => {
    for (let i = 0; i < c.length; i++) {
      const a = Math.abs(c[i]);
      if (a >= limit && a !== Infinity) {
        const names = (block as { names?: unknown }).names;
        const column = Array.isArray(names) && typeof names[j] === 'string' ? `column ${JSON.stringify(names[j])}` : `column ${j}`;
        throw new DataError(
          `${id}: ${column} row ${i} holds ${c[i]}, beyond ${format.name}'s largest finite value ${format.maxFinite}; ${id} would store it as Infinity, so it refuses the column (use a bounded method such as sz-abs or zfp-accuracy)`,
        );
      }
    }
  });
}

export function narrowingCodec(info: ReducerInfo, format: NarrowFormat): Codec {
  return {
    kind: 'codec',
    info,
    async encode(block: FeatureBlock, config: NormalizedConfig): Promise<EncodedBlock> {
      checkBlock(block, info.id);
      checkRange(block, format, info.id);
      const values = config.layout === 'matrix' ? [toRowMajor(block)] : block.columns;
      return { streams: values.map((v) => format.narrow(v)), meta: {} };
    },
    async decode(encoded: EncodedBlock, shape: BlockShape, config: NormalizedConfig, into?: FloatColumn[]): Promise<FeatureBlock> {
      const { nRows, nCols, dtype } = shape;
      const out = checkInto(encoded, shape, into, info.id);
      const want = config.layout === 'matrix' ? 1 : nCols;
      if (encoded.streams.length !== want) {
        throw new FormatError(`${info.id}/${config.layout}: ${encoded.streams.length} streams, expected ${want}`);
      }
      if (config.layout === 'matrix') {
        return fromRowMajor(restore(format, encoded.streams[0], dtype, nRows * nCols, `${info.id} matrix stream`), nRows, nCols, out);
      }
      const columns = encoded.streams.map((s, j) => restore(format, s, dtype, nRows, `${info.id} column ${j}`, out?.[j]));
      return { dtype, nRows, columns };
    },
  };
}
