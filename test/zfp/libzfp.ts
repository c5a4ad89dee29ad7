// Runs Debian's libzfp through the small C helper in native/zfphelper.c: compiled once into
// test/.tmp (gitignored) and called on raw files. A missing libzfp is a failure that says
// how to install it, never a silent skip: the interoperability tests are the point.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allocColumn, type DType, type FloatColumn } from '@lossyml/sdk/data/dataset';

const root = path.resolve(__dirname, '..', '..');
const source = path.join(__dirname, 'native', 'zfphelper.c');
const tmp = path.join(root, 'test', '.tmp');
const binary = path.join(tmp, 'zfphelper');

export type LibzfpMode = 'rate' | 'precision' | 'accuracy' | 'rel';

export interface LibzfpShape {
  dtype: DType;
  nx: number;
  /** 0 for 1-D */
  ny: number;
}

let built = false;

/** Path of the compiled helper, building it when missing or older than its source. */
export function helperPath(): string {
  if (built) return binary;
  fs.mkdirSync(tmp, { recursive: true });
  const stale = !fs.existsSync(binary) || fs.statSync(binary).mtimeMs < fs.statSync(source).mtimeMs;
  if (stale) {
    const out = `${binary}.${process.pid}`;
    try {
      execFileSync('cc', ['-O2', '-o', out, source, '-lzfp', '-lm'], { stdio: 'pipe' });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
      throw new Error(
        `cannot build the libzfp test helper (${source}): libzfp 1.0 and a C compiler are needed. ` +
          `Install them with: apt-get install libzfp-dev gcc\n${stderr}`,
      );
    }
    fs.renameSync(out, binary);
  }
  built = true;
  return binary;
}

let wordBits: 8 | 64 | undefined;

/** The bit stream word size of the installed libzfp (Debian builds it with 8, upstream's default is 64). */
export function libzfpWordBits(): 8 | 64 {
  if (wordBits) return wordBits;
  const w = Number(execFileSync(helperPath(), ['wordbits']).toString().trim());
  if (w !== 8 && w !== 64) throw new Error(`libzfp reports a stream word of ${w} bits; lossyml writes 8 or 64`);
  wordBits = w;
  return w;
}

let counter = 0;
function tmpFile(ext: string): string {
  return path.join(tmp, `zfp-${process.pid}-${counter++}.${ext}`);
}

function typeName(dtype: DType): string {
  return dtype === 'float32' ? 'float' : 'double';
}

function bytesOf(a: FloatColumn): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** libzfp's raw stream (no header) for `data` in the given mode. */
export function libzfpCompress(data: FloatColumn, shape: LibzfpShape, mode: LibzfpMode, param: number): Uint8Array {
  const exe = helperPath();
  const input = tmpFile('raw');
  const output = tmpFile('zfp');
  try {
    fs.writeFileSync(input, bytesOf(data));
    execFileSync(exe, ['compress', typeName(shape.dtype), String(shape.nx), String(shape.ny), mode, param.toPrecision(17), input, output], { stdio: 'pipe' });
    return new Uint8Array(fs.readFileSync(output));
  } finally {
    fs.rmSync(input, { force: true });
    fs.rmSync(output, { force: true });
  }
}

/** libzfp's reconstruction of a raw stream. */
export function libzfpDecompress(stream: Uint8Array, shape: LibzfpShape, mode: LibzfpMode, param: number): FloatColumn {
  const exe = helperPath();
  const input = tmpFile('zfp');
  const output = tmpFile('raw');
  try {
    fs.writeFileSync(input, stream);
    execFileSync(exe, ['decompress', typeName(shape.dtype), String(shape.nx), String(shape.ny), mode, param.toPrecision(17), input, output], { stdio: 'pipe' });
    const bytes = fs.readFileSync(output);
    const n = shape.ny > 0 ? shape.nx * shape.ny : shape.nx;
    const out = allocColumn(shape.dtype, n);
    bytesOf(out).set(bytes.subarray(0, out.byteLength));
    return out;
  } finally {
    fs.rmSync(input, { force: true });
    fs.rmSync(output, { force: true });
  }
}

/** Where two byte streams first differ, for messages: -1 when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
