// An output file written piece by piece but published whole or not at all: the pieces go to a
// temp file in the same folder, renamed over the target on commit and removed on any failure,
// including an interrupt (SIGINT, SIGTERM) or the process exiting before the commit.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file operations a sink needs; tests inject a failing one (a full disk) through `open`. */
export interface SinkHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface AtomicFileOptions {
  /** Opens the temp file (default: fs.promises.open(path, 'wx')). */
  open?: (tmp: string) => Promise<SinkHandle>;
}

/** Temp files not yet committed or removed, cleaned up if the process ends first. */
const live = new Set<string>();
const removeLive = () => {
  for (const f of live) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // Best effort while exiting: nothing else can be done here.
    }
  }
  live.clear();
};
const onSignal = (signal: NodeJS.Signals) => {
  removeLive();
  unwatch();
  // Re-raise with the default handler gone, so the process ends as the signal asked.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};
function watch(): void {
  if (live.size > 0) return;
  process.on('exit', removeLive);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
function unwatch(): void {
  process.off('exit', removeLive);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

export class AtomicFile {
  /** Bytes written so far at the end of the file (what `append` writes after). */
  size = 0;
  private done = false;

  private constructor(
    readonly file: string,
    readonly tmp: string,
    private readonly handle: SinkHandle,
  ) {}

  static async create(file: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const dir = path.dirname(path.resolve(file));
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    const handle = await (options.open ?? ((t: string) => fs.promises.open(t, 'wx')))(tmp);
    watch();
    live.add(tmp);
    return new AtomicFile(file, tmp, handle);
  }

  /** Writes at the end of what was appended so far. */
  async append(bytes: Uint8Array): Promise<void> {
    await this.writeAt(bytes, this.size);
  }

  /** Writes at a byte position (the Fortran-order writers fill each column's stretch). */
  async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, position + done);
      if (bytesWritten <= 0) throw new Error(`${this.file}: the file system wrote no bytes`);
      done += bytesWritten;
    }
    this.size = Math.max(this.size, position + bytes.length);
  }

  /** Flushes and renames the temp file over the target; on failure the temp file is removed. */
  async commit(): Promise<void> {
    try {
      await this.handle.sync();
      await this.handle.close();
      this.done = true;
      await fs.promises.rename(this.tmp, this.file);
      this.forget();
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Closes and removes the temp file; the target is left as it was. */
  async abort(): Promise<void> {
    if (!this.done) await this.handle.close().catch(() => undefined);
    this.done = true;
    await fs.promises.rm(this.tmp, { force: true });
    this.forget();
  }

  private forget(): void {
    live.delete(this.tmp);
    if (live.size === 0) unwatch();
  }
}

/** Runs `fill` on a new AtomicFile for `file`, committing after it and aborting if it throws. */
export async function writeAtomically<T>(file: string, fill: (out: AtomicFile) => Promise<T>, options: AtomicFileOptions = {}): Promise<T> {
  const out = await AtomicFile.create(file, options);
  let result: T;
  try {
    result = await fill(out);
  } catch (e) {
    await out.abort();
    throw e;
  }
  await out.commit();
  return result;
}
