// The one-line status above a front or a table: application, metric, sweep state, progress.

import type { FrontPayload, TablePayload } from '@lossyml/sdk/display';

export function statusText(p: FrontPayload | TablePayload, count: number): string {
  const better = p.higherIsBetter ? 'higher is better' : 'lower is better';
  const progress = p.progress ? `, ${p.progress.done} of ${p.progress.total} evaluations` : '';
  return `${p.app}: ${p.metric} (${better}); ${count} record${count === 1 ? '' : 's'}; ${p.status}${progress}`;
}
