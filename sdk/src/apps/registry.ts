// The paper's applications, the real UCI tables as extra applications, and `tableApp` for a
// table a user brings. Applications on data absent here (nt3, ptychonn, buzz) say so when
// loaded; their synthetic stand-ins are separate, explicitly named applications.

import { Dataset, splitRows } from '../data/dataset';
import { simulatePtycho, ptychoTargets } from '../data/ptycho-sim';
import { loadDataset } from '../data/registry';
import { syntheticWide } from '../data/synthetic';
import { metricByName, type MetricTask } from '../metrics/metric';
import { createCnn1d } from '../models/cnn1d';
import { createEncdec } from '../models/encdec';
import { createForest } from '../models/forest';
import { createSvm } from '../models/svm';
import type { Model, TargetValues } from '../models/types';
import { DataError, UnavailableError, UsageError, describe } from '../util/errors';
import { selectTargetRows } from './evaluate';
import type { App, AppData, ModelOptions } from './types';

export const MODEL_NAMES = ['forest', 'svm', 'svm-linear', 'cnn1d'] as const;
export type TableModelName = (typeof MODEL_NAMES)[number];

export const TASKS = ['regression', 'classification'] as const;

/** The tasks each table model can learn: the SVMs and the CNN are classifiers. */
const MODEL_TASKS: Record<TableModelName, readonly MetricTask[]> = {
  forest: TASKS,
  svm: ['classification'],
  'svm-linear': ['classification'],
  cnn1d: ['classification'],
};

export interface TableAppSpec {
  name: string;
  description: string;
  /** A registered dataset name, or a function returning the Dataset (a user's file). */
  data: string | (() => Promise<Dataset>);
  model: TableModelName;
  metric: string;
  /** Default: the metric's task (r2, mse, psnr: regression; accuracy, gmean: classification). */
  task?: MetricTask;
  /** The positive class for G-mean (and the SVM's +1 side); a numeric string matches a numeric label. */
  positive?: string | number;
  validationFraction?: number;
}

function tableModel(model: TableModelName, task: MetricTask, o: ModelOptions): Model {
  switch (model) {
    case 'forest':
      return createForest({ task, ...(o.quick ? { nTrees: 20 } : {}) });
    case 'svm':
      return createSvm({ kernel: 'rbf', positive: o.positive });
    case 'svm-linear':
      return createSvm({ kernel: 'linear', positive: o.positive });
    case 'cnn1d':
      return createCnn1d(o.quick ? { epochs: 3 } : {});
  }
}

/** The task a table application learns: the one asked, which must be the metric's, and one its model can learn. */
function tableTask(spec: TableAppSpec, metricTask: MetricTask): MetricTask {
  if (spec.task !== undefined && !TASKS.includes(spec.task)) throw new UsageError(`task: got ${describe(spec.task)}, expected one of ${TASKS.join(', ')}`);
  const task = spec.task ?? metricTask;
  if (task !== metricTask) throw new UsageError(`task: got ${task}, but metric ${spec.metric} scores ${metricTask}; choose a ${task} metric or task ${metricTask}`);
  if (!MODEL_TASKS[spec.model].includes(task)) throw new UsageError(`model: ${spec.model} is a classifier; task ${task} needs the forest`);
  return task;
}

/** An application over a table: seeded 80/20 split, target kept exact, features reduced. */
export function tableApp(spec: TableAppSpec): App {
  if (!MODEL_NAMES.includes(spec.model)) {
    throw new UsageError(`model: got ${JSON.stringify(spec.model)}, expected one of ${MODEL_NAMES.join(', ')}`);
  }
  const metric = metricByName(spec.metric, { positive: spec.positive });
  const task = tableTask(spec, metric.task);
  return {
    name: spec.name,
    description: spec.description,
    model: spec.model,
    task,
    metric,
    ...(typeof spec.data === 'string' ? { dataset: spec.data } : {}),
    async load({ seed }): Promise<AppData> {
      const ds = typeof spec.data === 'string' ? await loadDataset(spec.data) : await spec.data();
      if (!ds.target) throw new DataError(`${spec.name}: dataset ${ds.name} has no target column`);
      const rows = splitRows(ds.nRows, { seed, validationFraction: spec.validationFraction ?? 0.2 });
      const train = ds.selectRows(rows.train);
      const validation = ds.selectRows(rows.validation);
      return {
        train,
        validation,
        yTrain: train.target!.values,
        yValidation: validation.target!.values,
        source: ds.source ?? ds.name,
        targetName: ds.target.name,
        rows,
      };
    },
    createModel: (o) => tableModel(spec.model, task, o),
  };
}

/** PtychoNN-style reconstruction on simulated frames (real frames with ground truth are absent here). */
function ptychoSimApp(): App {
  return {
    name: 'ptychonn-sim',
    description: 'PtychoNN-style encoder-decoder on seeded simulated diffraction frames (probe x random object, |FFT|); MSE of amplitude and phase',
    model: 'encdec',
    task: 'regression',
    metric: metricByName('mse'),
    async load({ quick, seed }): Promise<AppData> {
      const size = quick ? 16 : 32;
      const count = quick ? 80 : 800;
      const sim = simulatePtycho({ count, size, seed });
      const names = Array.from({ length: size * size }, (_, i) => `p${i}`);
      const all = new Dataset({ name: 'ptychonn-sim', names, columns: sim.inputs.columns, source: `simulatePtycho({count: ${count}, size: ${size}, seed: ${seed}})` });
      const y: TargetValues = ptychoTargets(sim);
      const nTrain = Math.round(count * 0.8);
      const trainRows = Uint32Array.from({ length: nTrain }, (_, i) => i);
      const valRows = Uint32Array.from({ length: count - nTrain }, (_, i) => nTrain + i);
      return {
        train: all.selectRows(trainRows),
        validation: all.selectRows(valRows),
        yTrain: selectTargetRows(y, trainRows),
        yValidation: selectTargetRows(y, valRows),
        source: all.source!,
      };
    },
    // 30 epochs: MSE 0.80 against 0.97 after 10 and 1.08 for the training mean (measured, seed 0);
    // a learning rate of 3e-3 collapses to the mean.
    createModel: ({ quick }) => createEncdec({ frame: quick ? [16, 16] : [32, 32], levels: 2, epochs: quick ? 3 : 30 }),
  };
}

function unavailableApp(name: string, description: string, model: string, metric: string, why: string): App {
  return {
    name,
    description,
    model,
    task: metricByName(metric).task,
    metric: metricByName(metric),
    async load(): Promise<AppData> {
      throw new UnavailableError(`${name}: ${why}`);
    },
    createModel: () => {
      throw new UnavailableError(`${name}: ${why}`);
    },
  };
}

const APPS: App[] = [
  tableApp({ name: 'superconductor', description: 'UCI Superconductivity: random forest regression of critical_temp, R^2', data: 'superconductor', model: 'forest', metric: 'r2' }),
  tableApp({ name: 'ads', description: 'UCI Internet Advertisements: RBF SVM, G-mean of the ad. class', data: 'ads', model: 'svm', metric: 'gmean', positive: 'ad.' }),
  tableApp({ name: 'buzz', description: 'UCI Buzz in social media: linear SVM, G-mean of the buzz class', data: 'buzz', model: 'svm-linear', metric: 'gmean', positive: 1 }),
  tableApp({ name: 'nt3', description: 'CANDLE NT3: 1-D CNN, tumor vs normal, validation accuracy', data: 'nt3', model: 'cnn1d', metric: 'accuracy' }),
  unavailableApp(
    'ptychonn',
    'PtychoNN: encoder-decoder from diffraction to amplitude and phase, MSE',
    'encdec',
    'mse',
    'the real PtychoNN training set (diffraction frames with amplitude and phase) is not available here; the 20 real frames in LOSSYML_DATA_DIR/ptycho carry no ground truth. Use the application ptychonn-sim, or see `lossyml datasets` for where to get the data.',
  ),
  // 10% of the genes carry the class, as tumour against normal tissue shifts many genes; with
  // 5% the default CNN stays at chance within its 10 epochs (measured), a useless control.
  tableApp({
    name: 'nt3-sim',
    description: 'NT3-shaped synthetic wide matrix (400 x 2000, 200 informative columns): 1-D CNN, accuracy',
    data: async () => syntheticWide({ rows: 400, cols: 2000, informative: 200, seed: 0 }),
    model: 'cnn1d',
    metric: 'accuracy',
  }),
  ptychoSimApp(),
  tableApp({ name: 'casp', description: 'UCI CASP protein structure: random forest regression of RMSD, R^2', data: 'casp', model: 'forest', metric: 'r2' }),
  tableApp({ name: 'musk', description: 'Musk (kernlab): RBF SVM, G-mean of the minority class', data: 'musk', model: 'svm', metric: 'gmean' }),
  tableApp({ name: 'ionosphere', description: 'UCI Ionosphere: RBF SVM, G-mean of the minority class', data: 'ionosphere', model: 'svm', metric: 'gmean' }),
  tableApp({ name: 'sonar', description: 'UCI Sonar: RBF SVM, G-mean of the minority class', data: 'sonar', model: 'svm', metric: 'gmean' }),
  tableApp({ name: 'boston', description: 'Boston housing: random forest regression of medv, R^2', data: 'boston', model: 'forest', metric: 'r2' }),
  tableApp({ name: 'satellite', description: 'UCI Statlog (Landsat Satellite): random forest classification of the 6 soil classes (coded 1..7), accuracy', data: 'satellite', model: 'forest', metric: 'accuracy' }),
  tableApp({ name: 'letter', description: 'UCI Letter Recognition: random forest classification of the 26 letters, accuracy', data: 'letter', model: 'forest', metric: 'accuracy' }),
  tableApp({ name: 'synthetic-wide', description: 'NT3-shaped synthetic wide matrix (256 x 2000, 0/1 label): random forest classification, accuracy (no data needed)', data: 'synthetic-wide', model: 'forest', metric: 'accuracy' }),
  tableApp({ name: 'synthetic-tabular', description: 'Superconductor-shaped synthetic table: random forest, R^2 (no data needed)', data: 'synthetic-tabular', model: 'forest', metric: 'r2' }),
];

export function listApps(): App[] {
  return APPS;
}

export function getApp(name: string): App {
  const app = APPS.find((a) => a.name === name);
  if (!app) throw new UsageError(`app: got ${JSON.stringify(name)}, expected one of ${APPS.map((a) => a.name).join(', ')}`);
  return app;
}
