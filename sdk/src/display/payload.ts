// The payloads a sweep's displays carry: what the CLI report, the notebook bundles and the
// JupyterLab extension all draw. Browser-safe (types and constants only, no Node built-ins),
// so the extension's bundle can import it through `@lossyml/sdk/display`.

export const FRONT_MIME = 'application/vnd.lossyml.front+json';
export const TABLE_MIME = 'application/vnd.lossyml.table+json';
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** Bumped when a payload's shape changes incompatibly; renderers refuse versions they do not know. */
export const PAYLOAD_VERSION = 1;

/** One finished evaluation as a display sees it (JSON-safe: no typed arrays, no Infinity). */
export interface RecordRow {
  /** The evaluation key: a stable hash of app, data fingerprint, normalized config, seeds, quick, version. */
  key: string;
  app: string;
  /** The reducer id (config.id). */
  method: string;
  /** The normalized reducer config, enough to re-run the point. */
  config: { [key: string]: string | number };
  /** The swept parameter and its value, for methods that have one. */
  param?: { name: string; value: number };
  seed: number;
  quality: number;
  metric: string;
  higherIsBetter: boolean;
  /** Original feature bytes over stored feature bytes (the paper's figure). */
  compressionRatio: number;
  /** Original bytes (features and target) over the whole container, when known. */
  fileRatio?: number;
  /** Decompression throughput of the features, MB/s of original data. */
  decompressMBps?: number;
  seconds: { [stage: string]: number };
}

/** A warning the searcher derived from the records (the paper's two pitfalls). */
export interface MethodFlag {
  method: string;
  kind: 'threshold' | 'non-monotonic';
  /** One sentence a user can read, with the parameter values involved. */
  detail: string;
}

export type SweepStatus = 'running' | 'done' | 'interrupted';

/** The noise floor: quality of lossless data over several seeds. */
export interface NoiseFloor {
  mean: number;
  /** Half the max-min spread (or the standard deviation; `kind` says which). */
  spread: number;
  kind: 'range' | 'std';
  seeds: number;
}

/** `application/vnd.lossyml.front+json`: per-method curves and the global Pareto fronts. */
export interface FrontPayload {
  version: typeof PAYLOAD_VERSION;
  app: string;
  metric: string;
  higherIsBetter: boolean;
  status: SweepStatus;
  progress?: { done: number; total: number };
  noiseFloor?: NoiseFloor;
  /** The user's threshold tau, as an absolute quality. */
  threshold?: number;
  records: RecordRow[];
  /** Keys of the records on the global front of quality against compression ratio. */
  frontByRatio: string[];
  /** Keys of the records on the global front of quality against decompression throughput. */
  frontByThroughput: string[];
  flags: MethodFlag[];
}

/** `application/vnd.lossyml.table+json`: every record, Pareto-optimal rows marked. */
export interface TablePayload {
  version: typeof PAYLOAD_VERSION;
  app: string;
  metric: string;
  higherIsBetter: boolean;
  status: SweepStatus;
  progress?: { done: number; total: number };
  rows: RecordRow[];
  /** Keys on the global front by ratio (rows to mark). */
  paretoKeys: string[];
}

/** The searcher's answer: the highest-ratio configuration whose quality loss is within a budget. */
export interface Recommendation {
  /** The loss budget, as a fraction of the lossless quality (0.01 = 1%). */
  maxLoss: number;
  /** The chosen record, absent when no lossy configuration beats lossless within the budget. */
  record?: RecordRow;
  /** Its quality loss against the lossless mean, as a fraction. */
  loss?: number;
  /** The best ratio a lossless method reached, for comparison. */
  bestLossless?: RecordRow;
  /** How many seeds back the chosen point, and the noise floor it was judged against. */
  evidence?: { seeds: number; spread: number; noiseFloor?: NoiseFloor };
  /** One or two sentences for a person. */
  message: string;
}

/**
 * What a sweep emits, in order: one `started`, then `record`s (and `warning`s) as evaluations
 * finish, a `front-updated` after each record that changed the fronts, and one `done` (also
 * after an interrupt, with status 'interrupted'). Every display consumes these and nothing else.
 */
export type SweepEvent =
  | { type: 'started'; app: string; metric: string; higherIsBetter: boolean; methods: string[]; total: number; outDir?: string }
  | { type: 'record'; record: RecordRow; /** true when taken from an earlier run's records.jsonl */ resumed: boolean }
  | { type: 'front-updated'; front: FrontPayload; table: TablePayload }
  | { type: 'warning'; message: string; method?: string }
  | { type: 'done'; front: FrontPayload; table: TablePayload; recommendation?: Recommendation };
