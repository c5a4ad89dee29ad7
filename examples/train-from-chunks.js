// Train a TensorFlow.js model on a training set read chunk by chunk from a compressed chunked
// container, as for a set larger than memory: each batch comes from readRows (only its chunk is
// decoded), the chunk order is shuffled per epoch by a seed, and only one chunk's rows are held.
// Runs on a generated Superconductor-like table (no data, no network):
//   node examples/train-from-chunks.js [--rows 20000] [--chunk-rows 2048] [--epochs 4] [--method sz-rel] [--bound 1e-3] [--seed 1]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { syntheticTabular, compressChunked, openChunked, permutation, initTf, formatTable } = require('@lossyml/sdk');

function options() {
  const args = process.argv.slice(2);
  const defaults = { rows: 20000, 'chunk-rows': 2048, epochs: 4, batch: 128, method: 'sz-rel', bound: 1e-3, seed: 1 };
  const out = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].replace(/^--/, '');
    if (!(key in defaults) || args[i + 1] === undefined) throw new Error(`unknown or incomplete option ${args[i]} (options: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')})`);
    out[key] = key === 'method' ? args[i + 1] : Number(args[i + 1]);
  }
  return out;
}

/** Writes the table as a chunked container; here it is generated in memory, a large one comes from `lossyml compress --chunk-rows`. */
async function writeContainer(o, file) {
  const ds = syntheticTabular({ rows: o.rows, seed: o.seed });
  const config = o.method === 'zstd' ? { id: 'zstd' } : { id: o.method, bound: o.bound };
  const r = await compressChunked(ds, config, { chunkRows: o['chunk-rows'], workers: 0 });
  fs.writeFileSync(file, r.bytes);
  return { features: ds.nCols, tableBytes: ds.featureBytes, fileBytes: r.fileBytes, chunks: r.chunks, config: r.header.config };
}

/** The rows of chunk k, the only ones decoded (and held) for its batches. */
async function readChunk(reader, k) {
  const { chunkRows, nRows } = reader.header;
  return reader.readRows(k * chunkRows, Math.min(nRows, (k + 1) * chunkRows), { workers: 0 });
}

/** Per-column mean and standard deviation of the features and the target, one chunk at a time. */
async function standardization(reader, chunks) {
  const n = reader.header.nCols + 1;
  const sum = new Float64Array(n);
  const sq = new Float64Array(n);
  let rows = 0;
  for (const k of chunks) {
    const ds = await readChunk(reader, k);
    const cols = [...ds.columns, ds.target.values];
    cols.forEach((c, j) => {
      for (let i = 0; i < c.length; i++) (sum[j] += c[i]), (sq[j] += c[i] * c[i]);
    });
    rows += ds.nRows;
  }
  const mean = sum.map((s) => s / rows);
  const std = sq.map((s, j) => Math.sqrt(Math.max(s / rows - mean[j] ** 2, 0)) || 1);
  return { mean, std };
}

/** Rows `order[a..b)` of a chunk as a standardized [rows, features] matrix and target vector. */
function batchArrays(ds, order, a, b, scale) {
  const p = ds.nCols;
  const x = new Float32Array((b - a) * p);
  const y = new Float32Array(b - a);
  for (let r = a; r < b; r++) {
    const i = order[r];
    for (let j = 0; j < p; j++) x[(r - a) * p + j] = (ds.columns[j][i] - scale.mean[j]) / scale.std[j];
    y[r - a] = (ds.target.values[i] - scale.mean[p]) / scale.std[p];
  }
  return { x, y };
}

function buildModel(tf, features, seed) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [features], units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

/** Mean squared error (standardized target) of the model on a chunk. */
function chunkLoss(tf, model, ds, scale) {
  const order = Uint32Array.from({ length: ds.nRows }, (_, i) => i);
  const { x, y } = batchArrays(ds, order, 0, ds.nRows, scale);
  return tf.tidy(() => model.evaluate(tf.tensor2d(x, [ds.nRows, ds.nCols]), tf.tensor2d(y, [ds.nRows, 1]), { batchSize: 1024 }).dataSync()[0]);
}

async function main() {
  const o = options();
  const { tf, backend } = await initTf();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossyml-train-'));
  const file = path.join(dir, 'train.lmlc');
  try {
    const made = await writeContainer(o, file);
    const handle = await fs.promises.open(file, 'r');
    try {
      const reader = await openChunked(handle, file);
      const { chunkRows, nRows } = reader.header;
      // The last chunk is held out to validate; the others train.
      const train = Array.from({ length: made.chunks - 1 }, (_, k) => k);
      const validation = made.chunks - 1;
      console.log(`${nRows} rows x ${made.features} features (${(made.tableBytes / 1e6).toFixed(1)} MB) in ${made.chunks} chunks of ${chunkRows} rows, ${JSON.stringify(made.config)}: ${(made.fileBytes / 1e6).toFixed(2)} MB on disk; tfjs backend ${backend}`);
      const scale = await standardization(reader, train);
      const model = buildModel(tf, made.features, o.seed);
      let mostRowsHeld = 0;
      const rows = [];
      for (let epoch = 1; epoch <= o.epochs; epoch++) {
        const chunkOrder = Array.from(permutation(train.length, o.seed * 1000 + epoch), (i) => train[i]);
        let sum = 0;
        let batches = 0;
        for (const k of chunkOrder) {
          const ds = await readChunk(reader, k);
          mostRowsHeld = Math.max(mostRowsHeld, ds.nRows);
          const order = permutation(ds.nRows, o.seed * 1000 + epoch * 100003 + k);
          for (let a = 0; a < ds.nRows; a += o.batch) {
            const b = Math.min(ds.nRows, a + o.batch);
            const { x, y } = batchArrays(ds, order, a, b, scale);
            const xs = tf.tensor2d(x, [b - a, ds.nCols]);
            const ys = tf.tensor2d(y, [b - a, 1]);
            sum += await model.trainOnBatch(xs, ys);
            batches++;
            tf.dispose([xs, ys]);
          }
        }
        const validationLoss = chunkLoss(tf, model, await readChunk(reader, validation), scale);
        rows.push([epoch, chunkOrder.join(' '), sum / batches, validationLoss]);
      }
      console.log(formatTable(['epoch', 'chunk order', 'train loss', 'validation loss'], rows));
      const heldBytes = (mostRowsHeld * made.tableBytes) / nRows;
      console.log(`rows decoded and held at once: at most ${mostRowsHeld} (one chunk, ${(heldBytes / 1e6).toFixed(2)} MB of features) of ${nRows}; tensors alive at the end: ${tf.memory().numTensors}`);
      model.dispose();
    } finally {
      await handle.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
