// Public surface of the support-vector classifier.
export { Svm, createSvm, type SvmTarget, type SvmFitInfo } from './svm';
export type { SvmOptions, SvmKernel } from './options';
