// @lossyml/jupyterlab: JupyterLab 4 MIME renderers for lossyml's live displays. Rank 10 beats
// JupyterLab's built-in vega renderer (rank 57), so a bundle that carries our MIME type and a
// vega-lite fallback is drawn by us where this extension is installed, by vega elsewhere.

import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { FRONT_MIME, TABLE_MIME } from '@lossyml/sdk/display';
import { FrontRenderer } from './front';
import { TableRenderer } from './table';

export { FrontRenderer, TableRenderer };
export { parseFrontPayload, parseTablePayload, PayloadError } from './parse';

/** Below the built-in vega renderer's 57. */
export const RANK = 10;

const extensions: IRenderMime.IExtension[] = [
  {
    id: '@lossyml/jupyterlab:front',
    description: 'Draws lossyml Pareto fronts and per-method curves.',
    rendererFactory: { safe: true, mimeTypes: [FRONT_MIME], defaultRank: RANK, createRenderer: (options) => new FrontRenderer(options) },
    rank: RANK,
    dataType: 'json',
  },
  {
    id: '@lossyml/jupyterlab:table',
    description: 'Draws lossyml results tables: sortable, filtered by method, Pareto rows marked.',
    rendererFactory: { safe: true, mimeTypes: [TABLE_MIME], defaultRank: RANK, createRenderer: (options) => new TableRenderer(options) },
    rank: RANK,
    dataType: 'json',
  },
];

export default extensions;
