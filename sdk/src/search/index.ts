// Public surface of the search: sweeps (events, records, resume), the bound search, fronts and
// the recommendation. The speedup model (speedup.ts) is exported by its own module.
export { sweep, loadSweep, resolveMethods, resolveSearchOptions, type SweepOptions, type SweepResult } from './sweep';
export { runSweep, fixedConfig, plannedEvaluations, type SweepEvaluator, type SearchOptions, type EngineOptions, type Seeds, type MethodSummary } from './engine';
export { appEvaluator } from './app-evaluator';
export { paramAxis, candidatePoints, SPACINGS, type Spacing } from './axis';
export { searchBounds, type Probe, type Bound, type BoundOutcome, type BoundSearchResult, type BoundSearchSettings } from './bounds';
export { paretoFront, dominates, frontByRatio, frontByThroughput, type FrontPoint } from './pareto';
export { methodFlags, allFlags, THRESHOLD_MAX_STEP } from './flags';
export { noiseFloor, absoluteThreshold, QualityJudge, type Threshold } from './quality';
export { recommend, summarizeConfigs, describeConfig, type ConfigSummary } from './recommend';
export { buildPayloads } from './payloads';
export { readRecords, appendRecord, isFailed, RECORDS_FILE, type StoredRecord, type StoredLine, type FailedRecord, type RecordContext, type SearchRole } from './records-file';
export { readFrontFile, writeFrontFile, FRONT_FILE, type FrontFile } from './front-file';
export { AbortedError } from './limiter';
export { coresNeeded, modelSpeedup, speedupAt, PAPER_LINKS_GBPS, type LinkModel, type CoresAnswer } from './speedup';
export { measureDecompression, type ChunkedLayout, type DecompressionMeasurement, type WorkerThroughput, type MeasureOptions } from './speedup-measure';
