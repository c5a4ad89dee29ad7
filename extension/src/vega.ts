// Draws a vega-lite spec with vega-embed in JupyterLab's light or dark theme. Specs come from
// the sdk's builders (one source of truth per figure); this file only chooses how to draw.

import embed, { type Result, type VisualizationSpec } from 'vega-embed';

export type EmbedResult = Result;

/** JupyterLab marks the body with data-jp-theme-light; vega picks its dark theme to match. */
export function isDarkTheme(): boolean {
  return typeof document !== 'undefined' && document.body.dataset.jpThemeLight === 'false';
}

export async function embedSpec(el: HTMLElement, spec: object): Promise<EmbedResult> {
  const dark = isDarkTheme();
  return embed(el, spec as VisualizationSpec, {
    // SVG keeps each point a DOM element: hover tooltips, and the tests can count marks.
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    ...(dark ? { theme: 'dark' as const } : {}),
    config: { background: 'transparent' },
  });
}
