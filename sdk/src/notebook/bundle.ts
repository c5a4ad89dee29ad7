// A MIME bundle: every representation of one display, sent together so that each front end
// (lossyml's JupyterLab renderer, stock JupyterLab's vega-lite, GitHub, nbconvert, a terminal)
// picks the richest one it draws. JSON types travel as objects, everything else as strings.

export type JsonMime = { [key: string]: unknown };

export interface MimeBundle {
  /** Always present: what a terminal, a log or a front end without any renderer shows. */
  'text/plain': string;
  [mime: string]: string | JsonMime;
}

/** A bundle's MIME types in a stable order, for messages and tests. */
export function bundleMimes(bundle: MimeBundle): string[] {
  return Object.keys(bundle).sort();
}

/**
 * Checks the shape the Jupyter protocol needs: text/plain present, `+json` types as objects
 * (Jupyter stores them as JSON, renderers get objects), every other type as a string.
 */
export function checkBundle(bundle: MimeBundle, where: string): void {
  if (typeof bundle['text/plain'] !== 'string') {
    throw new Error(`${where}: a display bundle needs a text/plain string`);
  }
  for (const [mime, value] of Object.entries(bundle)) {
    const json = mime.endsWith('+json') || mime === 'application/json';
    if (json && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new Error(`${where}: ${mime} must be a JSON object, got ${typeof value}`);
    }
    if (!json && typeof value !== 'string') {
      throw new Error(`${where}: ${mime} must be a string, got ${typeof value}`);
    }
  }
}
