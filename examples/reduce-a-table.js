// Reduce a table with a few methods and see what each costs in error and gains in size.
// Runs on the embedded synthetic table (no data, no network): node examples/reduce-a-table.js
const { loadDataset, reduceAndRestore, errorStats, formatTable } = require('@lossyml/sdk');

async function main() {
  const ds = await loadDataset('synthetic-tabular');
  const configs = [
    { id: 'zstd', level: 3 },
    { id: 'truncate32' },
    { id: 'sz-rel', bound: 1e-3 },
    { id: 'zfp-rel', bound: 1e-3 },
    { id: 'sample-wor', fraction: 0.1, seed: 0 },
  ];
  const rows = [];
  for (const config of configs) {
    const r = await reduceAndRestore(ds, config);
    // Error per column relative to its range; sampling drops rows, so it has no per-value error.
    let worst = null;
    if (r.restored.nRows === ds.nRows) {
      worst = 0;
      ds.columns.forEach((col, j) => {
        const s = errorStats(col, r.restored.columns[j], { bins: 1 });
        if (s.range > 0) worst = Math.max(worst, s.maxRelError);
      });
    }
    rows.push([config.id, JSON.stringify(config), r.compressionRatio, worst]);
  }
  console.log(`${ds.name}: ${ds.nRows} rows x ${ds.nCols} features`);
  console.log(formatTable(['method', 'config', 'ratio', 'max err / range'], rows));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
