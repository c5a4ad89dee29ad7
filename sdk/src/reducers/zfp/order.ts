// Coefficient orders of zfp blocks: 1-D keeps 0..3; 2-D (index x + 4 y) sorts by total
// sequency x + y, then by x^2 + y^2, as libzfp's perm_2 does.

export const PERM_1 = new Uint8Array([0, 1, 2, 3]);
export const PERM_2 = new Uint8Array([0, 1, 4, 5, 2, 8, 6, 9, 3, 12, 10, 7, 13, 11, 14, 15]);

export function permFor(dims: number): Uint8Array {
  return dims === 1 ? PERM_1 : PERM_2;
}
