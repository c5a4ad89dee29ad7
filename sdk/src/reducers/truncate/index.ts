// Truncation to a narrower float format: the paper's truncate32, and truncate16 (an extra).
import type { Reducer } from '../types';
import { truncate16 } from './truncate16';
import { truncate32 } from './truncate32';

export const truncateReducers: Reducer[] = [truncate32, truncate16];
