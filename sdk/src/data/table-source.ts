// A table read by row blocks, never whole: what the streaming paths (chunked compress,
// decompress to a file) take instead of a Dataset. A source knows its shape up front and
// hands out consecutive blocks of a fixed number of rows; a Dataset in memory is one too.

import type { Dataset, DType, FloatColumn, Target } from './dataset';

/** The shape and names of a table, known before its rows are read. */
export interface TableInfo {
  name: string;
  /** Feature column names, in order. */
  names: string[];
  dtype: DType;
  nRows: number;
  /** The exact target, and its 0-based position among the file's columns; null without one. */
  target: { name: string; kind: 'numeric' | 'label'; index: number } | null;
  source?: string;
}

/** Rows of a table: feature columns (all the same length) and the target's values for them. */
export interface RowBlock {
  columns: FloatColumn[];
  target: Target | null;
}

export interface TableSource {
  readonly info: TableInfo;
  /**
   * Consecutive blocks of `rows` rows from row 0 (the last may hold fewer); each call starts a
   * new pass. The source never holds more than about one block (plus its read buffer).
   */
  blocks(rows: number): AsyncIterable<RowBlock>;
  close(): Promise<void>;
}

/** Rows in a block. */
export function blockRows(b: RowBlock): number {
  return b.columns.length > 0 ? b.columns[0].length : (b.target?.values.length ?? 0);
}

/** Rows [start, end) of a block as plain copies (a view would carry the whole buffer to a worker). */
export function sliceBlock(b: { columns: FloatColumn[]; target?: Target | null }, start: number, end: number): RowBlock {
  const t = b.target;
  return {
    columns: b.columns.map((c) => c.slice(start, end)),
    target: !t ? null : t.kind === 'numeric' ? { ...t, values: t.values.slice(start, end) } : { ...t, values: t.values.slice(start, end) },
  };
}

/** Rows [start, end) of a dataset as plain copies. */
export function rowsOfDataset(ds: Dataset, start: number, end: number): RowBlock {
  return sliceBlock(ds, start, end);
}

/** The shape of a dataset in memory. */
export function infoOfDataset(ds: Dataset): TableInfo {
  return {
    name: ds.name,
    names: ds.names,
    dtype: ds.dtype,
    nRows: ds.nRows,
    target: ds.target ? { name: ds.target.name, kind: ds.target.kind, index: ds.targetIndex ?? ds.nCols } : null,
    ...(ds.source ? { source: ds.source } : {}),
  };
}

/** A dataset in memory as a source (what the in-memory chunked writer reads). */
export function datasetSource(ds: Dataset): TableSource {
  return {
    info: infoOfDataset(ds),
    async *blocks(rows: number) {
      for (let start = 0; start < ds.nRows; start += rows) yield rowsOfDataset(ds, start, Math.min(start + rows, ds.nRows));
    },
    close: async () => undefined,
  };
}
