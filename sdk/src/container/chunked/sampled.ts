// Row samplers in chunked containers: the kept rows are chosen once for the whole table, from
// its row count and the seed, exactly as the one-piece sampler chooses them; the chunks then
// hold the kept rows in order (chunk k: kept rows [k x chunkRows, ...)), stored as they are.
// So a chunked sample decodes to the one-piece sample, whatever the chunking.

import { allocColumn, type FloatColumn } from '../../data/dataset';
import { blockRows, type RowBlock, type TableSource } from '../../data/table-source';

/** The kept rows of `source` (indices ascending, repeats allowed), read and handed out in blocks. */
export function keptRowsSource(source: TableSource, kept: Uint32Array): TableSource {
  const info = { ...source.info, nRows: kept.length };
  return {
    info,
    close: () => source.close(),
    async *blocks(rows: number) {
      const out = new BlockBuilder(source, rows);
      let p = 0;
      let first = 0;
      for await (const b of source.blocks(rows)) {
        const n = blockRows(b);
        for (; p < kept.length && kept[p] < first + n; p++) {
          out.push(b, kept[p] - first);
          if (out.count === rows) yield out.take();
        }
        first += n;
        if (p === kept.length) break;
      }
      if (out.count > 0) yield out.take();
    },
  };
}

/** Rows copied one by one into preallocated columns of a block. */
class BlockBuilder {
  count = 0;
  private columns: FloatColumn[] = [];
  private numeric: Float64Array | null = null;
  private labels: string[] = [];

  constructor(
    private readonly source: TableSource,
    private readonly rows: number,
  ) {
    this.reset();
  }

  private reset(): void {
    const { names, dtype, target } = this.source.info;
    this.columns = names.map(() => allocColumn(dtype, this.rows));
    this.numeric = target?.kind === 'numeric' ? new Float64Array(this.rows) : null;
    this.labels = [];
    this.count = 0;
  }

  push(b: RowBlock, i: number): void {
    const at = this.count++;
    for (let j = 0; j < this.columns.length; j++) this.columns[j][at] = b.columns[j][i];
    const t = b.target;
    if (t?.kind === 'numeric') this.numeric![at] = t.values[i];
    else if (t) this.labels.push(t.values[i]);
  }

  take(): RowBlock {
    const n = this.count;
    const t = this.source.info.target;
    const cut = <T extends FloatColumn>(c: T): T => (c.length === n ? c : (c.slice(0, n) as T));
    const block: RowBlock = {
      columns: this.columns.map(cut),
      target: !t ? null : t.kind === 'numeric' ? { name: t.name, kind: 'numeric', values: cut(this.numeric!) } : { name: t.name, kind: 'label', values: this.labels },
    };
    this.reset();
    return block;
  }
}
