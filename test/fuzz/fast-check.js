// Used by `npm run test:fuzz` only (jest.config.js maps 'fast-check' here when LOSSYML_FUZZ is
// set): the real fast-check with assert/check running LOSSYML_FUZZ_RUNS times (default 10)
// the runs each property asks for. The seed is set in test/setup-fast-check.js.
const path = require('node:path');

// An absolute path, which the 'fast-check' mapping does not catch.
const real = require(path.resolve(__dirname, '..', '..', 'node_modules', 'fast-check', 'lib', 'cjs', 'fast-check.js'));
const factor = Number(process.env.LOSSYML_FUZZ_RUNS ?? 10);
if (!(Number.isInteger(factor) && factor >= 1)) throw new Error(`LOSSYML_FUZZ_RUNS: got ${process.env.LOSSYML_FUZZ_RUNS}, expected an integer >= 1`);

function more(params) {
  const global = real.readConfigureGlobal() ?? {};
  const runs = params?.numRuns ?? global.numRuns ?? 100;
  return { ...params, numRuns: runs * factor };
}

const fuzzed = { ...real, assert: (p, params) => real.assert(p, more(params)), check: (p, params) => real.check(p, more(params)) };
fuzzed.default = fuzzed;
Object.defineProperty(fuzzed, '__esModule', { value: true });
module.exports = fuzzed;
