// Public surface of the data layer.
export * from './dataset';
