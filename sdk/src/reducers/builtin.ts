// Registers every built-in reducer. Each family folder exports its list; import order is
// the order `lossyml reducers` prints (the paper's Table II order, extras after).

import { fpzipReducers } from './fpzip';
import { identityReducer } from './identity';
import { losslessReducers } from './lossless';
import { registerReducer } from './registry';
import { samplingReducers } from './sampling';
import { szReducers } from './sz';
import { truncateReducers } from './truncate';
import type { Reducer } from './types';
import { zfpReducers } from './zfp';

const all: Reducer[] = [identityReducer, ...losslessReducers, ...fpzipReducers, ...samplingReducers, ...truncateReducers, ...szReducers, ...zfpReducers];
for (const r of all) registerReducer(r);
