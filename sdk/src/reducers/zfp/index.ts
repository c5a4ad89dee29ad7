// The zfp family: our own implementation of zfp (Lindstrom 2014) writing libzfp 1.0's raw
// compressed streams, and the four reducers built on it (paper order: accuracy, precision, rate;
// then the range-relative zfp-rel).
import type { Reducer } from '../types';
import { zfpAccuracy, zfpPrecision, zfpRate, zfpRel } from './reducers';

export const zfpReducers: Reducer[] = [zfpAccuracy, zfpPrecision, zfpRate, zfpRel];
export { zfpAccuracy, zfpPrecision, zfpRate, zfpRel } from './reducers';
export { zfpCompress, zfpDecompress, type ZfpShape } from './array';
export { accuracyParams, precisionParams, rateParams, type ZfpParams } from './params';
