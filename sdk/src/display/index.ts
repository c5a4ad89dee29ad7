// Public surface of the displays.
export * from './text-table';
