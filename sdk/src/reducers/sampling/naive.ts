// `sample-naive`: keeps every k-th training row, starting at row 0 (ceil(nRows / k) rows).
// No randomness: the draw depends on the row order alone.

import { check } from '../../util/errors';
import type { NormalizedConfig, RowSampler } from '../types';

export function checkRowCount(nRows: number): void {
  check(Number.isInteger(nRows) && nRows >= 0 && nRows <= 0xffffffff, 'nRows', nRows, 'an integer in [0, 4294967295]');
}

export const sampleNaive: RowSampler = {
  kind: 'sampler',
  info: {
    id: 'sample-naive',
    family: 'sampling',
    description: 'Every k-th training row, starting at row 0; the stored rows are kept as they are.',
    lossless: false,
    param: {
      name: 'k',
      description: 'Keep rows 0, k, 2k, ...: about 1/k of the rows.',
      min: 1,
      max: 1e6,
      scale: 'log',
      integer: true,
      lossier: 'higher',
      default: 2,
      sweep: [1, 100],
    },
    layouts: ['columns', 'matrix'],
    defaultLayout: 'columns',
    paper: true,
  },
  selectRows(nRows: number, config: NormalizedConfig): Uint32Array {
    checkRowCount(nRows);
    const k = config.k as number;
    check(Number.isInteger(k) && k >= 1, 'sample-naive: k', k, 'an integer >= 1');
    const out = new Uint32Array(Math.ceil(nRows / k));
    for (let i = 0, r = 0; i < out.length; i++, r += k) out[i] = r;
    return out;
  },
};
