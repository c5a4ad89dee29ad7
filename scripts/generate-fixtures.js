#!/usr/bin/env node
// Writes the stored-format fixtures (test/fixtures/*.lml and manifest.json): for every reducer
// id, layout and dtype, a container written from the seeded input of test/fixtures/input.js,
// with the checksums of the input, of the restored table and of the written streams.
// Writes only fixtures that do not exist yet, never rewrites one: an old fixture is the proof
// that old files still decode. Run after `npm run build`:
//   node scripts/generate-fixtures.js                 today's sdk/dist, every registered id
//   node scripts/generate-fixtures.js --sdk DIR --ids none,sz-rel   another build (an old version)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { fixtureInput, tableDigest, streamsDigest } = require('../test/fixtures/input');

const DIR = path.join(__dirname, '..', 'test', 'fixtures');
const MANIFEST = path.join(DIR, 'manifest.json');

async function main() {
  const { values } = parseArgs({ options: { sdk: { type: 'string' }, ids: { type: 'string' } } });
  const sdk = require(path.resolve(values.sdk ?? path.join(__dirname, '..', 'sdk', 'dist')));
  const ids = values.ids ? values.ids.split(',') : sdk.reducerIds();
  const manifest = fs.existsSync(MANIFEST) ? JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) : { fixtures: [] };
  const have = new Set(manifest.fixtures.map((f) => f.file));
  let written = 0;
  for (const id of ids) {
    const info = sdk.getReducer(id).info;
    for (const layout of info.layouts) {
      for (const dtype of ['float64', 'float32']) {
        const input = fixtureInput(dtype);
        const config = sdk.normalizeConfig({ id, layout });
        const { bytes } = await sdk.encodeDataset(new sdk.Dataset(input), config);
        const major = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
        const file = `${id}.${layout}.${dtype}.v${major}.lml`;
        if (have.has(file) || fs.existsSync(path.join(DIR, file))) continue;
        const parsed = sdk.unpackContainer(bytes);
        const { dataset } = await sdk.decodeDataset(bytes);
        fs.writeFileSync(path.join(DIR, file), bytes, { flag: 'wx' });
        manifest.fixtures.push({
          file,
          format: major,
          lossyml: parsed.header.lossyml,
          config,
          dtype,
          inputSha256: tableDigest(input),
          restoredSha256: tableDigest(dataset),
          streamsSha256: streamsDigest([...parsed.featureStreams, ...(parsed.targetStream ? [parsed.targetStream] : [])]),
        });
        written++;
      }
    }
  }
  manifest.fixtures.sort((a, b) => a.file.localeCompare(b.file));
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 1) + '\n');
  console.log(`${written} new fixtures; ${manifest.fixtures.length} in ${path.relative(process.cwd(), MANIFEST)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
