// Max pooling and nearest-neighbour upsampling from reshapes, max and broadcasts, whose
// gradients are right on every backend: in tfjs 4.22 the wasm backend's MaxPoolGrad and the
// cpu backend's ResizeNearestNeighborGrad give wrong gradients (checked against hand sums).

import * as tf from '@tensorflow/tfjs';

/** Non-overlapping max pooling along the length: [b, L, c] -> [b, floor(L / p), c]. */
export function maxPool1d(x: tf.Tensor3D, pool: number): tf.Tensor3D {
  const [b, len, c] = x.shape;
  const out = Math.floor(len / pool);
  const kept = out * pool === len ? x : tf.slice3d(x, [0, 0, 0], [b, out * pool, c]);
  return kept.reshape([b, out, pool, c]).max(2) as tf.Tensor3D;
}

/** Non-overlapping p x p max pooling: [b, h, w, c] -> [b, floor(h / p), floor(w / p), c]. */
export function maxPool2d(x: tf.Tensor4D, pool: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const ho = Math.floor(h / pool);
  const wo = Math.floor(w / pool);
  const kept = ho * pool === h && wo * pool === w ? x : tf.slice4d(x, [0, 0, 0, 0], [b, ho * pool, wo * pool, c]);
  return kept.reshape([b, ho, pool, wo, pool, c]).max([2, 4]) as tf.Tensor4D;
}

/** Nearest-neighbour upsampling by an integer factor: [b, h, w, c] -> [b, f h, f w, c]. */
export function upsample2d(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const spread = tf.mul(x.reshape([b, h, 1, w, 1, c]), tf.ones([1, 1, factor, 1, factor, 1]));
  return spread.reshape([b, h * factor, w * factor, c]);
}
