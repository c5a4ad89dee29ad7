// The exact target column in a container. Format 1 stored it raw (float64 values, or the labels
// as a JSON list), which could be most of the file; format 2 codes it losslessly: a numeric
// target as its float64 bytes, a label target as a dictionary of distinct labels and one varint
// code per row, the body framed by the stream envelope (length, CRC-32, zstd level 3 when it
// saves). Choices measured (README, "The container"): a byte shuffle made both numeric targets
// tried larger; zstd 19 saved 11% on casp's target at 8x the time of level 3.

import type { Target } from '../data/dataset';
import { bytesOf, floatsFrom } from '../reducers/layout';
import { ByteReader, ByteWriter } from '../reducers/entropy/bytes';
import { openStream, sealStream } from '../reducers/entropy/envelope';
import { FormatError } from '../util/errors';

const TAG = 'LMLT';
const ZSTD_LEVEL = 3;
const NUMERIC = 0;
const LABEL = 1;
/** The body's second byte, a coding variant: 0 is the only one so far. */
const PLAIN = 0;

export interface TargetInfo {
  name: string;
  kind: 'numeric' | 'label';
  /** 0-based position among the input's columns. */
  index: number;
}

/** The target as a plain column: 8 bytes per numeric value, or each label's UTF-8 bytes and a separator. */
export function rawTargetBytes(t: Target): number {
  if (t.kind === 'numeric') return t.values.length * 8;
  const enc = new TextEncoder();
  let n = 0;
  for (const v of t.values) n += enc.encode(v).length + 1;
  return n;
}

/** Format 2's target stream. */
export async function encodeTarget(t: Target): Promise<Uint8Array> {
  if (t.kind === 'numeric') {
    return seal(NUMERIC, bytesOf(t.values));
  }
  const codes = new Map<string, number>();
  const w = new ByteWriter();
  const order: string[] = [];
  const codeOf = new Uint32Array(t.values.length);
  t.values.forEach((v, i) => {
    let c = codes.get(v);
    if (c === undefined) {
      c = order.length;
      codes.set(v, c);
      order.push(v);
    }
    codeOf[i] = c;
  });
  const enc = new TextEncoder();
  w.varint(order.length);
  for (const label of order) {
    const b = enc.encode(label);
    w.varint(b.length);
    w.bytes(b);
  }
  for (let i = 0; i < codeOf.length; i++) w.varint(codeOf[i]);
  return seal(LABEL, w.finish());
}

async function seal(kind: number, payload: Uint8Array): Promise<Uint8Array> {
  const body = new Uint8Array(2 + payload.length);
  body[0] = kind;
  body[1] = PLAIN;
  body.set(payload, 2);
  return sealStream(TAG, body, ZSTD_LEVEL);
}

/** Decodes a target stream of format `major` (1: raw, 2: coded) holding nRows values. */
export async function decodeTarget(bytes: Uint8Array, info: TargetInfo, nRows: number, major: number, what: string): Promise<Target> {
  const where = `${what}: target ${info.name}`;
  if (major === 1) return decodeRawTarget(bytes, info, nRows, where);
  // An honest body is at most 2 bytes of kind and layout plus 8 per value, or 5 per code and the labels.
  const body = await openStream(TAG, bytes, 2 + 16 * nRows + 64 * 1024 * 1024);
  const r = new ByteReader(body, where);
  const kind = r.u8();
  const variant = r.u8();
  if (kind !== (info.kind === 'numeric' ? NUMERIC : LABEL)) throw new FormatError(`${where}: stream holds kind ${kind}, header says ${info.kind}`);
  if (variant !== PLAIN) throw new FormatError(`${where}: unknown coding variant ${variant}`);
  if (kind === NUMERIC) return { name: info.name, kind: 'numeric', values: floatsFrom(body.subarray(2), 'float64', nRows, where) as Float64Array };
  const count = r.varint();
  if (count > nRows) throw new FormatError(`${where}: ${count} distinct labels for ${nRows} rows`);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const labels: string[] = [];
  for (let k = 0; k < count; k++) {
    try {
      labels.push(dec.decode(r.bytes(r.varint())));
    } catch (e) {
      if (e instanceof FormatError) throw e;
      throw new FormatError(`${where}: label ${k} is not valid UTF-8`);
    }
  }
  const values = new Array<string>(nRows);
  for (let i = 0; i < nRows; i++) {
    const c = r.varint();
    if (c >= count) throw new FormatError(`${where}: row ${i} has label code ${c} of ${count}`);
    values[i] = labels[c];
  }
  if (r.remaining !== 0) throw new FormatError(`${where}: ${r.remaining} bytes after the last row`);
  return { name: info.name, kind: 'label', values };
}

function decodeRawTarget(bytes: Uint8Array, info: TargetInfo, nRows: number, where: string): Target {
  if (info.kind === 'numeric') return { name: info.name, kind: 'numeric', values: floatsFrom(bytes, 'float64', nRows, where) as Float64Array };
  let values: unknown;
  try {
    values = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError(`${where} is not a valid label list`);
  }
  if (!Array.isArray(values) || values.length !== nRows || !values.every((v) => typeof v === 'string')) {
    throw new FormatError(`${where} does not hold ${nRows} string labels`);
  }
  return { name: info.name, kind: 'label', values: values as string[] };
}
