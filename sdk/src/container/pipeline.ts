// One trip through a reducer: features -> container bytes -> restored features. The same
// path serves the CLI (compress/decompress), the evaluator and the demo, so every figure
// (ratio, times) is measured on what a user would really store and read back.

import { performance } from 'node:perf_hooks';
import { Dataset, type FloatColumn, type Target } from '../data/dataset';
import { identityReducer } from '../reducers/identity';
import { getReducer, normalizeConfig } from '../reducers/registry';
import type { EncodedBlock, JsonObject, NormalizedConfig, ReducerConfig } from '../reducers/types';
import { FormatError } from '../util/errors';
import { LOSSYML_VERSION } from '../util/version';
import { packContainer, unpackContainer, type ContainerHeader } from './format';
import { decodeTarget, encodeTarget, rawTargetBytes } from './target';

export interface EncodeStats {
  config: NormalizedConfig;
  /** Bytes of the original feature columns (all rows), the numerator of the ratio. */
  originalBytes: number;
  /** Bytes of the container less the exact target stream: header, checksums and feature streams. */
  storedBytes: number;
  /** originalBytes / storedBytes: the feature compression ratio, the paper's figure. */
  compressionRatio: number;
  /** Bytes of the whole file, and of its (losslessly coded) target stream (0 without a target). */
  fileBytes: number;
  targetBytes: number;
  /** The target as a plain column over all rows (rawTargetBytes), 0 without a target. */
  targetRawBytes: number;
  /** (originalBytes + targetRawBytes) / fileBytes: what the whole table shrank by on disk. */
  fileRatio: number;
  /**
   * Finite values the method could not represent (they would have become Infinity, or left
   * the bound) and that were stored exactly instead; 0 for methods that never do so.
   */
  storedExactly: number;
  rowsStored: number;
  /** The rows a sampler kept, in stored order (absent for codecs, which keep every row). */
  rowsKept?: Uint32Array;
  encodeSeconds: number;
}

export interface EncodeResult {
  bytes: Uint8Array;
  stats: EncodeStats;
}

/** Reduces a dataset's features with `config` and packs them, with the exact target, into a container. */
export async function encodeDataset(ds: Dataset, config: ReducerConfig | NormalizedConfig): Promise<EncodeResult> {
  const cfg = normalizeConfig(config);
  const reducer = getReducer(cfg.id);
  const t0 = performance.now();
  let stored = ds;
  let rowsKept: Uint32Array | undefined;
  let encoded: EncodedBlock;
  if (reducer.kind === 'sampler') {
    rowsKept = reducer.selectRows(ds.nRows, cfg);
    stored = ds.selectRows(rowsKept);
    encoded = await identityReducer.encode(stored, cfg);
  } else {
    encoded = await reducer.encode(ds, cfg);
  }
  const target = ds.target ? await encodeTarget(stored.target as Target) : null;
  const targetRawBytes = ds.target ? rawTargetBytes(ds.target) : 0;
  const header: Omit<ContainerHeader, 'streams' | 'targetStream'> = {
    format: 'lossyml-container',
    lossyml: LOSSYML_VERSION,
    config: cfg,
    dtype: ds.dtype,
    shape: [stored.nRows, ds.nCols],
    originalRows: ds.nRows,
    columns: ds.names,
    target: ds.target ? { name: ds.target.name, kind: ds.target.kind, index: ds.targetIndex ?? ds.nCols, rawBytes: targetRawBytes } : null,
    dataset: { name: ds.name, ...(ds.source ? { source: ds.source } : {}) },
    codecMeta: encoded.meta,
  };
  const bytes = packContainer(header, encoded.streams, target);
  const encodeSeconds = (performance.now() - t0) / 1000;
  const targetBytes = target ? target.length : 0;
  const storedBytes = bytes.length - targetBytes;
  return {
    bytes,
    stats: {
      config: cfg,
      originalBytes: ds.featureBytes,
      storedBytes,
      compressionRatio: ds.featureBytes / storedBytes,
      fileBytes: bytes.length,
      targetBytes,
      targetRawBytes,
      fileRatio: (ds.featureBytes + targetRawBytes) / bytes.length,
      storedExactly: storedExactlyOf(encoded.meta),
      rowsStored: stored.nRows,
      ...(rowsKept ? { rowsKept } : {}),
      encodeSeconds,
    },
  };
}

export interface DecodeResult {
  dataset: Dataset;
  header: ContainerHeader;
  decodeSeconds: number;
}

/**
 * Verifies and decodes a container back to a Dataset (sampled rows stay sampled). `into`: the
 * feature columns to restore into (Codec.decode's), one per column of the rows stored.
 */
export async function decodeDataset(bytes: Uint8Array, what = 'container', into?: FloatColumn[]): Promise<DecodeResult> {
  const t0 = performance.now();
  const parsed = unpackContainer(bytes, what);
  const { header } = parsed;
  // unpackContainer checked the config against the rules of the version that wrote it.
  const cfg = header.config;
  const reducer = getReducer(cfg.id);
  const codec = reducer.kind === 'sampler' ? identityReducer : reducer;
  const shape = { nRows: header.shape[0], nCols: header.shape[1], dtype: header.dtype };
  const block = await codec.decode({ streams: parsed.featureStreams, meta: header.codecMeta }, shape, cfg, into);
  if (block.nRows !== shape.nRows || block.columns.length !== shape.nCols || block.dtype !== shape.dtype) {
    throw new FormatError(`${what}: ${cfg.id} restored ${block.nRows} x ${block.columns.length} ${block.dtype}, header says ${shape.nRows} x ${shape.nCols} ${shape.dtype}`);
  }
  const target = header.target && parsed.targetStream ? await decodeTarget(parsed.targetStream, header.target, shape.nRows, parsed.major, what) : undefined;
  const dataset = new Dataset({
    name: header.dataset.name,
    names: header.columns,
    columns: block.columns,
    target,
    targetIndex: header.target?.index,
    source: header.dataset.source,
  });
  return { dataset, header, decodeSeconds: (performance.now() - t0) / 1000 };
}

export interface RoundTrip extends EncodeStats {
  restored: Dataset;
  decodeSeconds: number;
  container: Uint8Array;
}

/** Encode then decode, as the evaluator and the demo use it. */
export async function reduceAndRestore(ds: Dataset, config: ReducerConfig | NormalizedConfig): Promise<RoundTrip> {
  const { bytes, stats } = await encodeDataset(ds, config);
  const { dataset, decodeSeconds } = await decodeDataset(bytes);
  return { ...stats, restored: dataset, decodeSeconds, container: bytes };
}

/** A codec's count of values stored exactly because it could not represent them (its meta's `storedExactly`). */
export function storedExactlyOf(meta: JsonObject): number {
  const n = meta.storedExactly;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}
