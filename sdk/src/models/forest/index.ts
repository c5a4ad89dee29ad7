// Public surface of the random forest.
export { Forest, createForest, type ForestTarget } from './forest';
export type { ForestOptions, ForestTask, MaxFeatures } from './options';
