// An application, as the paper uses the word: a dataset, a model and a quality metric, held
// fixed while the data-reduction method varies. Each knows its split, its model settings, which
// direction of its metric is better, and a quick setting for tests and CI.

import type { Dataset } from '../data/dataset';
import type { Metric, MetricTask } from '../metrics/metric';
import type { Model, TargetValues } from '../models/types';

export interface AppData {
  /** Features only: the reducer sees these; targets stay exact. */
  train: Dataset;
  validation: Dataset;
  yTrain: TargetValues;
  yValidation: TargetValues;
  /** Where the data came from (real file, partial copy, simulator), said in every record. */
  source: string;
  /** The target column's name, for messages ("target column class holds ..."). */
  targetName?: string;
  /**
   * The 0-based data row (in the file or generator order) of each training and validation row,
   * so that an error can name the row as the user's file has it, not a position in the split.
   */
  rows?: { train: Uint32Array; validation: Uint32Array };
}

export interface AppOptions {
  /** Smaller model and data for tests and CI; the figures in the README use quick: false. */
  quick?: boolean;
  /** Seeds the split, the model and any sampling reducer's draw. */
  seed?: number;
}

/** What the model is asked to create, once the data is loaded. */
export interface ModelOptions {
  quick: boolean;
  /** The positive class the metric scores (G-mean), for models that need one (the SVM). */
  positive?: string | number;
}

export interface App {
  name: string;
  description: string;
  /** The model's name ('forest', 'svm', 'cnn1d', 'encdec'). */
  model: string;
  /** Regression or classification: the model is built for it and the target is checked against it. */
  task: MetricTask;
  metric: Metric;
  /** The registered dataset it uses, when it uses one. */
  dataset?: string;
  load(options: Required<AppOptions>): Promise<AppData>;
  createModel(options: ModelOptions): Model;
}
