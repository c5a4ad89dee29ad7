// Public surface of the notebook side (Node only: the tslab kernel and plain Node scripts).
export * from './bundle';
export * from './sink';
export * from './live-display';
export * from './html';
export * from './table-bundle';
export * from './sweep-display';
