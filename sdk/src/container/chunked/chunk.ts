// One chunk: rows of a table in, a whole single container (format.ts, pipeline.ts) out, and
// back. Plain data in and out, so the same functions run in the calling thread and in the
// worker (worker.ts); a chunk decodes alone, with no state from the chunks before it.

import { Dataset, type DType, type FloatColumn, type Target } from '../../data/dataset';
import type { NormalizedConfig } from '../../reducers/types';
import { FormatError } from '../../util/errors';
import { decodeDataset, encodeDataset } from '../pipeline';
import { ANCHOR_ROWS, chunkConfig } from './anchors';

/** A chunk's rows as plain data (anchor rows, if any, already appended). */
export interface ChunkRows {
  columns: FloatColumn[];
  target: Target | null;
}

export interface ChunkContext {
  name: string;
  names: string[];
  targetIndex: number | undefined;
  config: NormalizedConfig;
  dtype: DType;
}

export async function encodeChunk(rows: ChunkRows, ctx: ChunkContext): Promise<Uint8Array> {
  const ds = new Dataset({ name: ctx.name, names: ctx.names, columns: rows.columns, target: rows.target ?? undefined, targetIndex: ctx.targetIndex });
  return (await encodeDataset(ds, chunkConfig(ctx.config, rows))).bytes;
}

/** Decodes a chunk's container, checks it holds `rows` rows (plus anchors) and drops the anchors. */
export async function decodeChunk(bytes: Uint8Array, rows: number, anchored: boolean, what: string): Promise<ChunkRows> {
  const { dataset } = await decodeDataset(bytes, what);
  const stored = rows + (anchored ? ANCHOR_ROWS : 0);
  if (dataset.nRows !== stored) throw new FormatError(`${what}: holds ${dataset.nRows} rows, the index says ${stored}`);
  if (!anchored) return { columns: dataset.columns, target: dataset.target ?? null };
  const columns = dataset.columns.map((c) => c.slice(0, rows));
  const t = dataset.target;
  const target: Target | null = !t ? null : t.kind === 'numeric' ? { ...t, values: t.values.slice(0, rows) } : { ...t, values: t.values.slice(0, rows) };
  return { columns, target };
}
