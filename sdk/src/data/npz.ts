// NumPy .npz archives: a zip of .npy files, read with the zip reader (numpy writes deflate
// entries for savez_compressed and stored ones for savez).

import { readWholeFile } from './read-file';
import { NpyArray, NpyReadOptions, parseNpy } from './npy';
import { ZipArchive } from './zip';

/** The arrays of an .npz, keyed by name without the '.npy' suffix. */
export async function readNpz(source: string | Uint8Array, options: NpyReadOptions = {}): Promise<Map<string, NpyArray>> {
  const where = typeof source === 'string' ? source : '.npz';
  const bytes =
    typeof source === 'string'
      ? await readWholeFile(source)
      : source;
  const zip = new ZipArchive(bytes, where);
  const out = new Map<string, NpyArray>();
  for (const e of zip.entries) {
    if (!e.name.endsWith('.npy')) continue;
    out.set(e.name.slice(0, -4), parseNpy(zip.read(e), options, `${where}:${e.name}`));
  }
  return out;
}
