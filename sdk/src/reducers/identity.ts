// `none`: the identity, stored as raw little-endian values; the baseline of every ratio.

import type { Codec, JsonObject } from './types';
import { bytesOf, checkInto, floatsFrom, fromRowMajor, toRowMajor } from './layout';
import { FormatError } from '../util/errors';

export const identityReducer: Codec = {
  kind: 'codec',
  info: {
    id: 'none',
    family: 'identity',
    description: 'No reduction: the raw values (the baseline).',
    lossless: true,
    layouts: ['columns', 'matrix'],
    defaultLayout: 'columns',
    paper: true,
  },
  async encode(block, config) {
    const meta: JsonObject = {};
    if (config.layout === 'matrix') return { streams: [bytesOf(toRowMajor(block)).slice()], meta };
    return { streams: block.columns.map((c) => bytesOf(c).slice()), meta };
  },
  async decode(encoded, shape, config, into) {
    const out = checkInto(encoded, shape, into, 'none');
    if (config.layout === 'matrix') {
      if (encoded.streams.length !== 1) throw new FormatError(`none/matrix: ${encoded.streams.length} streams, expected 1`);
      return fromRowMajor(floatsFrom(encoded.streams[0], shape.dtype, shape.nRows * shape.nCols, 'matrix stream'), shape.nRows, shape.nCols, out);
    }
    if (encoded.streams.length !== shape.nCols) throw new FormatError(`none/columns: ${encoded.streams.length} streams, expected ${shape.nCols}`);
    const columns = encoded.streams.map((s, j) => floatsFrom(s, shape.dtype, shape.nRows, `column ${j}`, out?.[j]));
    return { dtype: shape.dtype, nRows: shape.nRows, columns };
  },
};
