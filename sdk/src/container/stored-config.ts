// The reducer config a container stores, checked against the rules of the format version that
// wrote it: a frozen copy of each id's keys, ranges and options as they were then, never
// today's ParamSpec (a later widened or narrowed range must not make old files unreadable).
// An id, key or value these rules do not know means a newer writer or a damaged file.

import { FormatError, describe } from '../util/errors';
import { reducerIds } from '../reducers/registry';
import type { Layout, NormalizedConfig } from '../reducers/types';

interface ParamRule {
  min: number;
  max: number;
  integer: boolean;
}

export interface ConfigRules {
  layouts: readonly Layout[];
  params: Readonly<Record<string, ParamRule>>;
  options: Readonly<Record<string, readonly string[]>>;
}

const BOTH: readonly Layout[] = ['columns', 'matrix'];
const int = (min: number, max: number): ParamRule => ({ min, max, integer: true });
const real = (min: number, max: number): ParamRule => ({ min, max, integer: false });
const SHUFFLE = { shuffle: ['none', 'byte', 'bit'] };
const PREDICTOR = { predictor: ['auto', 'none', 'rows', 'cross'] };
const plain: ConfigRules = { layouts: BOTH, params: {}, options: {} };

/** The configs lossyml 0.1.0 wrote in format versions 1.0 and 2.0. Frozen: never edit an entry. */
const RULES_V1: Readonly<Record<string, ConfigRules>> = {
  none: plain,
  gzip: { layouts: BOTH, params: { level: int(1, 9) }, options: SHUFFLE },
  lz4: { layouts: BOTH, params: { level: int(1, 9) }, options: SHUFFLE },
  zstd: { layouts: BOTH, params: { level: int(1, 22) }, options: SHUFFLE },
  blosclz: { layouts: BOTH, params: { level: int(1, 9) }, options: SHUFFLE },
  fpzip: plain,
  'sample-naive': { layouts: BOTH, params: { k: int(1, 1_000_000) }, options: {} },
  'sample-wr': { layouts: BOTH, params: { fraction: real(1e-6, 1), seed: int(0, 4294967295) }, options: {} },
  'sample-wor': { layouts: BOTH, params: { fraction: real(1e-6, 1), seed: int(0, 4294967295) }, options: {} },
  truncate32: plain,
  truncate16: plain,
  'sz-abs': { layouts: BOTH, params: { bound: real(1e-300, 1e300) }, options: PREDICTOR },
  'sz-rel': { layouts: BOTH, params: { bound: real(1e-12, 1) }, options: PREDICTOR },
  'sz-pwrel': { layouts: BOTH, params: { bound: real(1e-12, 0.5) }, options: PREDICTOR },
  'sz-psnr': { layouts: BOTH, params: { psnr: real(1, 320) }, options: PREDICTOR },
  'zfp-accuracy': { layouts: BOTH, params: { bound: real(1e-300, 1e300) }, options: {} },
  'zfp-precision': { layouts: BOTH, params: { precision: int(1, 64) }, options: {} },
  'zfp-rate': { layouts: BOTH, params: { rate: real(0.5, 64) }, options: {} },
  'zfp-rel': { layouts: BOTH, params: { bound: real(1e-15, 1) }, options: {} },
};

/**
 * Config rules by container format version "major.minor" (2.0 changed the target's coding, not
 * the configs). A change of today's ranges or ids that a writer may use (a new id, a widened
 * range) takes a new minor version with its own rules, written from then on; the contract
 * suite checks that the rules of the version written today admit every config normalizeConfig
 * admits.
 */
export const CONFIG_RULES: Readonly<Record<string, Readonly<Record<string, ConfigRules>>>> = { '1.0': RULES_V1, '2.0': RULES_V1 };

export const NEWER_OR_DAMAGED = 'written by a newer lossyml or damaged';

/** The stored config, checked against the rules of format `version` ("2.0"); a FormatError names what is foreign. */
export function storedConfig(raw: unknown, version: string, what: string): NormalizedConfig {
  const foreign = (why: string) => new FormatError(`${what}: ${why}: ${NEWER_OR_DAMAGED}`);
  const rules = CONFIG_RULES[version];
  if (!rules) throw foreign(`container format version ${version} is unknown`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw foreign(`stored config is ${describe(raw)}, not an object`);
  const cfg = raw as Record<string, unknown>;
  const id = cfg.id;
  if (typeof id !== 'string' || !Object.prototype.hasOwnProperty.call(rules, id) || !reducerIds().includes(id)) {
    throw foreign(`reducer id ${describe(id)} is not one this lossyml reads`);
  }
  const rule = rules[id];
  const known = new Set(['id', 'layout', ...Object.keys(rule.params), ...Object.keys(rule.options)]);
  for (const key of Object.keys(cfg)) if (!known.has(key)) throw foreign(`${id} config key ${describe(key)} is unknown to this lossyml`);
  const layout = cfg.layout;
  if (typeof layout !== 'string' || !rule.layouts.includes(layout as Layout)) throw foreign(`${id} layout ${describe(layout)} is unknown`);
  const out: NormalizedConfig = { id, layout: layout as Layout };
  for (const [name, p] of Object.entries(rule.params)) {
    const v = cfg[name];
    if (typeof v !== 'number' || !(v >= p.min && v <= p.max) || (p.integer && !Number.isInteger(v))) {
      throw foreign(`${id} ${name} is ${describe(v)}, outside the ${p.integer ? 'integers' : 'numbers'} in [${p.min}, ${p.max}] of format ${version}`);
    }
    out[name] = v;
  }
  for (const [name, values] of Object.entries(rule.options)) {
    const v = cfg[name];
    if (typeof v !== 'string' || !values.includes(v)) throw foreign(`${id} ${name} is ${describe(v)}, not one of ${values.join(', ')}`);
    out[name] = v;
  }
  return out;
}
