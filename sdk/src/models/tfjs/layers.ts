// Layers the reference CNNs need beyond tfjs's own: im2col convolutions that train on wasm,
// a dropout whose mask changes every step yet follows the model seed, and a constant scale.
// convLayer1d/convLayer2d pick the native tfjs layer or the im2col one for the backend.

import * as tf from '@tensorflow/tfjs';
import { conv1dIm2col, conv2dIm2col, type ConvPadding } from './im2col';
import { maxPool1d, maxPool2d, upsample2d } from './pool';
import { Rng } from '../../data/dataset';

type Shape = (number | null)[];
type Kwargs = Parameters<tf.layers.Layer['call']>[1];
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** How a convolution is computed: tfjs's own kernel, or im2col (see im2col.ts). */
export type ConvImpl = 'native' | 'im2col';

export interface ConvSpec {
  filters: number;
  kernelSize: number;
  padding: ConvPadding;
  activation: 'relu' | 'linear' | 'sigmoid' | 'tanh';
  /** False for a first layer, whose input needs no gradient (im2col only). */
  inputGradient?: boolean;
  /** Seed of the Glorot-uniform kernel initializer (biases start at zero). */
  seed: number;
  name?: string;
}

interface Im2colArgs extends LayerArgs {
  spec: ConvSpec;
  rank: 1 | 2;
}

/** A stride-1 convolution computed by im2col; weights laid out as tfjs's conv1d/conv2d kernels. */
export class Im2colConv extends tf.layers.Layer {
  static className = 'LossymlIm2colConv';
  private readonly spec: ConvSpec;
  private readonly rank: 1 | 2;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: Im2colArgs) {
    super(args);
    this.spec = args.spec;
    this.rank = args.rank;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const cin = shape[shape.length - 1];
    if (cin === null) throw new RangeError(`${this.name}: the channel count of the input must be known`);
    const { kernelSize: k, filters } = this.spec;
    const kernelShape = this.rank === 1 ? [k, cin, filters] : [k, k, cin, filters];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', tf.initializers.glorotUniform({ seed: this.spec.seed }));
    this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (inputShape as Shape).slice();
    const shrink = this.spec.padding === 'valid' ? this.spec.kernelSize - 1 : 0;
    for (let d = 1; d <= this.rank; d++) {
      const n = shape[d];
      shape[d] = n === null ? null : n - shrink;
    }
    shape[shape.length - 1] = this.spec.filters;
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const kernel = this.kernel!.read();
      const y =
        this.rank === 1
          ? conv1dIm2col(x as tf.Tensor3D, kernel as tf.Tensor3D, this.spec.padding, this.spec.inputGradient ?? true)
          : conv2dIm2col(x as tf.Tensor4D, kernel as tf.Tensor4D, this.spec.padding, this.spec.inputGradient ?? true);
      return activate(y.add(this.bias!.read()), this.spec.activation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rank: this.rank, ...this.spec };
  }
}

function activate(x: tf.Tensor, activation: ConvSpec['activation']): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
  }
}

interface SeededDropoutArgs extends LayerArgs {
  rate: number;
  seed: number;
}

/**
 * Dropout drawing a fresh mask each training step from a seeded stream. tfjs's own Dropout
 * with a seed reuses one mask for every step, and without one it is not reproducible.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'LossymlSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private readonly rng: Rng;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new Rng(args.seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!(kwargs && kwargs['training'] === true) || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, this.rng.nextU32());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

interface ScaleArgs extends LayerArgs {
  factor: number;
}

/** Multiplies by a constant (PtychoNN's tanh * pi phase head). */
export class Scale extends tf.layers.Layer {
  static className = 'LossymlScale';
  private readonly factor: number;

  constructor(args: ScaleArgs) {
    super(args);
    this.factor = args.factor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.mul(x, this.factor);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

interface ResampleArgs extends LayerArgs {
  mode: 'maxpool1d' | 'maxpool2d' | 'upsample2d';
  factor: number;
}

/** Max pooling or upsampling with gradients that agree across backends (see pool.ts). */
export class Resample extends tf.layers.Layer {
  static className = 'LossymlResample';
  private readonly mode: ResampleArgs['mode'];
  private readonly factor: number;

  constructor(args: ResampleArgs) {
    super(args);
    this.mode = args.mode;
    this.factor = args.factor;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (inputShape as Shape).slice();
    const spatial = this.mode === 'maxpool1d' ? [1] : [1, 2];
    for (const d of spatial) {
      const n = shape[d];
      shape[d] = n === null ? null : this.mode === 'upsample2d' ? n * this.factor : Math.floor(n / this.factor);
    }
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.mode === 'maxpool1d') return maxPool1d(x as tf.Tensor3D, this.factor);
      if (this.mode === 'maxpool2d') return maxPool2d(x as tf.Tensor4D, this.factor);
      return upsample2d(x as tf.Tensor4D, this.factor);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, factor: this.factor };
  }
}

tf.serialization.registerClass(Resample);
tf.serialization.registerClass(Im2colConv);
tf.serialization.registerClass(SeededDropout);
tf.serialization.registerClass(Scale);

/** A 1-D convolution layer: tfjs's Conv1D, or im2col where its gradient is missing or slow. */
export function convLayer1d(spec: ConvSpec, impl: ConvImpl): tf.layers.Layer {
  if (impl === 'im2col') return new Im2colConv({ spec, rank: 1, name: spec.name });
  return tf.layers.conv1d(nativeArgs(spec));
}

/** A square-kernel 2-D convolution layer, as convLayer1d. */
export function convLayer2d(spec: ConvSpec, impl: ConvImpl): tf.layers.Layer {
  if (impl === 'im2col') return new Im2colConv({ spec, rank: 2, name: spec.name });
  return tf.layers.conv2d(nativeArgs(spec));
}

function nativeArgs(spec: ConvSpec): Parameters<typeof tf.layers.conv2d>[0] {
  return {
    filters: spec.filters,
    kernelSize: spec.kernelSize,
    padding: spec.padding,
    activation: spec.activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed }),
    biasInitializer: 'zeros' as const,
    name: spec.name,
  };
}
