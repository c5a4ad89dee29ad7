// Tests and benchmarks read real data from ../shared/data unless LOSSYML_DATA_DIR says otherwise.
const path = require('node:path');
if (!process.env.LOSSYML_DATA_DIR) {
  process.env.LOSSYML_DATA_DIR = path.resolve(__dirname, '..', '..', 'shared', 'data');
}
// Keep downloads off in tests: loaders must use LOSSYML_DATA_DIR or fail loudly.
process.env.LOSSYML_OFFLINE = '1';
