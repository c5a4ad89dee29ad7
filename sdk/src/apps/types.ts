// An application, as the paper uses the word: a dataset, a model and a quality metric, held
// fixed while the data-reduction method varies. Each knows its split, its model settings, which
// direction of its metric is better, and a quick setting for tests and CI.

import type { Dataset } from '../data/dataset';
import type { Model, TargetValues } from '../models/types';

export interface AppData {
  /** Features only: the reducer sees these; targets stay exact. */
  train: Dataset;
  validation: Dataset;
  yTrain: TargetValues;
  yValidation: TargetValues;
  /** Where the data came from (real file, partial copy, simulator), said in every record. */
  source: string;
}

export interface AppMetric {
  name: string;
  higherIsBetter: boolean;
  compute(truth: TargetValues, pred: TargetValues): number;
}

export interface AppOptions {
  /** Smaller model and data for tests and CI; the figures in the README use quick: false. */
  quick?: boolean;
  /** Seeds the split, the model and any sampling reducer's draw. */
  seed?: number;
}

export interface App {
  name: string;
  description: string;
  /** The model's name ('forest', 'svm', 'cnn1d', 'encdec'). */
  model: string;
  metric: AppMetric;
  load(options: Required<AppOptions>): Promise<AppData>;
  createModel(options: Required<AppOptions>): Model;
}
