// Public surface of the reducers: the registry (with every built-in method registered),
// the contract types and the layout helpers.
export * from './types';
export * from './registry';
// Layout helpers a user may want; the byte and word views stay internal to the codecs.
export { toRowMajor, fromRowMajor, finiteRange } from './layout';
