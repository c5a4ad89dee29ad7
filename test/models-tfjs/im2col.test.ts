// The im2col convolutions against tfjs's own conv1d/conv2d on the cpu backend (forward and
// gradients for input and kernel), and the same im2col gradients computed on wasm.
import * as tf from '@tensorflow/tfjs';
import { initTf } from '@lossyml/sdk/models/tfjs/backend';
import { conv1dIm2col, conv2dIm2col, type ConvPadding } from '@lossyml/sdk/models/tfjs/im2col';

const quiet = { log: () => undefined };

function maxRelDiff(a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d / Math.max(scale, 1e-30);
}

type Conv = (x: tf.Tensor, k: tf.Tensor) => tf.Tensor;

/** Forward output and d(sum(out * w))/d(x, kernel) for a conv, as plain arrays. */
function valueAndGrads(conv: Conv, x: tf.Tensor, kernel: tf.Tensor, weight: tf.Tensor) {
  return tf.tidy(() => {
    const out = conv(x, kernel);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(weight).sum());
    const [dx, dk] = g([x, kernel]);
    return { out: out.dataSync().slice(), dx: dx.dataSync().slice(), dk: dk.dataSync().slice() };
  });
}

const cases1d: [number, number, number, number, number, ConvPadding][] = [
  // batch, length, cin, k, cout, padding
  [3, 40, 1, 20, 5, 'valid'],
  [2, 33, 4, 10, 3, 'valid'],
  [2, 17, 3, 4, 6, 'same'],
  [1, 9, 2, 1, 2, 'valid'],
];

const cases2d: [number, number, number, number, number, number, ConvPadding][] = [
  // batch, h, w, cin, k, cout, padding
  [2, 8, 8, 1, 3, 4, 'same'],
  [2, 7, 6, 3, 3, 5, 'same'],
  [1, 9, 9, 2, 4, 3, 'same'],
  [2, 6, 5, 2, 3, 2, 'valid'],
];

describe('im2col convolutions', () => {
  afterAll(async () => {
    await initTf({ backend: 'cpu', ...quiet });
  });

  test.each(cases1d)('conv1d b=%i L=%i cin=%i k=%i cout=%i %s matches tf.conv1d on cpu, forward and gradients', async (b, len, cin, k, cout, pad) => {
    await initTf({ backend: 'cpu', ...quiet });
    const lout = pad === 'same' ? len : len - k + 1;
    const x = tf.randomNormal([b, len, cin], 0, 1, 'float32', 1);
    const kernel = tf.randomNormal([k, cin, cout], 0, 0.3, 'float32', 2);
    const weight = tf.randomNormal([b, lout, cout], 0, 1, 'float32', 3);
    const ours = valueAndGrads((a, w) => conv1dIm2col(a as tf.Tensor3D, w as tf.Tensor3D, pad), x, kernel, weight);
    const ref = valueAndGrads((a, w) => tf.conv1d(a as tf.Tensor3D, w as tf.Tensor3D, 1, pad), x, kernel, weight);
    expect(ours.out.length).toBe(b * lout * cout);
    expect(maxRelDiff(ours.out, ref.out)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.dx, ref.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.dk, ref.dk)).toBeLessThan(1e-5);

    // The same im2col gradients on wasm, where tf.conv1d's kernel gradient does not exist.
    await initTf({ backend: 'wasm', ...quiet });
    const onWasm = valueAndGrads(
      (a, w) => conv1dIm2col(a as tf.Tensor3D, w as tf.Tensor3D, pad),
      tf.tensor(x.dataSync(), x.shape),
      tf.tensor(kernel.dataSync(), kernel.shape),
      tf.tensor(weight.dataSync(), weight.shape),
    );
    expect(maxRelDiff(onWasm.out, ref.out)).toBeLessThan(1e-5);
    expect(maxRelDiff(onWasm.dx, ref.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(onWasm.dk, ref.dk)).toBeLessThan(1e-5);
  });

  test.each(cases2d)('conv2d b=%i %ix%i cin=%i k=%i cout=%i %s matches tf.conv2d on cpu, forward and gradients', async (b, h, w, cin, k, cout, pad) => {
    await initTf({ backend: 'cpu', ...quiet });
    const [ho, wo] = pad === 'same' ? [h, w] : [h - k + 1, w - k + 1];
    const x = tf.randomNormal([b, h, w, cin], 0, 1, 'float32', 4);
    const kernel = tf.randomNormal([k, k, cin, cout], 0, 0.3, 'float32', 5);
    const weight = tf.randomNormal([b, ho, wo, cout], 0, 1, 'float32', 6);
    const ours = valueAndGrads((a, kk) => conv2dIm2col(a as tf.Tensor4D, kk as tf.Tensor4D, pad), x, kernel, weight);
    const ref = valueAndGrads((a, kk) => tf.conv2d(a as tf.Tensor4D, kk as tf.Tensor4D, 1, pad), x, kernel, weight);
    expect(maxRelDiff(ours.out, ref.out)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.dx, ref.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.dk, ref.dk)).toBeLessThan(1e-5);

    await initTf({ backend: 'wasm', ...quiet });
    const onWasm = valueAndGrads(
      (a, kk) => conv2dIm2col(a as tf.Tensor4D, kk as tf.Tensor4D, pad),
      tf.tensor(x.dataSync(), x.shape),
      tf.tensor(kernel.dataSync(), kernel.shape),
      tf.tensor(weight.dataSync(), weight.shape),
    );
    expect(maxRelDiff(onWasm.out, ref.out)).toBeLessThan(1e-5);
    expect(maxRelDiff(onWasm.dk, ref.dk)).toBeLessThan(1e-5);
    expect(maxRelDiff(onWasm.dx, ref.dx)).toBeLessThan(1e-5);
  });

  test('the wasm backend indeed lacks the native conv kernel gradient (why im2col exists)', async () => {
    await initTf({ backend: 'wasm', ...quiet });
    const x = tf.ones([1, 8, 1]) as tf.Tensor3D;
    const k = tf.ones([3, 1, 1]) as tf.Tensor3D;
    expect(() => tf.grad((w: tf.Tensor) => tf.conv1d(x, w as tf.Tensor3D, 1, 'valid').sum())(k)).toThrow(/Conv2DBackpropFilter/);
  });

  test('inputGradient false (a first layer) keeps the kernel gradient and gives a zero input gradient', async () => {
    await initTf({ backend: 'wasm', ...quiet });
    const x = tf.randomNormal([2, 30, 1], 0, 1, 'float32', 7);
    const kernel = tf.randomNormal([5, 1, 3], 0, 0.3, 'float32', 8);
    const weight = tf.randomNormal([2, 26, 3], 0, 1, 'float32', 9);
    const skip = valueAndGrads((a, w) => conv1dIm2col(a as tf.Tensor3D, w as tf.Tensor3D, 'valid', false), x, kernel, weight);
    const full = valueAndGrads((a, w) => conv1dIm2col(a as tf.Tensor3D, w as tf.Tensor3D, 'valid'), x, kernel, weight);
    expect(Array.from(skip.dk)).toEqual(Array.from(full.dk));
    expect(skip.dx.every((v) => v === 0)).toBe(true);
    expect(full.dx.some((v) => v !== 0)).toBe(true);
  });

  test('a kernel longer than the input is a clear error', async () => {
    await initTf({ backend: 'cpu', ...quiet });
    expect(() => conv1dIm2col(tf.ones([1, 5, 1]) as tf.Tensor3D, tf.ones([6, 1, 1]) as tf.Tensor3D, 'valid')).toThrow(/shorter than the kernel/);
  });
});
