// Public surface of the notebook side (Node only: the tslab kernel and plain Node scripts).
export * from './bundle';
export * from './sink';
export * from './live-display';
export * from './html';
export * from './table-bundle';
export * from './sweep-display';
export * from './figures';
export * from './front-bundle';
export * from './dataset-display';
export * from './show';
