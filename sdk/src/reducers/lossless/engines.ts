// The four lossless byte engines behind gzip, lz4, zstd and blosclz: each one's level range,
// what a level means to its back end, and the calls into backends.ts. c-blosc's semantics:
// a level of 1..9 everywhere except zstd, which keeps its own 1..22.

import type { ParamSpec } from '../types';
import {
  bloscCompress,
  bloscDecompress,
  gzipCompress,
  gzipDecompress,
  lz4Compress,
  lz4Decompress,
  zstdCompress,
  zstdDecompress,
} from './backends';

export type EngineId = 'gzip' | 'lz4' | 'zstd' | 'blosclz';

export interface Engine {
  id: EngineId;
  description: string;
  level: ParamSpec;
  compress(data: Uint8Array, level: number): Promise<Uint8Array>;
  decompress(data: Uint8Array, expectedBytes: number): Promise<Uint8Array>;
}

function levelSpec(description: string, min: number, max: number, dflt: number): ParamSpec {
  return { name: 'level', description, min, max, scale: 'linear', integer: true, lossier: 'none', default: dflt };
}

/**
 * c-blosc maps its clevel to lz4's acceleration as 10 - clevel (blosc.c, get_accel), so
 * level 9 is acceleration 1 (lz4's best ratio) and level 1 is acceleration 9 (fastest).
 */
export function lz4Acceleration(level: number): number {
  return 10 - level;
}

// Default levels, measured on superconductor and casp by column (bench/lossless.bench.ts):
// gzip 6 (zlib's own; 9 gains under 1% at a third of the speed), zstd 3 (zstd's own; 19
// gains 2-14% at 1/20 of the speed), lz4 9 (acceleration 1: 1.49 against 1.26 at level 1,
// at the same speed), blosclz 9 (1.35-1.42 against 1.08-1.15 at c-blosc's usual 5).
export const ENGINES: readonly Engine[] = [
  {
    id: 'gzip',
    description: 'gzip (deflate) from Node\'s native zlib, after an optional byte or bit shuffle.',
    level: levelSpec('zlib compression level: 1 fastest, 9 smallest.', 1, 9, 6),
    compress: gzipCompress,
    decompress: gzipDecompress,
  },
  {
    id: 'lz4',
    description: 'lz4 (block format, numcodecs WebAssembly), after an optional byte or bit shuffle.',
    level: levelSpec('c-blosc clevel: lz4 acceleration = 10 - level (9 = acceleration 1, the best ratio).', 1, 9, 9),
    compress: (data, level) => lz4Compress(data, lz4Acceleration(level)),
    decompress: lz4Decompress,
  },
  {
    id: 'zstd',
    description: 'zstd (numcodecs WebAssembly), after an optional byte or bit shuffle.',
    level: levelSpec('zstd compression level: 1 fastest, 22 smallest.', 1, 22, 3),
    compress: zstdCompress,
    decompress: zstdDecompress,
  },
  {
    id: 'blosclz',
    description: 'c-blosc\'s own blosclz codec (numcodecs WebAssembly, blosc shuffle off), after an optional byte or bit shuffle.',
    level: levelSpec('c-blosc clevel: 1 fastest (blosclz then stores float tables raw), 9 smallest.', 1, 9, 9),
    compress: (data, level) => bloscCompress(data, 'blosclz', level),
    decompress: bloscDecompress,
  },
];
