// records.jsonl: one finished evaluation per line, appended with a single write and flushed to
// disk before the sweep moves on, so a killed process loses nothing that finished. A last line
// without its newline (the process died inside the write) is dropped with a warning and cut
// from the file, so the next append starts on a clean line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NoiseFloor, RecordRow } from '../display/payload';

export const RECORDS_FILE = 'records.jsonl';

/** The split every method is evaluated on; the noise floor adds lossless runs on splits 1, 2, ... */
export const MAIN_SPLIT_SEED = 0;

/** What the searcher was deciding when it asked for this evaluation. */
export type SearchRole = 'floor' | 'parameterless' | 'scan' | 'bound' | 'candidate';

export interface RecordContext {
  dataFingerprint: string;
  quick: boolean;
  versions: { lossyml: string; node: string };
  /** The split's seed and the model's seed. */
  seeds: { data: number; model: number };
  search?: {
    role: SearchRole;
    /** The floor the decisions of this sweep were judged against (absent for floor records themselves). */
    noiseFloor?: NoiseFloor;
    /** tau as an absolute quality. */
    threshold?: number;
  };
}

/** A line of records.jsonl for a finished evaluation. */
export type StoredRecord = RecordRow & RecordContext;

/** A line for an evaluation that failed (an error, or a quality that is not a number): never retried on resume. */
export interface FailedRecord extends RecordContext {
  key: string;
  app: string;
  method: string;
  config: RecordRow['config'];
  seed: number;
  error: string;
}

export type StoredLine = StoredRecord | FailedRecord;

export function isFailed(line: StoredLine): line is FailedRecord {
  return typeof (line as FailedRecord).error === 'string';
}

export interface ReadResult {
  lines: StoredLine[];
  warnings: string[];
}

/** Reads a records file (absent: empty), dropping and cutting a torn last line, skipping unreadable lines with a warning. */
export function readRecords(file: string): ReadResult {
  if (!fs.existsSync(file)) return { lines: [], warnings: [] };
  const text = fs.readFileSync(file, 'utf8');
  const warnings: string[] = [];
  const lastNewline = text.lastIndexOf('\n');
  const complete = text.slice(0, lastNewline + 1);
  if (lastNewline + 1 < text.length) {
    warnings.push(`${file}: the last line (${text.length - lastNewline - 1} bytes) was cut short by an interrupted write; dropped it, its evaluation will run again`);
    fs.truncateSync(file, Buffer.byteLength(complete, 'utf8'));
  }
  const lines: StoredLine[] = [];
  complete.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      warnings.push(`${file}:${i + 1}: not JSON; skipped it, its evaluation will run again`);
      return;
    }
    const problem = lineProblem(parsed);
    if (problem) warnings.push(`${file}:${i + 1}: ${problem}; skipped it`);
    else lines.push(parsed as StoredLine);
  });
  return { lines, warnings };
}

function lineProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a record object';
  const o = v as Record<string, unknown>;
  if (typeof o.key !== 'string' || o.key === '') return 'no "key"';
  if (typeof o.method !== 'string' || typeof o.app !== 'string') return 'no "method" or "app"';
  if (typeof o.error === 'string') return undefined;
  if (typeof o.quality !== 'number' || !Number.isFinite(o.quality)) return `"quality" is ${JSON.stringify(o.quality)}, expected a finite number`;
  if (typeof o.compressionRatio !== 'number' || !(o.compressionRatio > 0)) return `"compressionRatio" is ${JSON.stringify(o.compressionRatio)}, expected a positive number`;
  return undefined;
}

/**
 * Appends one line with one write(2) on an O_APPEND descriptor, then fsyncs: an evaluation
 * takes seconds, so flushing each line costs nothing that shows, and a power cut keeps it too.
 */
export function appendRecord(file: string, line: StoredLine): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const bytes = Buffer.from(JSON.stringify(line) + '\n', 'utf8');
  const fd = fs.openSync(file, 'a');
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
