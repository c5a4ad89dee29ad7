// The results table: every record of a sweep, Pareto-optimal rows marked, sortable by any
// column and filtered by method. Live sweeps call renderModel again on every update; the
// reader's sort, filter and scroll position survive it (only the rows are rebuilt).

import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { TABLE_MIME, formatNumber, type RecordRow, type TablePayload } from '@lossyml/sdk/display';
import { parseTablePayload } from './parse';
import { errorText, showMessage } from './message';
import { statusText } from './status';

export type SortKey = 'pareto' | 'method' | 'setting' | 'ratio' | 'quality' | 'throughput' | 'seed';

interface Column {
  key: SortKey;
  title: string;
  numeric: boolean;
  /** The value sorted on; null sorts last in either direction. */
  value(r: RecordRow, pareto: Set<string>): number | string | null;
  text(r: RecordRow, pareto: Set<string>): string;
}

const COLUMNS: Column[] = [
  { key: 'pareto', title: '\u2605', numeric: false, value: (r, p) => (p.has(r.key) ? 1 : 0), text: (r, p) => (p.has(r.key) ? '\u2605' : '') },
  { key: 'method', title: 'method', numeric: false, value: (r) => r.method, text: (r) => r.method },
  { key: 'setting', title: 'setting', numeric: false, value: (r) => r.param?.value ?? settingText(r), text: settingText },
  { key: 'ratio', title: 'ratio', numeric: true, value: (r) => r.compressionRatio, text: (r) => formatNumber(r.compressionRatio) },
  { key: 'quality', title: 'quality', numeric: true, value: (r) => r.quality, text: (r) => formatNumber(r.quality) },
  { key: 'throughput', title: 'MB/s', numeric: true, value: (r) => r.decompressMBps ?? null, text: (r) => (r.decompressMBps === undefined ? '-' : formatNumber(r.decompressMBps)) },
  { key: 'seed', title: 'seed', numeric: true, value: (r) => r.seed ?? null, text: (r) => (r.seed === undefined ? '-' : String(r.seed)) },
];

const ALL = '';

/** Rows drawn before "show all": a DOM table of many thousands of rows slows the page on every update. */
export const DEFAULT_ROW_LIMIT = 1000;

export interface TableRendererOptions extends Pick<IRenderMime.IRendererOptions, 'mimeType'> {
  /** Rows drawn until the reader asks for all (default 1000; an integer >= 1). */
  rowLimit?: number;
}

export class TableRenderer extends Widget implements IRenderMime.IRenderer {
  readonly status = document.createElement('div');
  readonly scroller = document.createElement('div');
  readonly table = document.createElement('table');
  readonly body = document.createElement('tbody');
  private readonly methodSelect = document.createElement('select');
  private readonly more = document.createElement('button');
  private readonly rowLimit: number;
  private showAll = false;
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private readonly mimeType: string;
  private payload: TablePayload | null = null;
  private sortKey: SortKey = 'ratio';
  private descending = true;

  constructor(options: TableRendererOptions = { mimeType: TABLE_MIME }) {
    super();
    this.mimeType = options.mimeType;
    this.rowLimit = options.rowLimit ?? DEFAULT_ROW_LIMIT;
    if (!Number.isInteger(this.rowLimit) || this.rowLimit < 1) {
      throw new RangeError(`rowLimit: got ${String(options.rowLimit)}, expected an integer >= 1`);
    }
    this.addClass('lossyml-table');
    const controls = document.createElement('div');
    controls.className = 'lossyml-controls';
    this.methodSelect.setAttribute('aria-label', 'show method');
    this.methodSelect.addEventListener('change', () => this.renderRows());
    controls.append(this.methodSelect);
    this.status.className = 'lossyml-status';
    this.scroller.className = 'lossyml-scroll';
    this.table.append(this.header(), this.body);
    this.scroller.append(this.table);
    this.more.className = 'lossyml-more';
    this.more.hidden = true;
    this.more.addEventListener('click', () => {
      this.showAll = true;
      this.renderRows();
    });
    this.node.append(this.status, controls, this.scroller, this.more);
    this.updateSortMarks();
  }

  /** The method shown ('' for all). */
  get method(): string {
    return this.methodSelect.value;
  }
  set method(m: string) {
    this.methodSelect.value = m;
    this.renderRows();
  }

  get sort(): { key: SortKey; descending: boolean } {
    return { key: this.sortKey, descending: this.descending };
  }

  /** Sorts by a column; the same column again reverses the order (a header click does this). */
  sortBy(key: SortKey, descending?: boolean): void {
    this.descending = descending ?? (key === this.sortKey ? !this.descending : defaultDescending(key));
    this.sortKey = key;
    this.updateSortMarks();
    this.renderRows();
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    try {
      this.payload = parseTablePayload(model.data[this.mimeType]);
    } catch (e) {
      this.payload = null;
      this.status.textContent = '';
      this.table.hidden = true;
      showMessage(this.statusMessage(), 'error', errorText('table', e));
      return Promise.resolve();
    }
    this.table.hidden = false;
    this.statusMessage().replaceChildren();
    this.updateMethods(this.payload);
    this.renderRows();
    return Promise.resolve();
  }

  private renderRows(): void {
    const payload = this.payload;
    if (!payload) return;
    const pareto = new Set(payload.paretoKeys);
    const shown = this.method === ALL ? payload.rows.slice() : payload.rows.filter((r) => r.method === this.method);
    const column = COLUMNS.find((c) => c.key === this.sortKey) as Column;
    const sign = this.descending ? -1 : 1;
    shown.sort((a, b) => {
      const va = column.value(a, pareto);
      const vb = column.value(b, pareto);
      if (va === null || vb === null) return va === vb ? compare(a.key, b.key) : va === null ? 1 : -1;
      return sign * compare(va, vb) || compare(a.key, b.key);
    });
    const top = this.scroller.scrollTop;
    const drawn = this.showAll ? shown.length : Math.min(shown.length, this.rowLimit);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < drawn; i++) fragment.append(this.row(shown[i], pareto));
    this.body.replaceChildren(fragment);
    this.scroller.scrollTop = top;
    this.more.hidden = drawn === shown.length;
    this.more.textContent = `show all ${shown.length} rows (${drawn} drawn)`;
    const filtered = this.method === ALL ? '' : ` (${shown.length} shown)`;
    this.status.textContent = statusText(payload, payload.rows.length) + filtered;
    if (payload.rows.length === 0) showMessage(this.statusMessage(), 'empty', 'No records yet.');
    else this.statusMessage().replaceChildren();
  }

  private row(r: RecordRow, pareto: Set<string>): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.key = r.key;
    if (pareto.has(r.key)) {
      tr.className = 'lossyml-pareto';
      tr.title = 'on the Pareto front (quality against compression ratio)';
    }
    for (const c of COLUMNS) {
      const td = document.createElement('td');
      td.textContent = c.text(r, pareto);
      if (c.numeric) td.className = 'lossyml-num';
      tr.append(td);
    }
    return tr;
  }

  private header(): HTMLTableSectionElement {
    const head = document.createElement('thead');
    const tr = document.createElement('tr');
    for (const c of COLUMNS) {
      const th = document.createElement('th');
      th.textContent = c.title;
      th.dataset.key = c.key;
      th.title = c.key === 'pareto' ? 'on the Pareto front; click to sort' : `sort by ${c.title}`;
      if (c.numeric) th.className = 'lossyml-num';
      th.addEventListener('click', () => this.sortBy(c.key));
      this.headers.set(c.key, th);
      tr.append(th);
    }
    head.append(tr);
    return head;
  }

  private updateSortMarks(): void {
    for (const [key, th] of this.headers) {
      th.setAttribute('aria-sort', key === this.sortKey ? (this.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  private updateMethods(payload: TablePayload): void {
    const methods = [...new Set(payload.rows.map((r) => r.method))].sort();
    const current = this.methodSelect.value;
    const wanted = [ALL, ...methods];
    const have = [...this.methodSelect.options].map((o) => o.value);
    if (have.length !== wanted.length || have.some((v, i) => v !== wanted[i])) {
      const options = wanted.map((m) => {
        const o = document.createElement('option');
        o.value = m;
        o.textContent = m === ALL ? 'all methods' : m;
        return o;
      });
      this.methodSelect.replaceChildren(...options);
    }
    // A filter on a method the payload does not (yet) hold is kept as an empty option.
    if (current !== ALL && !methods.includes(current)) {
      const o = document.createElement('option');
      o.value = current;
      o.textContent = current;
      this.methodSelect.append(o);
    }
    this.methodSelect.value = current || ALL;
  }

  private statusMessage(): HTMLElement {
    let box = this.node.querySelector<HTMLElement>(':scope > .lossyml-message');
    if (!box) {
      box = document.createElement('div');
      box.className = 'lossyml-message';
      this.status.after(box);
    }
    return box;
  }
}

function settingText(r: RecordRow): string {
  if (r.param) return `${r.param.name}=${formatNumber(r.param.value)}`;
  const entries = Object.entries(r.config).filter(([k]) => k !== 'id' && k !== 'layout');
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(' ') : '-';
}

function defaultDescending(key: SortKey): boolean {
  return key === 'ratio' || key === 'quality' || key === 'throughput' || key === 'pareto';
}

/** Missing values (null) are handled by the caller: they sort last in either direction. */
function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
