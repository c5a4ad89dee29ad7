// Tests take real data the way the SDK does (sdk/src/data/registry.ts): LOSSYML_DATA_DIR when it
// is set; else ../shared/data when it exists (this project's machines); else the user cache
// (LOSSYML_CACHE_DIR, default ~/.cache/lossyml), filled from the canonical source, checked against
// its size and checksum, on first use. LOSSYML_OFFLINE=1 turns downloads off.
//
// With ../shared/data found here, downloads are off unless LOSSYML_OFFLINE says otherwise: what
// that folder lacks is absent on purpose, and CI on those machines has no network to the sources.
const fs = require('node:fs');
const path = require('node:path');

/** Sets LOSSYML_DATA_DIR and LOSSYML_OFFLINE in env by the rule above; `shared` is ../shared/data. */
function chooseTestData(env, shared) {
  if (!env.LOSSYML_DATA_DIR && fs.existsSync(shared)) {
    env.LOSSYML_DATA_DIR = shared;
    if (env.LOSSYML_OFFLINE === undefined) env.LOSSYML_OFFLINE = '1';
  }
}

chooseTestData(process.env, path.resolve(__dirname, '..', '..', 'shared', 'data'));
module.exports = { chooseTestData };
