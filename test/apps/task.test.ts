// Issue 8, "silently wrong model scores": the task is explicit or the metric's, checked against
// the target before any training; numeric labels are classes for a classifier; a model's
// refusal names the row and column as the user's file has them; G-mean names its class.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Dataset, FeatureValueError, Rng, UsageError, evaluate, getApp, loadApp, metricByName, tableApp, type App, type Model,
} from '@lossyml/sdk';
import { cli } from '../cli/run-cli';

/** Two uniform features; the class is 1 where x0 > 0.5 (numbers, as many CSVs code classes). */
function numericClasses(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x0 = Float64Array.from({ length: n }, () => rng.next());
  const x1 = Float64Array.from({ length: n }, () => rng.next());
  const y = x0.map((v) => (v > 0.5 ? 1 : 0));
  return new Dataset({ name: 'numeric-classes', names: ['x0', 'x1'], columns: [x0, x1], target: { name: 'label', kind: 'numeric', values: y } });
}

/** An application whose model must never be built: a refusal has to come first. */
function untrainable(metric: string, ds: Dataset): App {
  return {
    name: 'untrainable',
    description: 'test',
    model: 'none',
    task: metricByName(metric).task,
    metric: metricByName(metric),
    async load() {
      const { train, validation } = ds.split({ seed: 0 });
      return { train, validation, yTrain: train.target!.values, yValidation: validation.target!.values, source: 'test', targetName: ds.target!.name };
    },
    createModel() {
      throw new Error('the model was built before the target was checked');
    },
  };
}

function writeCsv(lines: string[]): { file: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-task-'));
  const file = path.join(dir, 'table.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return { file, done: () => fs.rmSync(dir, { recursive: true }) };
}

describe('the task and the target', () => {
  test('numeric class labels (0/1) train a classifying forest: accuracy is high, not near 0', async () => {
    const app = tableApp({ name: 'nc', description: 'test', data: async () => numericClasses(600, 1), model: 'forest', metric: 'accuracy' });
    expect(app.task).toBe('classification');
    const r = await evaluate(app, { id: 'none' }, { quick: true });
    expect(r.task).toBe('classification');
    expect(r.quality).toBeGreaterThan(0.95);
  });

  test('satellite, classes coded 1..7, is an application scored by accuracy', async () => {
    const r = await evaluate(getApp('satellite'), { id: 'none' }, { quick: true });
    expect(r.metric).toBe('accuracy');
    // scikit-learn's RandomForestClassifier reaches about 0.91 on an 80/20 split
    expect(r.quality).toBeGreaterThan(0.85);
  });

  test('a metric that cannot score the target is refused before any model is built', async () => {
    const labels = new Dataset({ name: 'l', names: ['x'], columns: [new Float64Array(40).map((_, i) => i)], target: { name: 'kind', kind: 'label', values: Array.from({ length: 40 }, (_, i) => (i % 2 ? 'a' : 'b')) } });
    await expect(evaluate(untrainable('r2', labels), { id: 'none' })).rejects.toThrow(UsageError);
    await expect(evaluate(untrainable('r2', labels), { id: 'none' })).rejects.toThrow(/metric r2 \(regression\) cannot score target column "kind": it holds text labels such as "[ab]", "[ab]"/);
    const continuous = new Dataset({ name: 'c', names: ['x'], columns: [new Float64Array(40)], target: { name: 'temp', kind: 'numeric', values: new Float64Array(40).map((_, i) => i / 3) } });
    await expect(evaluate(untrainable('gmean', continuous), { id: 'none' })).rejects.toThrow(/metric gmean \(classification\) cannot score target column "temp": it holds numbers that are not class labels, such as/);
    await expect(loadApp(untrainable('accuracy', continuous))).rejects.toThrow(UsageError);
  });

  test('the task must agree with the metric and the model', () => {
    const spec = { name: 't', description: 'test', data: async () => numericClasses(10, 1) };
    expect(() => tableApp({ ...spec, model: 'forest', metric: 'accuracy', task: 'regression' })).toThrow(/task: got regression, but metric accuracy scores classification/);
    expect(() => tableApp({ ...spec, model: 'svm', metric: 'r2' })).toThrow(/svm is a classifier; task regression needs the forest/);
    expect(tableApp({ ...spec, model: 'forest', metric: 'r2', task: 'regression' }).task).toBe('regression');
  });

  test('G-mean names its positive class: the one given (a numeric string matches numeric labels), else the minority class', async () => {
    const given = await loadApp(tableApp({ name: 'g', description: 'test', data: async () => numericClasses(200, 2), model: 'forest', metric: 'gmean', positive: '1' }));
    expect(given.metric.positive).toBe(1);
    const ion = await loadApp(getApp('ionosphere'));
    expect(ion.metric.positive).toBe('bad'); // 126 bad against 225 good
    const r = await evaluate(getApp('ionosphere'), { id: 'none' });
    expect(r.positiveClass).toBe('bad');
  });

  test("a model's refusal names the data row and column name, not the position in the shuffled split", async () => {
    const ds = numericClasses(100, 3);
    const base = tableApp({ name: 'stub', description: 'test', data: async () => ds, model: 'forest', metric: 'accuracy' });
    const refusing: Model = {
      name: 'stub',
      fit: async () => {
        throw new FeatureValueError('stub fit', 1, 3, Infinity);
      },
      predict: async () => new Float64Array(0),
      dispose: () => undefined,
    };
    const app: App = { ...base, createModel: () => refusing };
    const loaded = await loadApp(app);
    const fileRow = loaded.data.rows!.train[3] + 1;
    expect(fileRow).not.toBe(4); // the split shuffled it
    await expect(evaluate(app, { id: 'none' })).rejects.toThrow(
      new RegExp(`data row ${fileRow} \\(header not counted\\), column "x1" is Infinity after none restored it \\(it was ${ds.columns[1][fileRow - 1]}\\)`),
    );
  });
});

describe('lossyml evaluate: task, target and class', () => {
  const rows = (n: number, cell: (i: number) => string) => ['x1,x2,y', ...Array.from({ length: n }, (_, i) => cell(i))];

  test('an infinite cell is refused before training, with its data row and column name', async () => {
    const t = writeCsv(rows(60, (i) => `${i},${i === 16 ? 'inf' : i % 7},${i % 2}`));
    const r = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'forest', '--metric', 'accuracy', '--method', 'none');
    t.done();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/data row 17 \(header not counted\), column "x2" is Infinity/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('a metric that does not fit the target, or a task that does not fit the metric, is exit 2', async () => {
    const t = writeCsv(rows(60, (i) => `${i},${i % 7},${i % 2 ? 'yes' : 'no'}`));
    const r2 = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'forest', '--metric', 'r2', '--method', 'none');
    const task = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'forest', '--metric', 'accuracy', '--task', 'regression', '--method', 'none');
    const svm = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'svm', '--metric', 'mse', '--method', 'none');
    t.done();
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/metric r2 \(regression\) cannot score target column "y": it holds text labels such as "no", "yes"/);
    expect(task.code).toBe(2);
    expect(task.err).toMatch(/task: got regression, but metric accuracy scores classification/);
    expect(svm.code).toBe(2);
  });

  test('the G-mean line and the record name the positive class', async () => {
    const t = writeCsv(rows(200, (i) => `${(i * 37) % 101},${i % 7},${(i * 37) % 101 > 70 ? 1 : 0}`));
    const text = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'forest', '--metric', 'gmean', '--positive', '1', '--method', 'none', '--quick');
    const json = await cli('evaluate', '--data', t.file, '--target', 'y', '--model', 'forest', '--metric', 'gmean', '--method', 'none', '--quick', '--json');
    t.done();
    expect(text.err).toBe('');
    expect(text.out).toMatch(/quality {5}gmean of class 1 = /);
    expect(JSON.parse(json.out).positiveClass).toBe(1); // the minority class, as a number like the labels
  });

  test('a registered dataset brings its target: --data letter works, a different --target is refused', async () => {
    const r = await cli('evaluate', '--data', 'letter', '--model', 'forest', '--metric', 'accuracy', '--method', 'none', '--quick', '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).quality).toBeGreaterThan(0.9);
    const same = await cli('evaluate', '--data', 'sonar', '--target', 'Class', '--model', 'svm', '--metric', 'gmean', '--method', 'none', '--json');
    expect(same.code).toBe(0);
    const other = await cli('evaluate', '--data', 'letter', '--target', 'x-box', '--model', 'forest', '--metric', 'accuracy', '--method', 'none');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/dataset letter has its own target "lettr"/);
  });
});
