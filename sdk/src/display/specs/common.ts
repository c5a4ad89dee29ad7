// Shared by the figure spec builders: the flat rows vega-lite reads, option checks and the
// method colour scale. Browser-safe: imports nothing but the payload types, so the notebook
// bundles and the JupyterLab extension's browser bundle can build the same figures.

import type { TopLevelSpec } from 'vega-lite';
import { PAYLOAD_VERSION, type FrontPayload, type RecordRow } from '../payload';

export type VegaLiteSpec = TopLevelSpec;

export const VEGALITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Options every figure accepts. */
export interface FigureOptions {
  /** Plot width in pixels (default 560; per panel for the per-method curves). */
  width?: number;
  /** Plot height in pixels (default 360). */
  height?: number;
  /** A title above the figure (default: one naming the application and the axes). */
  title?: string;
}

/** One record as the figures read it: plain fields, no nesting, nothing vega must escape. */
export interface FigureRow {
  key: string;
  method: string;
  quality: number;
  ratio: number;
  /** Decompression throughput in MB/s; null when the record has none. */
  throughput: number | null;
  paramName: string | null;
  paramValue: number | null;
  /** The reducer config as `name=value` pairs, for tooltips. */
  config: string;
  seed: number;
  onRatioFront: boolean;
  onThroughputFront: boolean;
}

export function checkPayloadVersion(what: string, version: unknown): void {
  if (version !== PAYLOAD_VERSION) {
    throw new Error(`${what}: payload version ${String(version)} is not one this renderer knows (expected ${PAYLOAD_VERSION})`);
  }
}

export function checkSize(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 20 || value > 10000) {
    throw new Error(`${option}: got ${String(value)}, expected a number of pixels in [20, 10000]`);
  }
  return value;
}

export function configText(config: RecordRow['config']): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export function figureRows(front: FrontPayload): FigureRow[] {
  const byRatio = new Set(front.frontByRatio);
  const byThroughput = new Set(front.frontByThroughput);
  return front.records.map((r) => ({
    key: r.key,
    method: r.method,
    quality: r.quality,
    ratio: r.compressionRatio,
    throughput: r.decompressMBps ?? null,
    paramName: r.param?.name ?? null,
    paramValue: r.param?.value ?? null,
    config: configText(r.config),
    seed: r.seed,
    onRatioFront: byRatio.has(r.key),
    onThroughputFront: byThroughput.has(r.key),
  }));
}

/** Methods in a fixed order, so a method keeps its colour across figures of one sweep. */
export function methodDomain(front: FrontPayload): string[] {
  return [...new Set(front.records.map((r) => r.method))].sort();
}

/** 17 methods need more than 10 colours. */
export function methodColor(domain: string[]) {
  return {
    field: 'method',
    type: 'nominal' as const,
    title: 'method',
    scale: { domain, scheme: domain.length > 10 ? 'category20' : 'tableau10' },
  };
}

export function qualityTitle(front: { metric: string; higherIsBetter: boolean }): string {
  return `${front.metric} (${front.higherIsBetter ? 'higher' : 'lower'} is better)`;
}

export const recordTooltip = [
  { field: 'method', type: 'nominal' as const, title: 'method' },
  { field: 'config', type: 'nominal' as const, title: 'config' },
  { field: 'quality', type: 'quantitative' as const, title: 'quality', format: '.4~g' },
  { field: 'ratio', type: 'quantitative' as const, title: 'compression ratio', format: '.4~g' },
  { field: 'throughput', type: 'quantitative' as const, title: 'decompress MB/s', format: '.4~g' },
  { field: 'seed', type: 'quantitative' as const, title: 'seed' },
  { field: 'key', type: 'nominal' as const, title: 'key' },
];
