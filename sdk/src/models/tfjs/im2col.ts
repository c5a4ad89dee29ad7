// Convolutions that train on the wasm backend, which lacks the kernel-gradient kernel
// (Conv2DBackpropFilter). The forward pass and input gradient use tfjs's own kernels; the
// kernel gradient is im2col: shifted input slices, concatenated, times the output gradient.

import * as tf from '@tensorflow/tfjs';

export type ConvPadding = 'valid' | 'same';

/** 1-D convolution, stride 1: x [batch, length, cin], kernel [k, cin, cout] -> [batch, length', cout]. */
export function conv1dIm2col(x: tf.Tensor3D, kernel: tf.Tensor3D, padding: ConvPadding, inputGradient = true): tf.Tensor3D {
  const [batch, length, cin] = x.shape;
  const [k, , cout] = kernel.shape;
  if (padding === 'valid' && length < k) throw new RangeError(`conv1d: input length ${length} is shorter than the kernel (${k})`);
  // As tf.conv1d does: a 1 x length image with a 1 x k kernel.
  const y = convFor(padding, inputGradient)(x.reshape([batch, 1, length, cin]), kernel.reshape([1, k, cin, cout]));
  return y.reshape([batch, y.shape[2], cout]);
}

/** 2-D convolution, stride 1: x [batch, h, w, cin], kernel [kh, kw, cin, cout] -> [batch, h', w', cout]. */
export function conv2dIm2col(x: tf.Tensor4D, kernel: tf.Tensor4D, padding: ConvPadding, inputGradient = true): tf.Tensor4D {
  const [, h, w] = x.shape;
  const [kh, kw] = kernel.shape;
  if (padding === 'valid' && (h < kh || w < kw)) throw new RangeError(`conv2d: input ${h}x${w} is smaller than the kernel (${kh}x${kw})`);
  return convFor(padding, inputGradient)(x, kernel);
}

type Conv = (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D;

/** inputGradient false: the input is data, not a layer's output; its gradient (zeros) is skipped. */
function trainableConv(padding: ConvPadding, inputGradient: boolean): (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([x, kernel]);
    return {
      value: tf.conv2d(x, kernel, 1, padding),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx, sk] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = inputGradient ? tf.conv2dTranspose(dy, sk, sx.shape, 1, padding) : tf.zerosLike(sx);
        return [dx, kernelGradient(sx, dy, sk.shape, padding)];
      },
    };
  }) as (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D;
}

const convs = new Map<string, Conv>();

function convFor(padding: ConvPadding, inputGradient: boolean): Conv {
  const key = `${padding}/${inputGradient}`;
  let conv = convs.get(key);
  if (!conv) convs.set(key, (conv = trainableConv(padding, inputGradient)));
  return conv;
}

/**
 * dLoss/dKernel = im2col(x)^T . dy, computed as (dy^T . im2col(x))^T: on wasm a transposed
 * matMul is 7-8x slower than a plain one after an explicit transpose (measured, tfjs 4.22),
 * and dy^T is the smaller matrix to transpose.
 */
function kernelGradient(x: tf.Tensor4D, dy: tf.Tensor4D, shape: [number, number, number, number], padding: ConvPadding): tf.Tensor4D {
  const [kh, kw, cin, cout] = shape;
  const [batch, hout, wout] = dy.shape;
  const input = padding === 'same' ? tf.pad(x, [[0, 0], samePad(kh), samePad(kw), [0, 0]]) : x;
  const slices: tf.Tensor4D[] = [];
  // Order (row, column, channel) matches the kernel reshaped to [kh * kw * cin, cout].
  for (let r = 0; r < kh; r++) {
    for (let c = 0; c < kw; c++) slices.push(tf.slice4d(input, [0, r, c, 0], [batch, hout, wout, cin]));
  }
  const cols = slices.length === 1 ? slices[0] : tf.concat(slices, 3);
  const n = batch * hout * wout;
  const dyT = dy.reshape([n, cout]).transpose() as tf.Tensor2D;
  const g = tf.matMul(dyT, cols.reshape([n, kh * kw * cin]) as tf.Tensor2D);
  return g.transpose().reshape([kh, kw, cin, cout]);
}

/** TensorFlow's 'same' padding for stride 1: the extra pixel of an even kernel goes after. */
function samePad(k: number): [number, number] {
  const before = Math.floor((k - 1) / 2);
  return [before, k - 1 - before];
}

/** Floats the im2col buffer of one kernel-gradient call holds: what limits batch and input size on wasm. */
export function im2colFloats(batch: number, outputPositions: number, kernelSize: number, cin: number): number {
  return batch * outputPositions * kernelSize * cin;
}
