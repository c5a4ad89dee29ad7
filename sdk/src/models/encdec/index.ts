// The PtychoNN-style encoder-decoder: model and options.
export { EncdecModel, createEncdec, type EncdecFitInfo } from './model';
export { resolveEncdecOptions, type EncdecOptions } from './options';
