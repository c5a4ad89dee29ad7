// Public surface of the metrics: quality metrics for models, error metrics for restored arrays.
export * from './quality';
export * from './array-error';
export * from './metric';
export * from './entropy';
