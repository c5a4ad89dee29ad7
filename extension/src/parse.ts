// Checks a bundle's payload once, at the edge, before any renderer reads it. tslab may send a
// `+json` MIME type as a JSON string or as an object (../shared/jupyterlab-notes.md), so both
// are accepted. Errors name the field, the value and what was expected.

import { PAYLOAD_VERSION, type FrontPayload, type MethodFlag, type RecordRow, type TablePayload } from '@lossyml/sdk/display';

export class PayloadError extends Error {}

type Json = { [key: string]: unknown };

export function parseFrontPayload(data: unknown): FrontPayload {
  const o = common(data, 'front');
  const records = rows(o.records, 'records');
  return {
    ...(o as unknown as FrontPayload),
    records,
    frontByRatio: keys(o.frontByRatio, 'frontByRatio'),
    frontByThroughput: keys(o.frontByThroughput ?? [], 'frontByThroughput'),
    flags: flags(o.flags ?? []),
    threshold: optionalNumber(o.threshold, 'threshold'),
  };
}

export function parseTablePayload(data: unknown): TablePayload {
  const o = common(data, 'table');
  return {
    ...(o as unknown as TablePayload),
    rows: rows(o.rows, 'rows'),
    paretoKeys: keys(o.paretoKeys, 'paretoKeys'),
  };
}

function common(data: unknown, what: string): Json {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new PayloadError(`the ${what} payload is a string that is not JSON (${(e as Error).message})`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PayloadError(`the ${what} payload: got ${kindOf(value)}, expected a JSON object`);
  }
  const o = value as Json;
  if (o.version !== PAYLOAD_VERSION) {
    throw new PayloadError(`version: got ${show(o.version)}, expected ${PAYLOAD_VERSION} (a newer lossyml wrote this output?)`);
  }
  for (const field of ['app', 'metric', 'status'] as const) {
    if (typeof o[field] !== 'string') throw new PayloadError(`${field}: got ${show(o[field])}, expected a string`);
  }
  if (typeof o.higherIsBetter !== 'boolean') throw new PayloadError(`higherIsBetter: got ${show(o.higherIsBetter)}, expected true or false`);
  if (o.progress !== undefined) {
    const p = o.progress as Json | null;
    if (p === null || typeof p !== 'object' || !isCount(p.done) || !isCount(p.total)) {
      throw new PayloadError(`progress: got ${show(o.progress)}, expected {done, total} with counts`);
    }
  }
  return o;
}

function rows(value: unknown, field: string): RecordRow[] {
  if (!Array.isArray(value)) throw new PayloadError(`${field}: got ${kindOf(value)}, expected an array of records`);
  for (let i = 0; i < value.length; i++) row(value[i], `${field}[${i}]`);
  return value as RecordRow[];
}

function row(value: unknown, where: string): void {
  if (value === null || typeof value !== 'object') throw new PayloadError(`${where}: got ${kindOf(value)}, expected a record object`);
  const r = value as Json;
  for (const f of ['key', 'method'] as const) {
    if (typeof r[f] !== 'string') throw new PayloadError(`${where}.${f}: got ${show(r[f])}, expected a string`);
  }
  for (const f of ['quality', 'compressionRatio'] as const) {
    if (typeof r[f] !== 'number') throw new PayloadError(`${where}.${f}: got ${show(r[f])}, expected a number`);
  }
  if (r.config === null || typeof r.config !== 'object') throw new PayloadError(`${where}.config: got ${show(r.config)}, expected an object`);
  optionalNumber(r.decompressMBps, `${where}.decompressMBps`);
  optionalNumber(r.seed, `${where}.seed`);
  if (r.param !== undefined) {
    const p = r.param as Json | null;
    if (p === null || typeof p !== 'object' || typeof p.name !== 'string' || typeof p.value !== 'number') {
      throw new PayloadError(`${where}.param: got ${show(r.param)}, expected {name, value}`);
    }
  }
}

function keys(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((k) => typeof k === 'string')) {
    throw new PayloadError(`${field}: got ${show(value)}, expected an array of record keys`);
  }
  return value;
}

function flags(value: unknown): MethodFlag[] {
  if (!Array.isArray(value)) throw new PayloadError(`flags: got ${show(value)}, expected an array`);
  value.forEach((f: unknown, i) => {
    const o = f as Json | null;
    if (o === null || typeof o !== 'object' || typeof o.method !== 'string' || typeof o.detail !== 'string' || (o.kind !== 'threshold' && o.kind !== 'non-monotonic')) {
      throw new PayloadError(`flags[${i}]: got ${show(f)}, expected {method, kind: 'threshold' | 'non-monotonic', detail}`);
    }
  });
  return value as MethodFlag[];
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new PayloadError(`${field}: got ${show(value)}, expected a number`);
  return value;
}

function isCount(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

function kindOf(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `${typeof x} ${show(x)}`;
}

function show(x: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(x) ?? String(x);
  } catch {
    s = String(x);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
