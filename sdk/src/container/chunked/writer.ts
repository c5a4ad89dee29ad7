// Writes a chunked container of a dataset in memory: the streaming writer (stream.ts) reading
// the dataset block by block, its output gathered into one byte array.

import { datasetSource } from '../../data/table-source';
import type { Dataset } from '../../data/dataset';
import type { NormalizedConfig, ReducerConfig } from '../../reducers/types';
import type { ChunkedHeader } from './layout';
import { streamChunked, type ChunkedOptions } from './stream';
import { concatBytes } from '../../util/concat';

export { DEFAULT_CHUNK_BYTES, MAX_CHUNK_ROWS, defaultChunkRows, type ChunkedOptions } from './stream';

export interface ChunkedResult {
  bytes: Uint8Array;
  header: ChunkedHeader;
  chunks: number;
  /** Bytes of the original feature columns / bytes of the file. */
  originalBytes: number;
  fileBytes: number;
}

export async function compressChunked(ds: Dataset, config: ReducerConfig | NormalizedConfig, options: ChunkedOptions = {}): Promise<ChunkedResult> {
  const parts: Uint8Array[] = [];
  const r = await streamChunked(datasetSource(ds), config, { chunkRows: options.chunkRows, workers: options.workers }, async (b) => {
    parts.push(b);
  });
  const bytes = concatBytes(parts);
  return { bytes, header: r.header, chunks: r.chunks, originalBytes: ds.featureBytes, fileBytes: bytes.length };
}
