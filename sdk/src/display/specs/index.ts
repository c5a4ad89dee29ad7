// One vega-lite v5 spec builder per figure, pure functions of the display payloads, shared
// by the report, the notebook bundles and the JupyterLab extension (browser-safe).

export { type FigureOptions, type FigureRow, type VegaLiteSpec, VEGALITE_SCHEMA, figureRows } from './common';
export { type FrontFigureOptions, METHOD_SELECTION, frontRatioSpec, frontThroughputSpec } from './front';
export { type CurvesFigureOptions, type ParamAxis, methodCurvesSpec } from './curves';
export { type ColumnRangesPayload, type RangesFigureOptions, columnRangesPayload, columnRangesSpec } from './ranges';
