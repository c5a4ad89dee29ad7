// What jsdom lacks and browsers have, for the renderer tests (imported first): DragEvent,
// which @lumino/dragdrop extends at load time, and structuredClone, which vega-lite uses.
// Canvas contexts return null (no canvas here): vega then measures text by estimate instead
// of logging jsdom's "not implemented" for every probe.
import { deserialize, serialize } from 'node:v8';

if (typeof globalThis.DragEvent === 'undefined') {
  (globalThis as { DragEvent?: unknown }).DragEvent = class DragEvent extends MouseEvent {};
}
if (typeof globalThis.structuredClone === 'undefined') {
  (globalThis as { structuredClone?: unknown }).structuredClone = <T>(value: T): T => deserialize(serialize(value));
}
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
export {};
