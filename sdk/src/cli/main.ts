#!/usr/bin/env node
// The `lossyml` command: dispatches to one module per subcommand. Exit codes: 0 done,
// 1 the input could not be processed (bad data, corrupted container, unavailable dataset),
// 2 wrong usage (unknown flag, bad value); an unexpected failure prints its stack and exits 70.
// A user's mistake is always one line naming the problem, never a stack trace.

import { LossymlError, UsageError } from '../util/errors';
import { LOSSYML_VERSION } from '../util/version';
import * as compress from './commands/compress';
import * as datasets from './commands/datasets';
import * as decompress from './commands/decompress';
import * as demo from './commands/demo';
import * as evaluate from './commands/evaluate';
import * as inspect from './commands/inspect';
import * as recommend from './commands/recommend';
import * as reducers from './commands/reducers';
import * as report from './commands/report';
import * as speedup from './commands/speedup';
import * as sweep from './commands/sweep';
import { nearest } from './args';
import { type Io, processIo } from './io';
import { fileSystemError } from './output';

interface Command {
  summary: string;
  help: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const commands: Record<string, Command> = { reducers, datasets, compress, decompress, inspect, evaluate, sweep, recommend, report, speedup, demo };

const usage = `lossyml ${LOSSYML_VERSION}: what lossy compression of a training set does to the model trained on it.

usage: lossyml <command> [options]     (lossyml <command> --help for more)

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`)
  .join('\n')}`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(LOSSYML_VERSION);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const near = nearest(name, Object.keys(commands));
    io.err(`lossyml: unknown command ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ''} Commands: ${Object.keys(commands).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (raw) {
    // A file-system failure that no command turned into a message (a folder, no permission, no
    // space) is still the user's environment, not a bug: one line, exit 1.
    const file = (raw as NodeJS.ErrnoException | null)?.path;
    const e = fileSystemError(raw, file ? `${name}: ${file}` : name);
    if (e instanceof UsageError) {
      io.err(`lossyml ${e.message.startsWith(name + ':') ? '' : name + ': '}${oneLine(e.message)} (lossyml ${name} --help for usage)`);
      return 2;
    }
    if (e instanceof LossymlError) {
      io.err(`lossyml ${e.message.startsWith(name + ':') ? '' : name + ': '}${oneLine(e.message)}`);
      return 1;
    }
    io.err(`lossyml ${name}: unexpected failure, please report it:\n${(e as Error).stack ?? e}`);
    return 70;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}

/** Runs the command line and sets the exit code (the bin shim and `node dist/cli/main.js` both call it). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`lossyml: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
