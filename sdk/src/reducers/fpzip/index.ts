// fpzip: lossless coding of floats in fpzip's design (Lorenzo prediction on ordered integers).
import type { Reducer } from '../types';
import { fpzipCodec } from './codec';
export const fpzipReducers: Reducer[] = [fpzipCodec];
export { fpzipEncode, fpzipDecode } from './codec';
