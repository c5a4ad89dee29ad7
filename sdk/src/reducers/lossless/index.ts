// Placeholder until the lossless codecs land: the registry imports this list.
import type { Reducer } from '../types';
export const losslessReducers: Reducer[] = [];
