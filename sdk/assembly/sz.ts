// SZ's hot loops in WebAssembly (compiled by sdk/scripts/build-wasm.js; the TypeScript side is
// sdk/src/reducers/sz/wasm.ts). Every pointer is a byte offset into this module's memory,
// laid out by the caller; nothing here allocates.

/** Where the caller's allocations may start (past the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}
