// Stable keys: the canonical JSON of a value (object keys sorted, no whitespace) hashed with
// SHA-256. A record is stored under the key of what determines it, so resume, de-duplication
// and (later) distributed job ids agree on one name per evaluation. Computed in Node only.

import { createHash } from 'node:crypto';
import type { NormalizedConfig } from '../reducers/types';
import { UsageError } from '../util/errors';

export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue | undefined };

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UsageError(`canonicalJson: got ${value}, expected a finite number (JSON has no ${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as CanonicalValue)}`).join(',')}}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The key of a normalized reducer config: the same config in any key order gives the same key. */
export function configKey(config: NormalizedConfig): string {
  return sha256Hex(canonicalJson(config));
}

/** The seeds an evaluation used: the split's (and a sampler's default draw) and the model's. */
export interface EvaluationSeeds {
  data: number;
  model: number;
}

/** Everything that determines an evaluation's result. */
export interface EvaluationKeyInput {
  app: string;
  /** dataFingerprint() of the loaded data. */
  dataFingerprint: string;
  config: NormalizedConfig;
  seeds: EvaluationSeeds;
  quick: boolean;
  /** The lossyml version that computes it. */
  version: string;
}

/** The key of one evaluation (hex SHA-256 of the canonical JSON of its inputs). */
export function evaluationKey(input: EvaluationKeyInput): string {
  const { app, dataFingerprint, config, seeds, quick, version } = input;
  return sha256Hex(canonicalJson({ app, dataFingerprint, config, seeds: { data: seeds.data, model: seeds.model }, quick, version }));
}
