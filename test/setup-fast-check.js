// Every property test runs from one fixed seed, so the suite gives the same result on every run.
// fast-check prints the seed (and the path to the counterexample) in its failure report; rerun a
// failure with that seed. `npm run test:fuzz` (LOSSYML_FUZZ=1) draws a fresh seed instead and
// multiplies every property's runs (see test/fuzz/fast-check.js), for hunting by hand.
const fc = require('fast-check');

const FIXED_SEED = 20240321;
const fuzz = process.env.LOSSYML_FUZZ !== undefined && process.env.LOSSYML_FUZZ !== '' && process.env.LOSSYML_FUZZ !== '0';
const envSeed = process.env.LOSSYML_FC_SEED;
if (envSeed !== undefined && !/^-?\d+$/.test(envSeed)) throw new Error(`LOSSYML_FC_SEED: got ${JSON.stringify(envSeed)}, expected an integer`);

// A fuzz run's seed is fresh per test file; LOSSYML_FC_SEED replays one a failure printed.
const seed = envSeed !== undefined ? Number(envSeed) : fuzz ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : FIXED_SEED;
fc.configureGlobal({ seed });
