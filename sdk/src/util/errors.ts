// Errors that name what is wrong and where. The CLI maps UsageError to exit code 2 and
// every other LossymlError to exit code 1; anything else is a bug and prints a stack.

export class LossymlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad option, flag or config value: names the option, the value and what is allowed. */
export class UsageError extends LossymlError {}

/** Input data that cannot be read as asked (a malformed CSV cell, a wrong .npy header...). */
export class DataError extends LossymlError {}

/** A container or stream that is truncated, corrupted or not ours. */
export class FormatError extends LossymlError {}

/** Something the user asked for that is not available here (a dataset not downloaded, offline). */
export class UnavailableError extends LossymlError {}

/** Throws a UsageError unless `ok`; `what` names the option, `allowed` says what is accepted. */
export function check(ok: boolean, what: string, value: unknown, allowed: string): asserts ok {
  if (!ok) throw new UsageError(`${what}: got ${describe(value)}, expected ${allowed}`);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
