// The model contract shared by the reference models (forest, svm, cnn1d, encdec) and the
// applications: fit on restored training features, predict on validation features. Targets
// are a numeric column, a label column, or (encoder-decoder) several outputs per row.

import type { FeatureBlock } from '../data/dataset';

/** Several outputs per row, row-major: values[i * width + k] is output k of row i. */
export interface MultiOutput {
  kind: 'multi';
  width: number;
  values: Float32Array;
}

/** What a model learns and predicts: Float64Array (regression, or classes coded 0..K-1), string[] (labels), or MultiOutput. */
export type TargetValues = Float64Array | string[] | MultiOutput;

export interface FitOptions {
  /** Every model is seeded: the same seed, data and settings give the same predictions. */
  seed?: number;
  /** Called now and then with a fraction in [0, 1], for progress displays. */
  onProgress?: (fraction: number, message?: string) => void;
}

export interface Model<Y extends TargetValues = TargetValues> {
  /** 'forest', 'svm', 'cnn1d', 'encdec', ... */
  readonly name: string;
  fit(x: FeatureBlock, y: Y, options?: FitOptions): Promise<void>;
  predict(x: FeatureBlock): Promise<Y>;
  /** Frees what the model holds (tensors, worker threads). Safe to call twice. */
  dispose(): void;
}
