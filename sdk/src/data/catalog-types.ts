// The shape of a dataset's entry in the registry: what it is, where its files may be found
// (local folder, cache, public source) and how a found file becomes a Dataset.

import { Dataset, DType } from './dataset';

export type Task = 'regression' | 'binary' | 'multiclass' | 'reconstruction';

/** A file of the dataset: its name, and for a partial copy, what part of the data it holds. */
export interface DataFile {
  file: string;
  /** Rows this file holds (checked after reading; 0 when not documented). */
  rows: number;
  /** Said to the user when the partial copy is used, e.g. "a random 20% of the rows". */
  partial?: string;
}

/** How to get the whole file from its public source. */
export interface RemoteSource {
  url: string;
  /** The file inside the downloaded archive (a name or a path suffix); absent: the URL is the file. */
  member?: string;
  /** Checks on the resulting file, where the shared READMEs record them. */
  size?: number;
  sha256?: string;
  gitBlob?: string;
}

export interface ReadRequest {
  file: string;
  dtype: DType;
  /** The whole file (not a partial copy). */
  whole: boolean;
}

export interface CatalogEntry {
  name: string;
  description: string;
  task: Task;
  /** Target column name, or null (reconstruction). */
  target: string | null;
  /** Rows and feature columns of the whole dataset (target excluded). */
  shape: { rows: number; cols: number };
  /** The human-readable home of the data. */
  url: string;
  citation: string;
  license: string;
  /** Folders under LOSSYML_DATA_DIR searched, in order (the first is also the cache folder's name). */
  folders: string[];
  /** Names the whole file may have (a gzipped copy is fine too); the first is the cache name. */
  whole: DataFile[];
  partial?: DataFile;
  remote?: RemoteSource;
  /** What to do when it cannot be found (said in the UnavailableError). */
  howToGet: string;
  defaultDtype?: DType;
  read(req: ReadRequest): Promise<Dataset>;
  /** Generated data: always available, never read from files. */
  generate?: () => Dataset;
}
