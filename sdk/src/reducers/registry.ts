// The registry of reducer ids (the numcodecs/zarr convention) and the one place where a
// config is validated: unknown keys, out-of-range values and wrong layouts are refused here.

import { UsageError, describe } from '../util/errors';
import type { NormalizedConfig, ParamSpec, Reducer, ReducerConfig, ReducerInfo } from './types';
import { LAYOUTS } from './types';

const registry = new Map<string, Reducer>();
let builtinsLoaded = false;

/**
 * Loads the built-in reducers on first use, whichever module asked first. A lazy require
 * (not a top-level import) because builtin.ts itself imports this module to register them.
 */
function ensureBuiltins(): void {
  if (builtinsLoaded) return;
  builtinsLoaded = true;
  require('./builtin');
}

export function registerReducer(reducer: Reducer): void {
  const id = reducer.info.id;
  if (registry.has(id)) throw new Error(`reducer id ${id} registered twice`);
  registry.set(id, reducer);
}

export function reducerIds(): string[] {
  ensureBuiltins();
  return [...registry.keys()];
}

export function getReducer(id: string): Reducer {
  ensureBuiltins();
  const r = registry.get(id);
  if (!r) throw new UsageError(`unknown reducer id ${describe(id)}; known ids: ${reducerIds().join(', ')}`);
  return r;
}

export function listReducers(): ReducerInfo[] {
  ensureBuiltins();
  return [...registry.values()].map((r) => r.info);
}

function paramsOf(info: ReducerInfo): ParamSpec[] {
  return [...(info.param ? [info.param] : []), ...(info.settings ?? [])];
}

/** Validates a user's config against the reducer's own description and fills in defaults. */
export function normalizeConfig(config: unknown): NormalizedConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new UsageError(`reducer config: got ${describe(config)}, expected an object such as {"id": "zstd", "level": 3}`);
  }
  const raw = config as ReducerConfig;
  if (typeof raw.id !== 'string') throw new UsageError(`reducer config: "id" is ${describe(raw.id)}, expected one of ${reducerIds().join(', ')}`);
  const info = getReducer(raw.id).info;
  const params = paramsOf(info);
  const options = info.options ?? [];
  const known = new Set(['id', 'layout', ...params.map((p) => p.name), ...options.map((o) => o.name)]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      throw new UsageError(`reducer ${info.id}: unknown key ${describe(key)}; it takes ${[...known].filter((k) => k !== 'id').join(', ')}`);
    }
  }
  // null is a value, refused below; only an absent key takes the default.
  const layout = raw.layout === undefined ? info.defaultLayout : raw.layout;
  if (!info.layouts.includes(layout as never)) {
    const allowed = info.layouts.length ? info.layouts.join(' or ') : LAYOUTS.join(' or ');
    throw new UsageError(`reducer ${info.id}: layout ${describe(layout)} is not supported; use ${allowed}`);
  }
  const out: NormalizedConfig = { id: info.id, layout };
  for (const p of params) {
    const v = raw[p.name] === undefined ? p.default : raw[p.name];
    out[p.name] = checkParam(info.id, p, v);
  }
  for (const o of options) {
    const v = raw[o.name] === undefined ? o.default : raw[o.name];
    if (typeof v !== 'string' || !o.values.includes(v)) {
      throw new UsageError(`reducer ${info.id}: ${o.name} is ${describe(v)}, expected one of ${o.values.join(', ')}`);
    }
    out[o.name] = v;
  }
  return out;
}

function checkParam(id: string, p: ParamSpec, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  const range = `${p.integer ? 'an integer' : 'a number'} in [${p.min}, ${p.max}]`;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < p.min || n > p.max || (p.integer && !Number.isInteger(n))) {
    throw new UsageError(`reducer ${id}: ${p.name} is ${describe(v)}, expected ${range}`);
  }
  return n;
}
