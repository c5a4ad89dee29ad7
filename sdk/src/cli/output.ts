// The file safety of every command that writes: an output path is checked before any work
// (its folder exists, it is not a folder, not one of the inputs, not an existing file unless
// --force), and written atomically, so a refused or failed command leaves every file as it was.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { LossymlError, UsageError } from '../util/errors';

/** The `--force` flag of commands that write a file. */
export const forceFlag = { force: { type: 'boolean' as const } };

export interface OutputCheck {
  /** The command, for messages ("compress"). */
  command: string;
  /** How the output is given on the command line ("-o"). */
  flag: string;
  /** Input files the command reads (names of registered datasets are skipped). */
  inputs: string[];
  /** --force: replace an existing file. */
  force: boolean;
}

/** Refuses an output path the command must not write; call it before reading any data. */
export function checkOutput(output: string, c: OutputCheck): void {
  const where = `${c.command}: ${c.flag} ${output}`;
  if (output === '' || output.endsWith('/') || output.endsWith(path.sep)) throw new UsageError(`${where}: expected a file name`);
  const dir = path.dirname(path.resolve(output));
  const dirStat = statOrNull(dir);
  if (!dirStat) throw new UsageError(`${where}: the folder ${dir} does not exist`);
  if (!dirStat.isDirectory()) throw new UsageError(`${where}: ${dir} is not a folder`);
  const out = statOrNull(output);
  if (!out) return;
  if (out.isDirectory()) throw new UsageError(`${where} is a folder; give a file name`);
  for (const input of c.inputs) {
    const s = statOrNull(input);
    if (s && s.dev === out.dev && s.ino === out.ino) throw new UsageError(`${where} is the input ${input}; write to another file`);
  }
  if (!out.isFile()) throw new UsageError(`${where} exists and is not a regular file`);
  if (!c.force) throw new UsageError(`${where} exists; add --force to replace it`);
}

/**
 * Writes the output through `write` (an atomic writer), checking the path again first: a file
 * that appeared while the command worked is still not replaced without --force. File-system
 * failures (no space, no permission) become one-line errors naming the file.
 */
export async function writeOutput(output: string, c: OutputCheck, write: (file: string) => Promise<void>): Promise<void> {
  checkOutput(output, c);
  try {
    await write(output);
  } catch (e) {
    throw fileSystemError(e, `${c.command}: cannot write ${output}`);
  }
}

/** Writes bytes to a checked output, atomically. */
export function writeOutputBytes(output: string, c: OutputCheck, bytes: Uint8Array): Promise<void> {
  return writeOutput(output, c, (file) => writeFileAtomic(file, bytes));
}

/** A Node file-system error (it has an E... code) as a one-line LossymlError; anything else unchanged. */
export function fileSystemError(e: unknown, what: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new LossymlError(`${what}: ${FS_REASONS[code] ?? code}`);
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
};

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
