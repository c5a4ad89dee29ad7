// Public surface of the metrics.
export {};
