#!/usr/bin/env node
// Writes the stored-format fixtures (test/fixtures/*.lml and manifest.json): for every reducer
// id, layout and dtype, a container written from the seeded input of test/fixtures/input.js,
// with the checksums of the input, of the restored table and of the written streams.
// Writes only fixtures that do not exist yet, never rewrites one: an old fixture is the proof
// that old files still decode. Run after `npm run build`:
//   node scripts/generate-fixtures.js                 today's sdk/dist, every registered id
//   node scripts/generate-fixtures.js --sdk DIR --ids none,sz-rel   another build (an old version)
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const { fixtureInput } = require('../test/fixtures/input');
const { writeFixtures } = require('./fixture-writer');

const DIR = path.join(__dirname, '..', 'test', 'fixtures');

async function main() {
  const { values } = parseArgs({ options: { sdk: { type: 'string' }, ids: { type: 'string' } } });
  const sdk = require(path.resolve(values.sdk ?? path.join(__dirname, '..', 'sdk', 'dist')));
  const ids = values.ids ? values.ids.split(',') : sdk.reducerIds();
  function* cases() {
    for (const id of ids) {
      for (const layout of sdk.getReducer(id).info.layouts) {
        for (const dtype of ['float64', 'float32']) yield { id, layout, dtype, input: fixtureInput(dtype) };
      }
    }
  }
  const fileName = (id, layout, dtype, major) => `${id}.${layout}.${dtype}.v${major}.lml`;
  const { written, total, manifestPath } = await writeFixtures(sdk, { dir: DIR, cases: cases(), fileName });
  console.log(`${written} new fixtures; ${total} in ${path.relative(process.cwd(), manifestPath)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
