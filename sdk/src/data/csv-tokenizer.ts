// RFC 4180 fields scanned over raw bytes: one field per call, its bounds left in fields of the
// tokenizer (no string or object per cell), so a reader decides which cells become text.
// Unquoted fields are trimmed of spaces (UCI files pad numbers: "   125"); CRLF ends a line too,
// and so does a lone CR (classic Mac files) once lineEndingsToLf has made it an LF.

import { DataError } from '../util/errors';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;

export class CsvTokenizer {
  /** Bounds of the last field read, quotes removed (escaped quotes still doubled inside). */
  start = 0;
  end = 0;
  /** The last field was quoted and holds doubled quotes, so its text needs unescaping. */
  escaped = false;
  quoted = false;
  /** The last field ended its record (a newline or the end of the input followed it). */
  endOfRecord = false;
  /** 1-based line on which the current record started, for error messages. */
  recordLine = 1;
  private pos = 0;
  private line = 1;

  /** `firstLine`: the file line `bytes` start on (a streaming reader's later pieces start past 1). */
  constructor(
    readonly bytes: Uint8Array,
    readonly delimiter: number,
    private readonly where: string,
    firstLine = 1,
  ) {
    this.line = firstLine;
    this.recordLine = firstLine;
    if (firstLine === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3; // UTF-8 BOM
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Skips blank lines; true when another record follows. */
  nextRecord(): boolean {
    const b = this.bytes;
    for (;;) {
      let p = this.pos;
      while (p < b.length && (b[p] === SPACE || b[p] === CR)) p++;
      if (p >= b.length) {
        this.pos = p;
        return false;
      }
      if (b[p] !== LF) break;
      this.pos = p + 1;
      this.line++;
    }
    this.recordLine = this.line;
    return true;
  }

  /** Reads the next field of the current record. */
  readField(): void {
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    while (p < n && b[p] === SPACE) p++;
    if (p < n && b[p] === QUOTE) {
      this.readQuoted(p + 1);
      return;
    }
    this.quoted = false;
    this.escaped = false;
    const start = p;
    const delim = this.delimiter;
    while (p < n) {
      const c = b[p];
      if (c === delim || c === LF) break;
      p++;
    }
    let end = p;
    while (end > start && (b[end - 1] === SPACE || b[end - 1] === CR)) end--;
    this.start = start;
    this.end = end;
    this.finish(p);
  }

  private readQuoted(from: number): void {
    const b = this.bytes;
    const n = b.length;
    let p = from;
    let escaped = false;
    const opened = this.line;
    for (;;) {
      if (p >= n) throw new DataError(`${this.where}: line ${opened}: a quoted field opened here never closes`);
      const c = b[p];
      if (c === QUOTE) {
        if (p + 1 < n && b[p + 1] === QUOTE) {
          escaped = true;
          p += 2;
          continue;
        }
        break;
      }
      if (c === LF) this.line++;
      p++;
    }
    this.start = from;
    this.end = p;
    this.quoted = true;
    this.escaped = escaped;
    p++;
    while (p < n && (b[p] === SPACE || b[p] === CR)) p++;
    if (p < n && b[p] !== this.delimiter && b[p] !== LF) {
      throw new DataError(`${this.where}: line ${this.line}: text after the closing quote of a field (${JSON.stringify(String.fromCharCode(b[p]))})`);
    }
    this.finish(p);
  }

  /** Steps over the delimiter or newline at p and notes whether the record ended. */
  private finish(p: number): void {
    const b = this.bytes;
    if (p >= b.length) {
      this.endOfRecord = true;
      this.pos = p;
    } else if (b[p] === LF) {
      this.endOfRecord = true;
      this.pos = p + 1;
      this.line++;
    } else {
      this.endOfRecord = false;
      this.pos = p + 1;
    }
  }

  /** The last field as text (UTF-8), escaped quotes undone. */
  text(): string {
    const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.start, this.end - this.start).toString('utf8');
    return this.escaped ? s.replace(/""/g, '"') : s;
  }

  /** Fields in the record about to be read, without consuming them. */
  peekFieldCount(): number {
    const saved = [this.pos, this.line] as const;
    let count = 0;
    do {
      this.readField();
      count++;
    } while (!this.endOfRecord);
    [this.pos, this.line] = saved;
    this.endOfRecord = false;
    return count;
  }

  /** Skips the rest of the current record (after an error was noted, or a header). */
  fieldsLeftInRecord(): number {
    let count = 0;
    while (!this.endOfRecord) {
      this.readField();
      count++;
    }
    return count;
  }
}

/** Upper bound on the records in bytes: one per newline, plus a last line without one. */
export function countLines(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let count = 0;
  let p = buf.indexOf(LF);
  while (p !== -1) {
    count++;
    p = buf.indexOf(LF, p + 1);
  }
  return count + 1;
}

/**
 * The bytes with every CR that is not followed by an LF turned into an LF (old Mac line endings),
 * or the same bytes, uncopied, when there is none (LF and CRLF files).
 */
export function lineEndingsToLf(bytes: Uint8Array): Uint8Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let p = buf.indexOf(CR);
  while (p !== -1 && buf[p + 1] === LF) p = buf.indexOf(CR, p + 2);
  if (p === -1) return bytes;
  const out = Uint8Array.from(bytes);
  for (; p < out.length; p++) if (out[p] === CR && out[p + 1] !== LF) out[p] = LF;
  return out;
}

/**
 * Where the last complete record of `bytes` ends (just after its newline), -1 when none does;
 * `bytes` start at a record's start. Quotes open a field only at its start, as readField reads
 * them, so a newline inside quotes never counts. A quote in the last byte might be the first of
 * a doubled pair: the record is left for the next piece.
 */
export function lastRecordEnd(bytes: Uint8Array, delimiter: number): number {
  const n = bytes.length;
  let last = -1;
  let p = 0;
  while (p < n) {
    while (p < n && bytes[p] === SPACE) p++;
    if (p < n && bytes[p] === QUOTE) {
      p++;
      for (;;) {
        const q = bytes.indexOf(QUOTE, p);
        if (q < 0 || q + 1 >= n) return last;
        if (bytes[q + 1] === QUOTE) p = q + 2;
        else {
          p = q + 1;
          break;
        }
      }
    }
    while (p < n && bytes[p] !== delimiter && bytes[p] !== LF) p++;
    if (p >= n) return last;
    if (bytes[p] === LF) last = p + 1;
    p++;
  }
  return last;
}
