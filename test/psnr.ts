// The PSNR a restored set of columns reaches, computed independently of the SDK, for the tests
// that check sz-psnr's promise (the contract suite and the SZ bound tests).

import type { FloatColumn } from '@lossyml/sdk/data/dataset';

/**
 * PSNR = -10 log10(mean((err / range)^2)) over the original's finite values, with the range
 * those values span. Computed in halves so that neither the range nor an error overflows for
 * values near the largest double. Infinity when nothing finite differs.
 */
export function psnrOf(xs: FloatColumn[], ys: FloatColumn[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const c of xs) for (const v of c) if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  if (min > max) return Infinity;
  const halfRange = max / 2 - min / 2;
  let sum = 0;
  let n = 0;
  xs.forEach((x, j) => {
    for (let i = 0; i < x.length; i++)
      if (Number.isFinite(x[i])) {
        const halfErr = Math.abs(x[i] / 2 - ys[j][i] / 2);
        if (halfErr > 0) sum += (halfErr / halfRange) ** 2;
        n++;
      }
  });
  return n === 0 || sum === 0 ? Infinity : -10 * Math.log10(sum / n);
}
