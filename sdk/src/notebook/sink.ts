// Where display bundles go. Inside a tslab kernel they go to the notebook as display_data /
// update_display_data messages carrying the WHOLE bundle; in plain Node their text/plain goes
// to stdout. tslab's public `display.raw` sends one MIME type per message, so the tslab sink uses
// the writer tslab's own `display` uses, `lastWriteDisplayData` in `tslab/dist/jupyter`: not
// public API, so tslab is pinned (TSLAB_VERSION) and a test executes a notebook through it.

import * as path from 'node:path';
import type { MimeBundle } from './bundle';

/** The tslab release this sink was written and tested against (root package.json pins it). */
export const TSLAB_VERSION = '1.0.22';

export interface SendOptions {
  /** Keeps the display addressable: later sends with the same id replace it in place. */
  displayId: string;
  /** false opens the display (display_data), true replaces it (update_display_data). */
  update: boolean;
  /** The last send of a live display (its state at the end of the run). */
  final: boolean;
}

export interface DisplaySink {
  send(bundle: MimeBundle, options: SendOptions): void;
}

interface DisplayData {
  data: { [mime: string]: unknown };
  metadata: { [key: string]: unknown };
  transient: { display_id?: string };
}
type WriteDisplayData = (data: DisplayData, update: boolean) => void;
interface TslabJupyterModule {
  lastWriteDisplayData: WriteDisplayData | null;
}

/**
 * The `tslab/dist/jupyter` module of the RUNNING kernel: a kernel started from another tslab
 * install than the one this package would resolve still has its module in require's cache.
 */
function runningTslabJupyter(): TslabJupyterModule | undefined {
  const suffix = ['tslab', 'dist', 'jupyter.js'].join(path.sep);
  for (const [file, mod] of Object.entries(require.cache)) {
    if (file.endsWith(path.sep + suffix) && mod && isTslabJupyter(mod.exports)) return mod.exports;
  }
  return undefined;
}

function isTslabJupyter(x: unknown): x is TslabJupyterModule {
  return typeof x === 'object' && x !== null && 'lastWriteDisplayData' in x;
}

/** True inside a tslab kernel that is ready to display (a cell has started executing). */
export function inTslabKernel(): boolean {
  return typeof runningTslabJupyter()?.lastWriteDisplayData === 'function';
}

/** Sends whole bundles through the running tslab kernel. Throws outside one. */
export function tslabSink(): DisplaySink {
  const jupyter = runningTslabJupyter();
  if (!jupyter) throw new Error('tslabSink: not running inside a tslab kernel (tslab/dist/jupyter is not loaded)');
  return {
    send(bundle, { displayId, update }) {
      // Read at each send: tslab points it at the writer of the cell that ran last.
      const write = jupyter.lastWriteDisplayData;
      if (typeof write !== 'function') throw new Error('tslabSink: the tslab kernel has no display writer yet');
      write({ data: { ...bundle }, metadata: {}, transient: { display_id: displayId } }, update);
    },
  };
}

/** Plain Node: prints a display's text when it opens and its final state, not every update. */
export function consoleSink(write: (text: string) => void = (t) => process.stdout.write(t)): DisplaySink {
  return {
    send(bundle, { update, final }) {
      if (!update || final) write(bundle['text/plain'] + '\n');
    },
  };
}

/** The sink for where this code runs: the notebook inside tslab, stdout elsewhere. */
export function defaultSink(): DisplaySink {
  return inTslabKernel() ? tslabSink() : consoleSink();
}
