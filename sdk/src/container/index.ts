// Public surface of the container format and the reduce/restore pipeline.
export * from './format';
export * from './pipeline';
export * from './chunked';
