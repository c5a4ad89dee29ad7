// Writes a sweep's report into its output folder: the three figures as SVG files and
// report.html holding them inline with the table of every record. Each file is written
// atomically, and report.html last, so a report.html present means a finished report.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrontPayload, Recommendation, TablePayload } from '../display/payload';
import { type CurvesFigureOptions, type FrontFigureOptions, frontRatioSpec, frontThroughputSpec, methodCurvesSpec } from '../display/specs';
import { renderSvg } from '../display/svg';
import { getReducer, reducerIds } from '../reducers/registry';
import { writeFileAtomic } from '../util/atomic';
import { type ReportFigure, reportHtml } from './html';

export const REPORT_FILE = 'report.html';
export const FIGURE_FILES = { frontRatio: 'front-ratio.svg', frontThroughput: 'front-throughput.svg', curves: 'curves.svg' } as const;

export interface ReportOptions {
  /** Axis scale of the two front figures (default log). */
  xScale?: FrontFigureOptions['xScale'];
  /** How each method's parameter is drawn in the curves (default: from each method's ParamSpec). */
  params?: CurvesFigureOptions['params'];
}

export interface WrittenReport {
  html: string;
  figures: string[];
}

export async function writeReport(
  outDir: string,
  front: FrontPayload,
  table: TablePayload,
  recommendation?: Recommendation,
  options: ReportOptions = {},
): Promise<WrittenReport> {
  const specs: [string, string, ReturnType<typeof frontRatioSpec>][] = [
    [FIGURE_FILES.frontRatio, 'Quality against compression ratio: every record, the global front ringed', frontRatioSpec(front, { xScale: options.xScale })],
    [FIGURE_FILES.frontThroughput, 'Quality against decompression throughput', frontThroughputSpec(front, { xScale: options.xScale })],
    [FIGURE_FILES.curves, "Quality against each method's parameter, flags in red", methodCurvesSpec(front, { params: options.params ?? paramAxes(front) })],
  ];
  const figures: ReportFigure[] = [];
  for (const [file, caption, spec] of specs) figures.push({ file, caption, svg: await renderSvg(spec) });

  await fs.promises.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const f of figures) {
    const file = path.join(outDir, f.file);
    await writeFileAtomic(file, f.svg);
    written.push(file);
  }
  const html = path.join(outDir, REPORT_FILE);
  await writeFileAtomic(html, reportHtml(front, table, figures, recommendation));
  return { html, figures: written };
}

/** Each known method's axis from its ParamSpec: its scale, and lossier to the right. */
export function paramAxes(front: FrontPayload): NonNullable<CurvesFigureOptions['params']> {
  const known = new Set(reducerIds());
  const axes: NonNullable<CurvesFigureOptions['params']> = {};
  for (const method of new Set(front.records.map((r) => r.method))) {
    const p = known.has(method) ? getReducer(method).info.param : undefined;
    if (!p) continue;
    axes[method] = { scale: p.scale, ...(p.lossier === 'higher' ? { lossier: 'increasing' as const } : p.lossier === 'lower' ? { lossier: 'decreasing' as const } : {}) };
  }
  return axes;
}
