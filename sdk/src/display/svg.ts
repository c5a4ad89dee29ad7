// Renders a vega-lite spec to SVG text in Node: vega-lite compiles it to vega, vega's
// headless view draws the scene graph as SVG. No browser and no canvas package: without
// canvas vega estimates text widths from character counts, close enough for labels.
// Node-only (vega's Node build): not part of the browser-safe display entry.

import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { VegaLiteSpec } from './specs';

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = compile(spec).spec;
  // The specs carry their data inline; a loader that refuses keeps rendering offline and local.
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`renderSvg: the spec asks to load ${uri}; figures must carry their data inline`);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return roundGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

const GEOMETRY = / (transform|d|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;
const LONG_DECIMAL = /-?\d+\.\d{3,}/g;

/**
 * Vega writes coordinates with full double precision; a hundredth of a pixel is plenty and
 * halves a scatter plot's file. Only geometry attributes are touched, never text.
 */
export function roundGeometry(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(LONG_DECIMAL, (n) => String(Math.round(Number(n) * 100) / 100))}"`);
}
