// Command-line parsing on node:util's parseArgs, strict, with messages that name the flag,
// the value and what is allowed. Every problem is a UsageError (exit code 2).

import { parseArgs } from 'node:util';
import { UsageError } from '../util/errors';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], flags: FlagSpec, positionals: { min: number; max: number; names: string }): Parsed {
  let result;
  try {
    result = parseArgs({ args: argv, options: { ...flags, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${cleanParseError((e as Error).message)}`);
  }
  const pos = result.positionals;
  if (!result.values.help && (pos.length < positionals.min || pos.length > positionals.max)) {
    throw new UsageError(`${command}: expected ${positionals.names}, got ${pos.length ? pos.map((p) => JSON.stringify(p)).join(' ') : 'nothing'}`);
  }
  return { values: result.values as Parsed['values'], positionals: pos };
}

function cleanParseError(msg: string): string {
  // parseArgs says e.g. "Unknown option '--bond'. To specify a positional argument starting with a '-'..."
  return msg.replace(/\. To specify a positional argument.*$/s, '').replace(/^Option '([^']+)'/, 'option $1');
}

/** A number flag: finite, parsed strictly ("1e-3" yes, "1e-3x" no). */
export function numberFlag(command: string, flag: string, value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, expected a number`);
  return n;
}

export function oneOf<T extends string>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}
