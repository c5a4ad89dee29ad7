// Public surface of the displays.
export * from './text-table';
export * from './payload';
export * from './specs';
