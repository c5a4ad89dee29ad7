// @lossyml/sdk: reducers, reference models, metrics, search and displays for measuring what
// lossy compression of a training set does to the model trained on it.
// The error classes; the validation helpers (check, describe) stay internal.
export { LossymlError, UsageError, DataError, FormatError, UnavailableError } from './util/errors';
export * from './data';
export * from './reducers';
export * from './models';
export * from './metrics';
export * from './container';
export { LOSSYML_VERSION } from './util/version';
export { writeFileAtomic } from './util/atomic';
export * from './display';
export * from './apps';
export * from './search';
export * from './notebook';
