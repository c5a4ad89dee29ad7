// The dataset registry: listDatasets() says what is known and what is here; loadDataset(name)
// finds the data in this order: LOSSYML_DATA_DIR/<name>/ (whole file, then partial copy), the
// user cache, then a checked download from the public source (unless LOSSYML_OFFLINE is set).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, UnavailableError, check, describe } from '../util/errors';
import { writeFileAtomic } from '../util/atomic';
import { findMember } from './archive';
import { CATALOG } from './catalog';
import { CatalogEntry, DataFile, Task } from './catalog-types';
import { Dataset, DType } from './dataset';
import { cacheDir, dataDir, download, gitBlobId, offline, sha256Of } from './download';
import { PtychoFrames, readPtychoFrames } from './ptycho';

export type { Task } from './catalog-types';

export interface DatasetInfo {
  name: string;
  description: string;
  task: Task;
  /** Target column, or null for reconstruction data. */
  target: string | null;
  /** [rows, feature columns] of the whole dataset. */
  shape: [number, number];
  /** Where the data lives publicly. */
  source: string;
  citation: string;
  license: string;
  /** What loadDataset would use right now. */
  local: { file: string; partial: boolean; note?: string } | null;
  /** loadDataset would download it (nothing local, downloads allowed). */
  downloadable: boolean;
  /** One line for people: "whole: <file>", "partial: <file> (<what part>)", "download", "generated", "not available". */
  availability: string;
  synthetic: boolean;
}

export interface LoadOptions {
  /** Feature column type; default float64 (float32 for nt3, ptychonn and synthetic-wide). */
  dtype?: DType;
}

/** Every dataset the registry knows, with what is available here now. */
export function listDatasets(): DatasetInfo[] {
  return CATALOG.map((e) => {
    const found = e.generate ? null : findLocal(e);
    const downloadable = !found && !e.generate && e.remote !== undefined && !offline();
    return {
      name: e.name,
      description: e.description,
      task: e.task,
      target: e.target,
      shape: [e.shape.rows, e.shape.cols],
      source: e.remote?.url ?? e.url,
      citation: e.citation,
      license: e.license,
      local: found && { file: found.path, partial: found.partial !== undefined, note: found.partial },
      downloadable,
      availability: availability(e, found, downloadable),
      synthetic: e.generate !== undefined,
    };
  });
}

/**
 * Adds a dataset to the registry (a user's own data, a mirror of a known one under a new name).
 * Names must be new: the built-in entries cannot be replaced.
 */
export function registerDataset(entry: CatalogEntry): void {
  check(typeof entry?.name === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(entry.name), 'name', entry?.name, 'lower-case letters, digits, ".", "_" or "-"');
  check(!CATALOG.some((c) => c.name === entry.name), 'name', entry.name, `a name not yet registered (${CATALOG.map((c) => c.name).join(', ')})`);
  check(entry.generate !== undefined || entry.whole.length > 0, 'whole', entry.whole, 'at least one file name (or a generate function)');
  CATALOG.push(entry);
}

function availability(e: CatalogEntry, found: Found | null, downloadable: boolean): string {
  if (e.generate) return 'generated';
  if (found) return found.partial ? `partial: ${found.label} (${found.partial})` : `whole: ${found.label}`;
  return downloadable ? 'download' : 'not available';
}

function entryOf(name: string): CatalogEntry {
  const e = CATALOG.find((c) => c.name === name);
  if (!e) throw new UnavailableError(`unknown dataset ${describe(name)}; known: ${CATALOG.map((c) => c.name).join(', ')}`);
  return e;
}

/** Loads a dataset by name; its `source` says which file was read and whether it is partial. */
export async function loadDataset(name: string, options: LoadOptions = {}): Promise<Dataset> {
  check(typeof name === 'string', 'name', name, 'a dataset name');
  check(options.dtype === undefined || options.dtype === 'float32' || options.dtype === 'float64', 'dtype', options.dtype, "'float32' or 'float64'");
  const e = entryOf(name);
  const dtype = options.dtype ?? e.defaultDtype ?? 'float64';
  if (e.generate) return withDtype(e.generate(), dtype);
  const found = findLocal(e) ?? (await fetchWhole(e));
  const ds = await e.read({ file: found.path, dtype, whole: found.partial === undefined });
  checkShape(e, ds, found);
  const source = found.partial ? `${found.label} (partial: ${found.partial})` : found.label;
  return new Dataset({ name: e.name, names: ds.names, columns: ds.columns, target: ds.target, source, targetIndex: ds.targetIndex, missing: ds.missing });
}

/** The PtychoNN frames as one typed array (count x height x width), from the same places as loadDataset. */
export async function loadPtychoFrames(): Promise<PtychoFrames> {
  const e = entryOf('ptychonn');
  const found = findLocal(e) ?? (await fetchWhole(e));
  return readPtychoFrames(found.path, found.partial ? `${found.label} (partial: ${found.partial})` : found.label);
}

interface Found {
  path: string;
  /** How the file is named to the user ("LOSSYML_DATA_DIR/ads/ad-first998.data.gz"). */
  label: string;
  file: DataFile;
  partial?: string;
}

function findLocal(e: CatalogEntry): Found | null {
  const dir = dataDir();
  if (dir) {
    for (const folder of e.folders) {
      for (const f of e.whole) {
        const p = path.join(dir, folder, f.file);
        if (fs.existsSync(p)) return { path: p, label: `LOSSYML_DATA_DIR/${folder}/${f.file}`, file: f };
      }
      if (e.partial) {
        const p = path.join(dir, folder, e.partial.file);
        if (fs.existsSync(p)) return { path: p, label: `LOSSYML_DATA_DIR/${folder}/${e.partial.file}`, file: e.partial, partial: e.partial.partial };
      }
    }
  }
  for (const f of e.whole) {
    const p = path.join(cacheDir(), e.name, f.file);
    if (fs.existsSync(p)) return { path: p, label: p, file: f };
  }
  return null;
}

/** Downloads the whole file into the cache (checked, atomic) or says how to get it. */
async function fetchWhole(e: CatalogEntry): Promise<Found> {
  const target = e.whole[0];
  const dest = path.join(cacheDir(), e.name, target.file);
  if (!e.remote || offline()) throw unavailable(e, dest);
  const r = e.remote;
  if (!r.member) {
    await download(r.url, dest, { size: r.size, sha256: r.sha256 });
  } else {
    const archive = `${dest}.archive`;
    try {
      await download(r.url, archive);
      const bytes = findMember(await fs.promises.readFile(archive), r.member, r.url);
      if (!bytes) throw new DataError(`${r.url}: no file ${r.member} inside the archive`);
      checkMember(e, bytes);
      await writeFileAtomic(dest, bytes);
    } finally {
      await fs.promises.rm(archive, { force: true });
    }
  }
  return { path: dest, label: dest, file: target };
}

function checkMember(e: CatalogEntry, bytes: Uint8Array): void {
  const r = e.remote!;
  const bad = (what: string) => new DataError(`${r.url}: ${r.member} ${what}: not the documented file of ${e.name}`);
  if (r.size !== undefined && bytes.length !== r.size) throw bad(`has ${bytes.length} bytes, expected ${r.size}`);
  if (r.sha256 && sha256Of(bytes) !== r.sha256) throw bad(`has SHA-256 ${sha256Of(bytes)}, expected ${r.sha256}`);
  if (r.gitBlob && gitBlobId(bytes) !== r.gitBlob) throw bad(`has git blob id ${gitBlobId(bytes)}, expected ${r.gitBlob}`);
}

function unavailable(e: CatalogEntry, dest: string): UnavailableError {
  const dir = dataDir();
  const places = [
    dir ? `no ${[...e.whole.map((f) => f.file), ...(e.partial ? [e.partial.file] : [])].join(' or ')} in ${path.join(dir, e.folders[0])}` : 'LOSSYML_DATA_DIR is not set',
    `nothing in the cache ${path.dirname(dest)}`,
    e.remote ? 'downloads are off (LOSSYML_OFFLINE is set)' : 'it has no automatic download',
  ];
  const source = e.remote ? ` Source: ${e.remote.url}.` : '';
  const alt = dir ? ` or in ${path.join(dir, e.folders[0])}` : '';
  return new UnavailableError(
    `dataset ${e.name} is not available: ${places.join('; ')}. To get it: ${e.howToGet}.${source} Put ${e.whole[0].file} at ${dest}${alt}. About the data: ${e.url}`,
  );
}

function checkShape(e: CatalogEntry, ds: Dataset, found: Found): void {
  const rows = found.file.rows;
  const colsOk = e.task === 'reconstruction' || ds.nCols === e.shape.cols;
  if ((rows > 0 && ds.nRows !== rows) || !colsOk) {
    throw new DataError(`${found.label}: ${ds.nRows} rows x ${ds.nCols} features, expected ${rows > 0 ? rows : '?'} x ${e.shape.cols} for ${e.name}: not the documented file`);
  }
  if (e.target !== null && ds.target === undefined) throw new DataError(`${found.label}: no target column ${e.target}`);
}

function withDtype(ds: Dataset, dtype: DType): Dataset {
  if (ds.dtype === dtype) return ds;
  const columns = ds.columns.map((c) => (dtype === 'float32' ? Float32Array.from(c) : Float64Array.from(c)));
  return new Dataset({ name: ds.name, names: ds.names, columns, target: ds.target, source: ds.source, targetIndex: ds.targetIndex });
}
