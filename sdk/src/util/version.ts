// The SDK's version, written into every container and record.
// Kept in step with sdk/package.json by a test (test/cli/version.test.ts).
export const LOSSYML_VERSION = '0.1.0';
