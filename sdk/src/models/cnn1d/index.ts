// The NT3 1-D CNN: model, options and class coding.
export { Cnn1dModel, createCnn1d, type Cnn1dFitInfo } from './model';
export { resolveCnn1dOptions, NT3_CONV, NT3_DENSE, CPU_MAX_INPUT, type Cnn1dOptions, type ConvBlockSpec } from './options';
