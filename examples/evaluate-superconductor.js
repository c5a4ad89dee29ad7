// What SZ's value-range-relative bound does to the Superconductor random forest, bound by bound.
// Needs the data: LOSSYML_DATA_DIR=../shared/data node examples/evaluate-superconductor.js [--quick]
const { getApp, evaluate, formatTable } = require('@lossyml/sdk');

async function main() {
  const quick = process.argv.includes('--quick');
  const app = getApp('superconductor');
  const base = await evaluate(app, { id: 'none' }, { quick });
  const rows = [['none', base.compressionRatio, base.quality, 0]];
  for (const bound of [1e-4, 1e-3, 1e-2, 5e-2]) {
    const r = await evaluate(app, { id: 'sz-rel', bound }, { quick });
    rows.push([`sz-rel ${bound}`, r.compressionRatio, r.quality, r.quality - base.quality]);
  }
  console.log(`${app.description}\ndata: ${base.source}`);
  console.log(formatTable(['method', 'ratio', base.metric, 'change'], rows));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
