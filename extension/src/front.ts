// The front renderer: the global Pareto front (quality against compression ratio or decompression
// throughput) or the per-method curves, drawn from the sdk's vega-lite builders, with the
// searcher's flags listed under the plot. Live sweeps call renderModel again on every update:
// the plot is redrawn in place (the new view swapped in, the old one finalized) and the
// reader's choices (figure, axis scale, the methods hidden from the legend) are kept. A change
// of JupyterLab's theme redraws it in the new theme's colours.

import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { FRONT_MIME, METHOD_SELECTION, frontRatioSpec, frontThroughputSpec, methodCurvesSpec, type FrontPayload } from '@lossyml/sdk/display';
import { parseFrontPayload } from './parse';
import { errorText, showMessage } from './message';
import { embedSpec, themeColors, themeWatch, type EmbedResult, type ThemeColors } from './vega';
import { statusText } from './status';

export type FrontFigure = 'ratio' | 'throughput' | 'curves';
export type AxisScale = 'log' | 'linear';

const FIGURES: [FrontFigure, string][] = [
  ['ratio', 'front: quality vs ratio'],
  ['throughput', 'front: quality vs throughput'],
  ['curves', 'curves per method'],
];

export class FrontRenderer extends Widget implements IRenderMime.IRenderer {
  readonly status = document.createElement('div');
  readonly plot = document.createElement('div');
  readonly flagList = document.createElement('ul');
  private readonly figureSelect = document.createElement('select');
  private readonly scaleSelect = document.createElement('select');
  private readonly mimeType: string;
  private payload: FrontPayload | null = null;
  private view: EmbedResult | null = null;
  /** Draws run one after another; a draw superseded while it ran throws its view away. */
  private queue: Promise<void> = Promise.resolve();
  private drawSeq = 0;

  constructor(options: Pick<IRenderMime.IRendererOptions, 'mimeType'> = { mimeType: FRONT_MIME }) {
    super();
    this.mimeType = options.mimeType;
    this.addClass('lossyml-front');
    const controls = document.createElement('div');
    controls.className = 'lossyml-controls';
    fill(this.figureSelect, FIGURES, 'figure');
    fill(this.scaleSelect, [['log', 'log axis'], ['linear', 'linear axis']], 'x axis scale');
    this.figureSelect.addEventListener('change', () => void this.redraw());
    this.scaleSelect.addEventListener('change', () => void this.redraw());
    controls.append(this.figureSelect, this.scaleSelect);
    this.status.className = 'lossyml-status';
    this.plot.className = 'lossyml-plot';
    this.flagList.className = 'lossyml-flags';
    this.node.append(this.status, controls, this.plot, this.flagList);
    themeWatch.add(this);
  }

  get figure(): FrontFigure {
    return this.figureSelect.value as FrontFigure;
  }
  set figure(f: FrontFigure) {
    this.figureSelect.value = f;
  }
  get scale(): AxisScale {
    return this.scaleSelect.value as AxisScale;
  }
  set scale(s: AxisScale) {
    this.scaleSelect.value = s;
  }

  /** Resolves when the plot shows this model (or the reason it cannot); never rejects. */
  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    try {
      this.payload = parseFrontPayload(model.data[this.mimeType]);
    } catch (e) {
      this.payload = null;
      this.status.textContent = '';
      this.flagList.replaceChildren();
      return this.enqueue(() => this.fail(errorText('front', e)));
    }
    return this.redraw();
  }

  /** Draws the current payload with the current choices; resolves when it is on screen. */
  redraw(): Promise<void> {
    const payload = this.payload;
    if (!payload) return this.queue;
    this.status.textContent = statusText(payload, payload.records.length);
    this.renderFlags(payload);
    const seq = ++this.drawSeq;
    return this.enqueue(async () => {
      if (seq !== this.drawSeq) return; // a newer update arrived while waiting: draw that one only
      if (payload.records.length === 0) return this.fail('No records yet.', 'empty');
      let spec: object;
      const colors = themeColors();
      try {
        spec = this.spec(payload, colors);
      } catch (e) {
        return this.fail(errorText('front', e));
      }
      const host = document.createElement('div');
      host.className = 'lossyml-view';
      let view: EmbedResult;
      try {
        view = await embedSpec(host, spec, colors);
      } catch (e) {
        return this.fail(errorText('front', e));
      }
      if (this.isDisposed) {
        view.finalize();
        return;
      }
      this.swap(host, view);
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    themeWatch.delete(this);
    this.view?.finalize();
    this.view = null;
    super.dispose();
  }

  /** The methods hidden from the legend in the view on screen. */
  get hiddenMethods(): string[] {
    return hiddenIn(this.view);
  }

  private spec(payload: FrontPayload, colors: ThemeColors): object {
    const xScale = this.scale;
    // The methods the reader hid from the legend stay hidden in the new view.
    const options = { xScale, frontColor: colors.text, hiddenMethods: hiddenIn(this.view) };
    switch (this.figure) {
      case 'ratio':
        return frontRatioSpec(payload, options);
      case 'throughput':
        return frontThroughputSpec(payload, options);
      case 'curves': {
        const params: { [method: string]: { scale: AxisScale } } = {};
        for (const r of payload.records) if (r.param) params[r.method] = { scale: xScale };
        return methodCurvesSpec(payload, { params });
      }
    }
  }

  private swap(host: HTMLElement, view: EmbedResult): void {
    this.view?.finalize();
    this.view = view;
    this.plot.replaceChildren(host);
  }

  private fail(text: string, kind: 'error' | 'empty' = 'error'): void {
    this.view?.finalize();
    this.view = null;
    showMessage(this.plot, kind, text);
  }

  private renderFlags(payload: FrontPayload): void {
    const items = payload.flags.map((f) => {
      const li = document.createElement('li');
      li.dataset.kind = f.kind;
      const name = document.createElement('strong');
      name.textContent = `${f.method} (${f.kind === 'threshold' ? 'threshold' : 'non-monotonic'}): `;
      li.append(name, f.detail);
      return li;
    });
    this.flagList.replaceChildren(...items);
  }

  private enqueue(step: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((e) => this.fail(errorText('front', e)));
    return this.queue;
  }
}

const STORE = `${METHOD_SELECTION}_store`;

/** The legend selection's tuples of a view; undefined when its figure has no legend selection. */
function storeOf(v: EmbedResult): object[] | undefined {
  try {
    return v.view.data(STORE) as object[];
  } catch {
    return undefined;
  }
}

function hiddenIn(v: EmbedResult | null): string[] {
  const tuples = (v ? storeOf(v) : undefined) ?? [];
  return tuples.map((t) => String((t as { values: unknown[] }).values[0])).sort();
}

function fill(select: HTMLSelectElement, options: [string, string][], label: string): void {
  select.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.append(o);
  }
}
