// Command-line parsing on node:util's parseArgs, strict, with messages that name the flag,
// the value and what is allowed. Every problem is a UsageError (exit code 2): an unknown flag
// gets the list of the command's flags and the nearest one, a flag given twice is refused.

import { parseArgs } from 'node:util';
import { UsageError } from '../util/errors';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], flags: FlagSpec, positionals: { min: number; max: number; names: string }): Parsed {
  const options: FlagSpec = { ...flags, help: { type: 'boolean', short: 'h' } };
  let result;
  try {
    result = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(`${command}: ${parseErrorMessage(e as Error & { code?: string }, options)}`);
  }
  const seen = new Set<string>();
  for (const t of result.tokens) {
    if (t.kind !== 'option' || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) throw new UsageError(`${command}: --${t.name} is given twice; give it once`);
    seen.add(t.name);
  }
  const pos = result.positionals;
  if (!result.values.help && (pos.length < positionals.min || pos.length > positionals.max)) {
    throw new UsageError(`${command}: expected ${positionals.names}, got ${pos.length ? pos.map((p) => JSON.stringify(p)).join(' ') : 'nothing'}`);
  }
  return { values: result.values as Parsed['values'], positionals: pos };
}

function parseErrorMessage(e: Error & { code?: string }, flags: FlagSpec): string {
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(e.message)?.[1] ?? '?';
    const names = Object.keys(flags).sort();
    const near = nearest(given.replace(/^-+/, '').replace(/=.*$/, ''), names);
    const list = names.map((n) => `--${n}`).join(', ');
    return `unknown flag ${given}${near ? `; did you mean --${near}?` : ''} Flags: ${list}`;
  }
  // parseArgs says e.g. "Option '--bound <value>' argument missing".
  return e.message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Option '([^' ]+)[^']*'/, 'option $1');
}

/** The flag name closest to a mistyped one (edit distance at most 2, or a prefix), if any. */
export function nearest(given: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = n.startsWith(given) && given.length >= 2 ? 1 : editDistance(given, n);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(given.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

// Decimal or scientific notation only: no hex, binary, octal, "Infinity" or underscores.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number flag: finite, parsed strictly ("1e-3" yes, "1e-3x", "0x10" no), never rounded to 0 or Infinity. */
export function numberFlag(command: string, flag: string, value: string): number {
  const text = value.trim();
  if (!DECIMAL.test(text)) throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, expected a decimal number such as 0.001 or 1e-3`);
  const n = Number(text);
  const why = outOfDoubleRange(text, n);
  if (why) throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, which ${why}`);
  return n;
}

/** Why a decimal text's double is not the number written (it overflows or underflows), or undefined. */
export function outOfDoubleRange(text: string, n: number): string | undefined {
  if (!Number.isFinite(n)) return 'is beyond the largest double (about 1.8e308)';
  if (n === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return 'is below the smallest double (about 5e-324) and would be read as 0';
  return undefined;
}

export function oneOf<T extends string>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new UsageError(`${command}: --${flag}: got ${JSON.stringify(value)}, expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}
