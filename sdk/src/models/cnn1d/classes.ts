// Class targets of the classifier: string labels (sorted, so the coding does not depend on row
// order) or class codes 0..K-1 in a Float64Array; one-hot rows for the softmax output.

import { DataError } from '../../util/errors';
import type { RowMatrix } from '../tfjs/train';

export interface ClassCoding {
  /** The label of each class code, or null when the targets were numeric codes. */
  labels: string[] | null;
  count: number;
}

export function codeClasses(y: Float64Array | string[]): { coding: ClassCoding; codes: Int32Array } {
  const codes = new Int32Array(y.length);
  if (Array.isArray(y)) {
    const labels = [...new Set(y)].sort();
    const index = new Map(labels.map((l, k) => [l, k]));
    for (let i = 0; i < y.length; i++) codes[i] = index.get(y[i])!;
    return { coding: checkCount({ labels, count: labels.length }), codes };
  }
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(Number.isInteger(v) && v >= 0 && v < 65536)) {
      throw new DataError(`cnn1d target: row ${i} is ${v}; numeric targets must be class codes 0, 1, ... (or pass string labels)`);
    }
    codes[i] = v;
    if (v > max) max = v;
  }
  return { coding: checkCount({ labels: null, count: max + 1 }), codes };
}

function checkCount(c: ClassCoding): ClassCoding {
  if (c.count < 2) throw new DataError(`cnn1d target: only one class (${c.labels ? JSON.stringify(c.labels[0]) : '0'}); a classifier needs at least two`);
  return c;
}

export function oneHot(codes: Int32Array, count: number): RowMatrix {
  const values = new Float32Array(codes.length * count);
  for (let i = 0; i < codes.length; i++) values[i * count + codes[i]] = 1;
  return { values, rows: codes.length, rowLength: count };
}

/** The most probable class of each row of softmax outputs, as labels or codes. */
export function decodeClasses(probs: Float32Array, coding: ClassCoding): Float64Array | string[] {
  const n = probs.length / coding.count;
  const codes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < coding.count; k++) if (probs[i * coding.count + k] > probs[i * coding.count + best]) best = k;
    codes[i] = best;
  }
  const labels = coding.labels;
  return labels ? Array.from(codes, (c) => labels[c]) : codes;
}
