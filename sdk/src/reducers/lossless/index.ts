// The paper's four lossless methods (gzip, lz4, zstd, blosclz): a shuffle filter, then a
// byte engine. Defaults measured by bench/lossless.bench.ts on superconductor, casp (float),
// satellite and letter (integer-valued): on the float tables every shuffle costs 13-33% of
// the ratio for every engine, so the default is none; integer-valued tables gain 1.1-3.4x
// from shuffle=byte (gzip, zstd, blosclz) or shuffle=bit (lz4).
import type { Reducer } from '../types';
import { losslessCodec } from './codec';
import { ENGINES } from './engines';

const WHY = 'on float tables a shuffle lowers the ratio by 13-33%; on integer-valued tables byte (bit for lz4) gains 1.1-3.4x.';

export const losslessReducers: Reducer[] = ENGINES.map((e) => losslessCodec(e, 'none', WHY));
