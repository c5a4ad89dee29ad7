// Pooling and upsampling against gradients summed by hand, on cpu and wasm: tfjs 4.22's own
// MaxPoolGrad (wasm) and ResizeNearestNeighborGrad (cpu) fail this, which is why pool.ts exists.
import * as tf from '@tensorflow/tfjs';
import { initTf } from '@lossyml/sdk/models/tfjs/backend';
import { maxPool1d, maxPool2d, upsample2d } from '@lossyml/sdk/models/tfjs/pool';

type A4 = number[][][][];
const quiet = { log: () => undefined };

describe.each(['cpu', 'wasm'] as const)('pooling on %s', (backend) => {
  beforeAll(async () => {
    await initTf({ backend, ...quiet });
  });

  test('maxPool2d: forward is the window max, gradient goes to the argmax only', () => {
    const X = tf.randomNormal([2, 5, 4, 3], 0, 1, 'float32', 1);
    const W = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 2);
    const y = maxPool2d(X as tf.Tensor4D, 2).arraySync() as A4;
    const g = tf.grad((a: tf.Tensor) => maxPool2d(a as tf.Tensor4D, 2).mul(W).sum())(X).arraySync() as A4;
    const x = X.arraySync() as A4;
    const w = W.arraySync() as A4;
    for (let n = 0; n < 2; n++)
      for (let i = 0; i < 5; i++)
        for (let j = 0; j < 4; j++)
          for (let c = 0; c < 3; c++) {
            if (i === 4) {
              expect(g[n][i][j][c]).toBe(0); // the odd last row is dropped, as 'valid' pooling does
              continue;
            }
            const bi = i - (i % 2);
            const bj = j - (j % 2);
            const m = Math.max(x[n][bi][bj][c], x[n][bi + 1][bj][c], x[n][bi][bj + 1][c], x[n][bi + 1][bj + 1][c]);
            expect(y[n][bi / 2][bj / 2][c]).toBeCloseTo(m, 6);
            expect(g[n][i][j][c]).toBeCloseTo(x[n][i][j][c] === m ? w[n][bi / 2][bj / 2][c] : 0, 6);
          }
  });

  test('maxPool1d: window max and argmax gradient, a partial last window dropped', () => {
    const X = tf.randomNormal([2, 23, 2], 0, 1, 'float32', 3);
    const W = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 4);
    const g = tf.grad((a: tf.Tensor) => maxPool1d(a as tf.Tensor3D, 5).mul(W).sum())(X).arraySync() as number[][][];
    const x = X.arraySync() as number[][][];
    const w = W.arraySync() as number[][][];
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 2; c++)
        for (let k = 0; k < 23; k++) {
          const win = Math.floor(k / 5);
          if (win >= 4) {
            expect(g[n][k][c]).toBe(0);
            continue;
          }
          let m = -Infinity;
          for (let t = 0; t < 5; t++) m = Math.max(m, x[n][win * 5 + t][c]);
          expect(g[n][k][c]).toBeCloseTo(x[n][k][c] === m ? w[n][win][c] : 0, 6);
        }
  });

  test('upsample2d: each pixel repeated in a 2x2 block; gradient is the block sum', () => {
    const X = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 5);
    const W = tf.randomNormal([2, 6, 8, 2], 0, 1, 'float32', 6);
    const y = upsample2d(X as tf.Tensor4D, 2).arraySync() as A4;
    const g = tf.grad((a: tf.Tensor) => upsample2d(a as tf.Tensor4D, 2).mul(W).sum())(X).arraySync() as A4;
    const x = X.arraySync() as A4;
    const w = W.arraySync() as A4;
    for (let n = 0; n < 2; n++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 4; j++)
          for (let c = 0; c < 2; c++) {
            expect(y[n][2 * i + 1][2 * j][c]).toBe(x[n][i][j][c]);
            const e = w[n][2 * i][2 * j][c] + w[n][2 * i + 1][2 * j][c] + w[n][2 * i][2 * j + 1][c] + w[n][2 * i + 1][2 * j + 1][c];
            expect(g[n][i][j][c]).toBeCloseTo(e, 5);
          }
  });
});
