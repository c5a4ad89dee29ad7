// Chunked containers: rows cut into independently coded chunks (each a whole single container),
// an index for random access, worker threads for parallel chunks, and salvage of damaged files.
export { compressChunked, defaultChunkRows, DEFAULT_CHUNK_BYTES, type ChunkedOptions, type ChunkedResult } from './writer';
export { openChunked, salvageChunked, type ChunkedReader, type ChunkedSummary, type ReadOptions, type SalvageResult } from './reader';
export { CHUNKED_MAGIC, CHUNKED_MAJOR, CHUNKED_MINOR, type ChunkedHeader, type IndexEntry } from './layout';
export { streamChunked, compressChunkedToFile, decodeChunkedRows, type StreamOptions, type StreamResult, type DecodeStreamOptions } from './stream';
export { RangeScanner, type FiniteRange } from './anchors';
export { openChunkPool, type ChunkPool } from './pool';
