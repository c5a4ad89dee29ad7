// Downloads into the user cache, checked and atomic: the body streams to a temp file beside the
// target while it is hashed, and only a complete file (Content-Length, known size, SHA-256 all
// matching) is renamed into place. Offline mode (LOSSYML_OFFLINE=1) refuses before any request.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataError, UnavailableError } from '../util/errors';

/** Where downloads are kept: LOSSYML_CACHE_DIR, else $XDG_CACHE_HOME/lossyml, else ~/.cache/lossyml. */
export function cacheDir(): string {
  const env = process.env.LOSSYML_CACHE_DIR;
  if (env) return path.resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'lossyml');
}

/** The folder of local data (LOSSYML_DATA_DIR), if set. */
export function dataDir(): string | undefined {
  const env = process.env.LOSSYML_DATA_DIR;
  return env ? path.resolve(env) : undefined;
}

export function offline(): boolean {
  const v = process.env.LOSSYML_OFFLINE;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export interface DownloadChecks {
  /** Exact size in bytes, when known. */
  size?: number;
  /** Lower-case hex SHA-256 of the whole body, when known. */
  sha256?: string;
}

/**
 * Fetches url into dest (created atomically). Throws UnavailableError when the server cannot
 * be reached or answers with an error, DataError when the body is truncated or fails a check.
 */
export async function download(url: string, dest: string, checks: DownloadChecks = {}): Promise<void> {
  if (offline()) throw new UnavailableError(`download of ${url} refused: LOSSYML_OFFLINE is set`);
  if (!/^https?:\/\//i.test(url)) throw new UnavailableError(`cannot download ${url}: only http and https URLs are fetched; get the file by hand and put it at ${dest}`);
  await fs.promises.mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now().toString(36)}.part`;
  try {
    await fetchTo(url, tmp, checks);
    await fs.promises.rename(tmp, dest);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

async function fetchTo(url: string, tmp: string, checks: DownloadChecks): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new UnavailableError(`cannot download ${url}: ${causeOf(e)}`);
  }
  if (!res.ok || !res.body) throw new UnavailableError(`cannot download ${url}: HTTP ${res.status} ${res.statusText}`);
  const announced = Number(res.headers.get('content-length') ?? NaN);
  const hash = createHash('sha256');
  const out = await fs.promises.open(tmp, 'wx');
  let got = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      got += chunk.length;
      await out.write(chunk);
    }
  } catch (e) {
    throw new DataError(`download of ${url} was cut off after ${got} bytes${Number.isFinite(announced) ? ` of ${announced}` : ''} (${causeOf(e)})`);
  } finally {
    await out.close();
  }
  verify(url, got, announced, hash.digest('hex'), checks);
}

function verify(url: string, got: number, announced: number, sha256: string, checks: DownloadChecks): void {
  if (Number.isFinite(announced) && got !== announced) throw new DataError(`download of ${url} is truncated: ${got} bytes of ${announced}`);
  if (checks.size !== undefined && got !== checks.size) throw new DataError(`download of ${url}: ${got} bytes, expected ${checks.size} (not the documented file)`);
  if (checks.sha256 !== undefined && sha256 !== checks.sha256.toLowerCase()) {
    throw new DataError(`download of ${url}: SHA-256 ${sha256} does not match the documented ${checks.sha256}`);
  }
}

function causeOf(e: unknown): string {
  const err = e as Error & { cause?: Error & { code?: string } };
  const cause = err.cause ? `: ${err.cause.code ?? err.cause.message}` : '';
  return `${err.message ?? String(e)}${cause}`;
}

/** Git's blob id of a file's bytes (SHA-1 of "blob <size>\0" + bytes): how copies on GitHub are recorded. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
