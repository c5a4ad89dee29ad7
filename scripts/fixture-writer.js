// Writes format fixtures and their manifest.json, for the fixture generators
// (scripts/generate-fixtures.js, test/fixtures/sz-wide/generate.js): a container per case from
// today's writer, with the checksums of its input, of the restored table and of the streams.
// Writes only fixtures that do not exist yet, never rewrites one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { tableDigest, streamsDigest } = require('../test/fixtures/input');

/**
 * Encodes each case ({ id, layout, dtype, input }) with `sdk` and writes the ones whose file
 * (fileName(id, layout, dtype, format major)) is new into `dir`, each with a manifest entry;
 * `extra` fields follow the entry's `format`. Returns the count written, the manifest's size and path.
 */
async function writeFixtures(sdk, { dir, cases, fileName, extra = {} }) {
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : { fixtures: [] };
  const have = new Set(manifest.fixtures.map((f) => f.file));
  let written = 0;
  for (const { id, layout, dtype, input } of cases) {
    const config = sdk.normalizeConfig({ id, layout });
    const { bytes } = await sdk.encodeDataset(new sdk.Dataset(input), config);
    const major = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
    const file = fileName(id, layout, dtype, major);
    if (have.has(file) || fs.existsSync(path.join(dir, file))) continue;
    const parsed = sdk.unpackContainer(bytes);
    const { dataset } = await sdk.decodeDataset(bytes);
    fs.writeFileSync(path.join(dir, file), bytes, { flag: 'wx' });
    manifest.fixtures.push({
      file,
      format: major,
      ...extra,
      lossyml: parsed.header.lossyml,
      config,
      dtype,
      inputSha256: tableDigest(input),
      restoredSha256: tableDigest(dataset),
      streamsSha256: streamsDigest([...parsed.featureStreams, ...(parsed.targetStream ? [parsed.targetStream] : [])]),
    });
    written++;
  }
  manifest.fixtures.sort((a, b) => a.file.localeCompare(b.file));
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  return { written, total: manifest.fixtures.length, manifestPath };
}

module.exports = { writeFixtures };
