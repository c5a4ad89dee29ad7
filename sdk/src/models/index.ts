// Public surface of the reference models. Each model file appends its own export line.
export * from './types';
