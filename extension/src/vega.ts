// Draws a vega-lite spec with vega-embed in JupyterLab's current theme: the text, grid and
// front colours come from JupyterLab's CSS variables (light, dark or any other theme), and a
// theme change redraws every front on screen. Specs come from the sdk's builders (one source of
// truth per figure); this file only chooses how to draw.

import embed, { type Result, type VisualizationSpec } from 'vega-embed';

export type EmbedResult = Result;

/** JupyterLab marks the body with data-jp-theme-light; vega picks its dark theme to match. */
export function isDarkTheme(): boolean {
  return typeof document !== 'undefined' && document.body.dataset.jpThemeLight === 'false';
}

/** The theme's colours a figure uses; undefined where the page defines no JupyterLab theme. */
export interface ThemeColors {
  /** --jp-ui-font-color1: titles, labels, and the front's line and rings. */
  text?: string;
  /** --jp-ui-font-color2: subtitles, axis lines and ticks. */
  muted?: string;
  /** --jp-border-color2: grid lines. */
  grid?: string;
}

export function themeColors(): ThemeColors {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return {};
  const style = getComputedStyle(document.body);
  const read = (name: string) => style.getPropertyValue(name).trim() || undefined;
  return { text: read('--jp-ui-font-color1'), muted: read('--jp-ui-font-color2'), grid: read('--jp-border-color2') };
}

/** A vega-lite config drawing in these colours on a transparent background (the cell's own). */
export function themeConfig(c: ThemeColors): object {
  const defined = (o: { [k: string]: string | undefined }) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    background: 'transparent',
    axis: defined({ labelColor: c.text, titleColor: c.text, domainColor: c.muted, tickColor: c.muted, gridColor: c.grid }),
    legend: defined({ labelColor: c.text, titleColor: c.text }),
    title: defined({ color: c.text, subtitleColor: c.muted }),
    view: defined({ stroke: c.grid }),
  };
}

export async function embedSpec(el: HTMLElement, spec: object, colors: ThemeColors = themeColors()): Promise<EmbedResult> {
  return embed(el, spec as VisualizationSpec, {
    // SVG keeps each point a DOM element: hover tooltips, and the tests can count marks.
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    // vega's dark theme for whatever the variables leave unset.
    ...(isDarkTheme() ? { theme: 'dark' as const } : {}),
    config: themeConfig(colors),
  });
}

/** Calls `redraw` on each registered renderer when JupyterLab's theme changes. */
class ThemeWatch {
  private readonly renderers = new Set<{ redraw(): unknown }>();
  private observer: MutationObserver | null = null;

  add(r: { redraw(): unknown }): void {
    this.renderers.add(r);
    if (!this.observer && typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
      // JupyterLab sets these once the new theme's CSS is in, so the variables are already new.
      this.observer = new MutationObserver(() => this.renderers.forEach((x) => void x.redraw()));
      this.observer.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light'] });
    }
  }

  delete(r: { redraw(): unknown }): void {
    this.renderers.delete(r);
    if (this.renderers.size === 0) {
      this.observer?.disconnect();
      this.observer = null;
    }
  }
}

export const themeWatch = new ThemeWatch();
