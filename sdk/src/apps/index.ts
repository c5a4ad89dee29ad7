// Public surface of the applications and the evaluator.
export * from './types';
export * from './metrics';
export * from './evaluate';
export * from './registry';
