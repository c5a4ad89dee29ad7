// Public surface of the reference models. Each model file appends its own export line.
export * from './types';
export * from './forest';
export * from './svm';
export * from './tfjs';
export * from './cnn1d';
export * from './encdec';
export { FEATURE_POLICY, FeatureValueError } from './inputs';
