// One-off rich displays from a notebook cell: a vega-lite figure (with an SVG fallback drawn in
// Node, and a text summary) and an HTML table (with a text table). The figures' specs come
// from the spec builders in display/specs, or from a notebook for a teaching picture of its own.

import { VEGALITE_MIME } from '../display/payload';
import type { VegaLiteSpec } from '../display/specs';
import { renderSvg } from '../display/svg';
import { formatTable, type Cell } from '../display/text-table';
import type { MimeBundle } from './bundle';
import { checkBundle } from './bundle';
import { htmlTable, type HtmlTableOptions } from './html';
import { newDisplayId } from './live-display';
import { defaultSink, type DisplaySink } from './sink';

export interface ShowOptions {
  sink?: DisplaySink;
}

/** vega-lite (stock JupyterLab, VS Code), SVG (GitHub, nbconvert HTML) and text, for one figure. */
export async function figureBundle(spec: VegaLiteSpec | object, text: string): Promise<MimeBundle> {
  const vl = spec as VegaLiteSpec;
  return { [VEGALITE_MIME]: vl as unknown as { [key: string]: unknown }, 'image/svg+xml': await renderSvg(vl), 'text/plain': text };
}

export function tableDisplayBundle(header: string[], rows: Cell[][], options: HtmlTableOptions = {}): MimeBundle {
  const text = (options.caption ? options.caption + '\n' : '') + formatTable(header, rows) + (options.note ? '\n' + options.note : '');
  return { 'text/html': htmlTable(header, rows, options), 'text/plain': text };
}

/** Sends one bundle as a new display; returns its display id. */
export function displayBundle(bundle: MimeBundle, options: ShowOptions = {}): string {
  checkBundle(bundle, 'displayBundle');
  const displayId = newDisplayId();
  (options.sink ?? defaultSink()).send(bundle, { displayId, update: false, final: true });
  return displayId;
}

export async function showFigure(spec: VegaLiteSpec | object, text: string, options: ShowOptions = {}): Promise<void> {
  displayBundle(await figureBundle(spec, text), options);
}

export function showTable(header: string[], rows: Cell[][], options: HtmlTableOptions & ShowOptions = {}): void {
  displayBundle(tableDisplayBundle(header, rows, options), options);
}
