// The two reference lines every quality figure carries: the noise floor (lossless quality
// over several seeds, mean +- spread) as a band across the plot, and the user's threshold tau.

import type { FrontPayload } from '../payload';

/** Layers drawn under the points; empty when the payload has neither. */
export function referenceLayers(front: FrontPayload, yTitle: string) {
  const layers = [];
  const floor = front.noiseFloor;
  if (floor && Number.isFinite(floor.mean) && Number.isFinite(floor.spread)) {
    const label = `noise floor: ${floor.kind === 'std' ? 'mean +- std' : 'mean +- half range'} over ${floor.seeds} seeds`;
    layers.push({
      data: { values: [{ lo: floor.mean - floor.spread, hi: floor.mean + floor.spread, mean: floor.mean, label }] },
      mark: { type: 'rect' as const, color: '#888888', opacity: 0.18 },
      encoding: {
        y: { field: 'lo', type: 'quantitative' as const, title: yTitle },
        y2: { field: 'hi' },
        tooltip: [
          { field: 'label', type: 'nominal' as const, title: 'band' },
          { field: 'mean', type: 'quantitative' as const, title: 'lossless mean', format: '.4~g' },
        ],
      },
    });
  }
  if (front.threshold !== undefined && Number.isFinite(front.threshold)) {
    layers.push({
      data: { values: [{ threshold: front.threshold, label: 'threshold tau' }] },
      mark: { type: 'rule' as const, color: '#c0392b', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: {
        y: { field: 'threshold', type: 'quantitative' as const, title: yTitle },
        tooltip: [
          { field: 'label', type: 'nominal' as const, title: 'line' },
          { field: 'threshold', type: 'quantitative' as const, title: 'quality', format: '.4~g' },
        ],
      },
    });
  }
  return layers;
}
