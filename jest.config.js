// Tests import the SDK's TypeScript sources directly (ts-jest, transpile only: the
// type check is `tsc -b`, run by `npm test` before jest). Dynamic import() of the
// ESM-only numcodecs package needs Node's --experimental-vm-modules (see package.json).
// LOSSYML_FUZZ=1 (`npm run test:fuzz`) swaps in test/fuzz/fast-check.js: fresh seeds, more runs.
const fuzz = process.env.LOSSYML_FUZZ !== undefined && process.env.LOSSYML_FUZZ !== '' && process.env.LOSSYML_FUZZ !== '0';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@lossyml/sdk$': '<rootDir>/sdk/src/index.ts',
    '^@lossyml/sdk/(.*)$': '<rootDir>/sdk/src/$1',
    ...(fuzz ? { '^fast-check$': '<rootDir>/test/fuzz/fast-check.js' } : {}),
  },
  setupFiles: ['<rootDir>/test/setup-env.js', '<rootDir>/test/setup-fast-check.js'],
  testTimeout: 600000,
  maxWorkers: 2,
};
