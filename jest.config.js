// Tests import the SDK's TypeScript sources directly (ts-jest, transpile only: the
// type check is `tsc -b`, run by `npm test` before jest). Dynamic import() of the
// ESM-only numcodecs package needs Node's --experimental-vm-modules (see package.json).
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
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 120000,
  maxWorkers: 2,
};
