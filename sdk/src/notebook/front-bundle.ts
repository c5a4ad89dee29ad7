// The bundle of a front display: lossyml's front payload for its JupyterLab renderer, the
// sweep report's vega-lite figure of the front (stock JupyterLab, VS Code), the same figure
// drawn to SVG in Node (GitHub, nbconvert HTML), and a text summary.

import { FRONT_MIME, VEGALITE_MIME, type FrontPayload, type RecordRow } from '../display/payload';
import { frontRatioSpec, methodCurvesSpec, type CurvesFigureOptions, type FrontFigureOptions } from '../display/specs';
import { renderSvg } from '../display/svg';
import { formatNumber, formatTable } from '../display/text-table';
import type { JsonMime, MimeBundle } from './bundle';

function paramText(r: RecordRow): string {
  return r.param ? `${r.param.name}=${formatNumber(r.param.value)}` : '-';
}

export function frontText(front: FrontPayload): string {
  const progress = front.progress ? `, ${front.progress.done}/${front.progress.total} evaluations` : '';
  const head = `${front.app}: ${front.records.length} records${progress}, ${front.status}; ${front.metric} (${front.higherIsBetter ? 'higher' : 'lower'} is better)`;
  const byKey = new Map(front.records.map((r) => [r.key, r]));
  const members = front.frontByRatio.map((k) => byKey.get(k)).filter((r): r is RecordRow => r !== undefined);
  members.sort((a, b) => a.compressionRatio - b.compressionRatio);
  const lines = [head];
  if (front.noiseFloor) lines.push(`lossless ${front.metric}: ${formatNumber(front.noiseFloor.mean)} +- ${formatNumber(front.noiseFloor.spread)} over ${front.noiseFloor.seeds} seeds`);
  if (members.length > 0) {
    lines.push('Pareto front by compression ratio:');
    lines.push(formatTable(['method', 'parameter', 'ratio', front.metric], members.map((r) => [r.method, paramText(r), r.compressionRatio, r.quality])));
  }
  for (const f of front.flags) lines.push(`flag (${f.kind}) ${f.method}: ${f.detail}`);
  return lines.join('\n');
}

export async function frontBundle(front: FrontPayload, options: FrontFigureOptions = {}): Promise<MimeBundle> {
  const spec = frontRatioSpec(front, options);
  return {
    [FRONT_MIME]: front as unknown as JsonMime,
    [VEGALITE_MIME]: spec as unknown as JsonMime,
    'image/svg+xml': await renderSvg(spec),
    'text/plain': frontText(front),
  };
}

/** Per-method curves (the paper's Fig. 2): quality against each method's own parameter, flags marked. */
export async function curvesBundle(front: FrontPayload, options: CurvesFigureOptions = {}): Promise<MimeBundle> {
  const spec = methodCurvesSpec(front, options);
  const methods = [...new Set(front.records.map((r) => r.method))];
  const lines = methods.map((m) => {
    const rs = front.records.filter((r) => r.method === m && r.param).sort((a, b) => a.param!.value - b.param!.value);
    return `${m}: ` + rs.map((r) => `${paramText(r)} -> ${formatNumber(r.quality)} (ratio ${formatNumber(r.compressionRatio)})`).join('; ');
  });
  for (const f of front.flags) lines.push(`flag (${f.kind}) ${f.method}: ${f.detail}`);
  return {
    [VEGALITE_MIME]: spec as unknown as JsonMime,
    'image/svg+xml': await renderSvg(spec),
    'text/plain': `${front.app}: ${front.metric} against each method's parameter\n` + lines.join('\n'),
  };
}
