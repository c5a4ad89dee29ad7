// The SZ family (sz-abs, sz-rel, sz-pwrel, sz-psnr): lossyml's own implementation of SZ's
// prediction + linear-scaling quantization design, with a cross-column predictor for tables.
import type { Reducer } from '../types';
import { szCodecs } from './codec';
export const szReducers: Reducer[] = [...szCodecs];
export { encodeBody, type SzEncodeRequest, type SzEncoded } from './encoder';
export { decodeBody } from './decoder';
export { PREDICTOR_NAMES } from './spec';
export type { PredictorSet } from './planner';
