// Public surface of the reducers: the registry (with every built-in method registered),
// the contract types and the layout helpers.
export * from './types';
export * from './registry';
export * from './layout';
