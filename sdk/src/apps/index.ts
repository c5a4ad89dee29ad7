// Public surface of the applications and the evaluator.
export * from './types';
export * from './load';
export * from './keys';
export * from './fingerprint';
export * from './record';
export * from './evaluate';
export * from './registry';
