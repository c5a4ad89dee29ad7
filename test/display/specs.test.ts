// The figure spec builders: each compiles with vega-lite without warnings, has the layers and
// encodings it promises, renders to SVG with as many marks as the payload has points, and
// copes with empty, one-point and 5,000-point payloads.

import { compile } from 'vega-lite';
import {
  METHOD_SELECTION,
  PAYLOAD_VERSION,
  type FrontPayload,
  type VegaLiteSpec,
  columnRangesPayload,
  columnRangesSpec,
  frontRatioSpec,
  frontThroughputSpec,
  methodCurvesSpec,
} from '@lossyml/sdk/display';
import { renderSvg } from '@lossyml/sdk/display/svg';
import { bruteFront, frontPayload, record, syntheticRecords } from './fixtures';

interface Layer {
  mark: { type: string } | string;
  encoding?: Record<string, { field?: string; scale?: { type?: string; reverse?: boolean }; aggregate?: string }>;
  transform?: { filter?: string }[];
  params?: { name: string; bind?: string }[];
  data?: { values: unknown[] };
}
interface Unit extends Partial<Layer> {
  layer?: Layer[];
  concat?: Unit[];
  data?: { values: Record<string, unknown>[] };
  title?: { text: string; subtitle?: string[] } | string;
}

/** Compiles with a logger that keeps vega-lite's warnings, so the tests can require none. */
function compileClean(spec: VegaLiteSpec): void {
  const warnings: string[] = [];
  const logger = {
    lvl: 0,
    level(l?: number) {
      if (l === undefined) return this.lvl as never;
      this.lvl = l;
      return this as never;
    },
    error: (...a: unknown[]) => { warnings.push(a.join(' ')); return logger as never; },
    warn: (...a: unknown[]) => { warnings.push(a.join(' ')); return logger as never; },
    info: () => logger as never,
    debug: () => logger as never,
  };
  compile(spec, { logger });
  expect(warnings).toEqual([]);
}

const markType = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);

/** Number of marks vega drew in the named mark group of an SVG (symbols are one path each). */
function marksIn(svg: string, group: string): number {
  const start = svg.indexOf(`role-mark ${group}"`);
  if (start < 0) return 0;
  const open = svg.indexOf('>', start);
  if (svg[open - 1] === '/') return 0; // an empty group: <g .../>
  const body = svg.slice(open, svg.indexOf('</g>', open));
  return (body.match(/<path /g) ?? []).length;
}

describe('global front against compression ratio', () => {
  const rows = syntheticRecords(60);
  const front = frontPayload(rows);

  test('compiles cleanly, with band, threshold rule, points, front line and front rings in that order', () => {
    const spec = frontRatioSpec(front) as Unit;
    compileClean(spec as VegaLiteSpec);
    expect((spec.layer ?? []).map(markType)).toEqual(['rect', 'rule', 'point', 'line', 'point']);
    const [band, rule, points, line, rings] = spec.layer as Layer[];
    expect(band.data?.values).toEqual([expect.objectContaining({ lo: 0.92 - 0.006, hi: 0.92 + 0.006 })]);
    expect(rule.data?.values).toEqual([expect.objectContaining({ threshold: 0.7 })]);
    expect(points.encoding?.x.field).toBe('ratio');
    expect(points.encoding?.x.scale?.type).toBe('log');
    expect(points.encoding?.y.field).toBe('quality');
    expect(points.encoding?.color.field).toBe('method');
    expect(points.params).toEqual([expect.objectContaining({ name: METHOD_SELECTION, bind: 'legend' })]);
    expect(JSON.stringify(points.encoding?.tooltip)).toContain('"config"');
    expect(line.transform).toEqual([{ filter: 'datum.onRatioFront' }]);
    expect(rings.transform).toEqual([{ filter: 'datum.onRatioFront' }]);
    // Every record is a row; the rows flagged as on the front are exactly the payload's front.
    const values = spec.data?.values ?? [];
    expect(values).toHaveLength(rows.length);
    const flagged = values.filter((v) => v.onRatioFront).map((v) => v.key);
    expect(flagged.sort()).toEqual(bruteFront(rows, (r) => r.compressionRatio).sort());
  });

  test('renders as many points as records and as many rings as front points', async () => {
    const svg = await renderSvg(frontRatioSpec(front));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(marksIn(svg, 'layer_2_marks')).toBe(rows.length);
    expect(marksIn(svg, 'layer_4_marks')).toBe(front.frontByRatio.length);
    expect(svg).toContain('compression ratio (original / stored)');
    expect(svg).toContain('sz-rel');
  });

  test('linear x on request; no band or rule when the payload has no floor or threshold', () => {
    const bare = frontPayload(rows, { noiseFloor: undefined, threshold: undefined });
    const spec = frontRatioSpec(bare, { xScale: 'linear' }) as Unit;
    compileClean(spec as VegaLiteSpec);
    expect((spec.layer ?? []).map(markType)).toEqual(['point', 'line', 'point']);
    expect(spec.layer?.[0].encoding?.x.scale?.type).toBe('linear');
  });

  test('a log axis drops non-positive ratios instead of breaking the scale', () => {
    const bad = frontPayload([record({ key: 'a', compressionRatio: 0 }), record({ key: 'b', compressionRatio: 3 })]);
    expect((frontRatioSpec(bad) as Unit).data?.values.map((v) => v.key)).toEqual(['b']);
    expect((frontRatioSpec(bad, { xScale: 'linear' }) as Unit).data?.values).toHaveLength(2);
  });

  test('refuses unknown payload versions and bad options, naming them', () => {
    expect(() => frontRatioSpec({ ...front, version: 2 as unknown as typeof PAYLOAD_VERSION })).toThrow(/version 2/);
    expect(() => frontRatioSpec(front, { xScale: 'sqrt' as 'log' })).toThrow(/xScale: got sqrt/);
    expect(() => frontRatioSpec(front, { width: -3 })).toThrow(/width: got -3/);
  });
});

describe('global front against decompression throughput', () => {
  test('uses throughput on x and its own front; records without a throughput are left out', async () => {
    const rows = syntheticRecords(40);
    rows[3] = { ...rows[3], decompressMBps: undefined };
    const front = frontPayload(rows);
    const spec = frontThroughputSpec(front) as Unit;
    compileClean(spec as VegaLiteSpec);
    const points = (spec.layer as Layer[])[2];
    expect(points.encoding?.x.field).toBe('throughput');
    expect((spec.layer as Layer[])[3].transform).toEqual([{ filter: 'datum.onThroughputFront' }]);
    expect(spec.data?.values).toHaveLength(39);
    const svg = await renderSvg(spec as VegaLiteSpec);
    expect(marksIn(svg, 'layer_2_marks')).toBe(39);
    expect(marksIn(svg, 'layer_4_marks')).toBe(front.frontByThroughput.length);
  });
});

describe('sizes: empty, one point, 5,000 points', () => {
  const cases: [string, FrontPayload][] = [
    ['empty', frontPayload([])],
    ['one point', frontPayload([record({ key: 'only', param: { name: 'bound', value: 1e-3 } })])],
    ['5,000 points', frontPayload(syntheticRecords(5000, 11))],
  ];
  test.each(cases)('%s: every figure compiles and renders', async (_, front) => {
    for (const spec of [frontRatioSpec(front), frontThroughputSpec(front), methodCurvesSpec(front)]) {
      compileClean(spec);
      const svg = await renderSvg(spec);
      expect(svg).toMatch(/^<svg[^>]* width="\d+" height="\d+"/);
    }
    const svg = await renderSvg(frontRatioSpec(front));
    expect(marksIn(svg, 'layer_2_marks')).toBe(front.records.length);
  });
});

describe('per-method curves', () => {
  const rows = syntheticRecords(90);
  const front = frontPayload(rows);

  test('one panel per method with a parameter, mean line over seeds and every point', () => {
    const spec = methodCurvesSpec(front) as Unit;
    compileClean(spec as VegaLiteSpec);
    const panels = spec.concat ?? [];
    expect(panels.map((p) => (typeof p.title === 'string' ? p.title : p.title?.text))).toEqual(['sample-wor', 'sz-rel', 'zfp-precision (threshold)']);
    for (const p of panels) {
      const layers = p.layer ?? [];
      expect(layers.map(markType)).toEqual(['rect', 'rule', 'line', 'point']);
      expect(layers[2].encoding?.y.aggregate).toBe('mean');
      expect(layers[3].encoding?.x.field).toBe('paramValue');
    }
    const total = panels.reduce((n, p) => n + (p.data?.values.length ?? 0), 0);
    expect(total).toBe(rows.filter((r) => r.param).length);
  });

  test('log axis for a bound spanning decades, linear for a narrow parameter, reversed where lossier is decreasing', () => {
    const spec = methodCurvesSpec(front, { params: { 'zfp-precision': { lossier: 'decreasing' } } }) as Unit;
    const x = (i: number) => (spec.concat as Unit[])[i].layer?.[3].encoding?.x.scale;
    expect(x(0)?.type).toBe('linear'); // sample-wor: 0.01..0.3
    expect(x(1)?.type).toBe('log'); // sz-rel: 1e-5..1e-1
    expect(x(2)).toEqual(expect.objectContaining({ type: 'linear', reverse: true }));
  });

  test('flags are written under the method, wrapped to the panel', () => {
    const spec = methodCurvesSpec(front) as Unit;
    const zfp = (spec.concat as Unit[])[2].title as { subtitle: string[] };
    expect(zfp.subtitle.join(' ')).toBe(front.flags[0].detail);
    expect(zfp.subtitle.length).toBeGreaterThan(1);
  });

  test('a method at one setting only (a lossless codec at its level) gets no panel, and the subtitle names it', () => {
    const f = frontPayload([
      record({ key: 'z1', method: 'zstd', param: { name: 'level', value: 22 } }),
      record({ key: 'z2', method: 'zstd', param: { name: 'level', value: 22 }, seed: 1 }),
      record({ key: 's1', method: 'sz-rel', param: { name: 'bound', value: 1e-4 } }),
      record({ key: 's2', method: 'sz-rel', param: { name: 'bound', value: 1e-2 } }),
    ]);
    const spec = methodCurvesSpec(f) as Unit & { title: { subtitle: string[] } };
    compileClean(spec as VegaLiteSpec);
    expect((spec.concat ?? []).map((p) => (typeof p.title === 'string' ? p.title : p.title?.text))).toEqual(['sz-rel']);
    expect(spec.title.subtitle).toContain('one setting only, not drawn: zstd');
  });

  test('records with no parameter only: a placeholder that says so', async () => {
    const spec = methodCurvesSpec(frontPayload([record({ key: 'z', method: 'zstd' })]));
    compileClean(spec);
    expect(await renderSvg(spec)).toContain('No method with a parameter has records at two settings yet.');
  });
});

describe('per-column value ranges', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const columns = [
    Float64Array.of(1, 1, 1),
    Float64Array.of(-2, 0, 3),
    Float64Array.of(0, 1000, NaN),
    Float64Array.of(NaN, NaN),
    Float64Array.of(0.5, 0.25),
  ];

  test('the payload holds each column\'s min and max, skipping NaN', () => {
    expect(columnRangesPayload('x', names, columns).columns).toEqual([
      { name: 'a', min: 1, max: 1 },
      { name: 'b', min: -2, max: 3 },
      { name: 'c', min: 0, max: 1000 },
      { name: 'd', min: 0, max: 0 },
      { name: 'e', min: 0.25, max: 0.5 },
    ]);
    expect(() => columnRangesPayload('x', ['a'], columns)).toThrow(/1 names for 5 columns/);
  });

  test('a histogram whose bars count every column (linear) or every non-constant column (log)', async () => {
    const payload = columnRangesPayload('x', names, columns);
    for (const [scale, counted] of [['linear', 5], ['log', 3]] as const) {
      const spec = columnRangesSpec(payload, { xScale: scale }) as Unit;
      compileClean(spec as VegaLiteSpec);
      expect(markType(spec as Layer)).toBe('bar');
      const svg = await renderSvg(spec as VegaLiteSpec);
      // Each bar's aria label ends in its count: the counts add up to the columns shown.
      const counts = [...svg.matchAll(/aria-label="[^"]*; columns: (\d+)"/g)].map((m) => Number(m[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(counted);
    }
  });

  test('refuses a column whose range is not finite', () => {
    expect(() => columnRangesSpec({ app: 'x', columns: [{ name: 'q', min: 0, max: Infinity }] })).toThrow(/columns\[0\] \(q\)/);
  });
});
