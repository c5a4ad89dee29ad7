// PtychoNN diffraction frames from an .npz: the first array of rank 3 (frames x height x width),
// as float32 photon counts. The shared partial copy holds 20 real 512 x 512 frames, no ground truth.

import { DataError } from '../util/errors';
import { Dataset, DType, FloatColumn } from './dataset';
import { fromMatrix } from './npy';
import { readNpz } from './npz';

export interface PtychoFrames {
  /** count x height x width values, frame after frame, row-major within a frame. */
  frames: Float32Array;
  count: number;
  height: number;
  width: number;
  /** The array's name in the .npz, e.g. "reciprocal". */
  array: string;
  /** Which file was read and whether it is partial. */
  source: string;
}

/** Reads the frames of a PtychoNN-style .npz (the first rank-3 array, C order). */
export async function readPtychoFrames(file: string, source = file): Promise<PtychoFrames> {
  const arrays = await readNpz(file, { dtype: 'float32' });
  for (const [name, a] of arrays) {
    if (a.shape.length !== 3) continue;
    if (a.fortranOrder) throw new DataError(`${file}: array ${name} is in Fortran order; frames are read in C order`);
    const [count, height, width] = a.shape;
    return { frames: a.data as Float32Array, count, height, width, array: name, source };
  }
  const seen = [...arrays].map(([n, a]) => `${n} (${a.shape.join(' x ')})`).join(', ');
  throw new DataError(`${file}: no array of rank 3 (frames x height x width) among ${seen || 'no arrays'}`);
}

/** One row per frame, one column per pixel (p<y>_<x>), as the reducers and models see a table. */
export function framesToDataset(f: PtychoFrames, name: string, dtype: DType): Dataset {
  const cols = f.height * f.width;
  const data = dtype === 'float32' ? f.frames : Float64Array.from(f.frames);
  const columns: FloatColumn[] = fromMatrix(data, f.count, cols, false);
  const names = new Array<string>(cols);
  for (let y = 0, k = 0; y < f.height; y++) for (let x = 0; x < f.width; x++, k++) names[k] = `p${y}_${x}`;
  return new Dataset({ name, names, columns, source: f.source });
}
