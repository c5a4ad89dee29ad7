// Placeholder until this family lands: the registry imports this list.
import type { Reducer } from '../types';
export const truncateReducers: Reducer[] = [];
