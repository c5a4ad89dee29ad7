// The paper's three row samplers: every k-th row, and a seeded random fraction with and
// without replacement. They reduce the training rows; the pipeline stores the kept rows raw.
import type { Reducer } from '../types';
import { sampleNaive } from './naive';
import { sampleWithReplacement, sampleWithoutReplacement } from './random';

export const samplingReducers: Reducer[] = [sampleNaive, sampleWithReplacement, sampleWithoutReplacement];
