// TensorFlow.js plumbing shared by the CNN models: the backend choice (public), and the
// convolutions and pooling that train alike on every backend.
export { initTf, currentBackend, forgetBackendChoice, hasNativeConvGradients, BACKEND_ORDER, BACKEND_ENV } from './backend';
export type { Tf, TfInit, BackendName, BackendRequest, BackendProbes, InitTfOptions } from './backend';
export { conv1dIm2col, conv2dIm2col, type ConvPadding } from './im2col';
export { maxPool1d, maxPool2d, upsample2d } from './pool';
export type { ConvImpl } from './layers';
