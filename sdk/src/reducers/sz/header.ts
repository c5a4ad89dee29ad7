// The SZ stream's header: the block's shape and working domain, then one record per column
// (its predictor and parameters). Reading validates every field against the shape, so a
// damaged header is refused before any value is decoded.

import { FormatError } from '../../util/errors';
import type { ByteReader, ByteWriter } from '../entropy/bytes';
import { MAX_TOKEN } from '../entropy/symbols';
import { GROUPS } from './groups';
import { KIND_CONST, MAX_REGRESSORS, PRED_LINEAR, PRED_LORENZO2, PRED_NONE, PRED_PLANE, constSpec, linearSpec, plainSpec, type ColumnSpec, type PlainSpec } from './spec';

/**
 * Version 2: each column learns its own token statistics (maxToken per column). Version 3,
 * written for tables wider than the planner's WIDE columns: columns share the statistics of
 * their token group (groups.ts), stored per column in place of maxToken. Version 4, which
 * replaces version 3 in the writer (version 3 streams still decode): the same groups, coded
 * in segments of columns against counted tables by a static rANS coder (segments.ts).
 */
export const FORMAT_VERSION = 2;
export const FORMAT_VERSION_GROUPED = 3;
export const FORMAT_VERSION_SEGMENTED = 4;
/** Whether columns of this version store their token group (versions 3 and 4) rather than their largest token. */
export function grouped(version: StreamHeader['version']): boolean {
  return version !== FORMAT_VERSION;
}
export const FLAG_F32 = 1;
export const FLAG_LOG = 2;

export interface StreamHeader {
  version: typeof FORMAT_VERSION | typeof FORMAT_VERSION_GROUPED | typeof FORMAT_VERSION_SEGMENTED;
  flags: number;
  nRows: number;
  nCols: number;
  /** sz-pwrel's relative bound (FLAG_LOG only). */
  relBound: number;
}

export function writeHeader(w: ByteWriter, h: StreamHeader): void {
  w.u8(h.version);
  w.u8(h.flags);
  w.varint(h.nRows);
  w.varint(h.nCols);
  if (h.flags & FLAG_LOG) w.f64(h.relBound);
}

export function readHeader(r: ByteReader): StreamHeader {
  const version = r.u8();
  if (version !== FORMAT_VERSION && version !== FORMAT_VERSION_GROUPED && version !== FORMAT_VERSION_SEGMENTED) {
    throw new FormatError(`sz stream: format version ${version}, this build reads ${FORMAT_VERSION}, ${FORMAT_VERSION_GROUPED} and ${FORMAT_VERSION_SEGMENTED}`);
  }
  const flags = r.u8();
  if (flags & ~(FLAG_F32 | FLAG_LOG)) throw new FormatError(`sz stream: unknown flags ${flags}`);
  const nRows = r.varint();
  const nCols = r.varint();
  const relBound = flags & FLAG_LOG ? r.f64() : 0;
  if (flags & FLAG_LOG && !(relBound > 0 && relBound < 1)) throw new FormatError(`sz stream: relative bound ${relBound} out of (0, 1)`);
  return { version: version as StreamHeader['version'], flags, nRows, nCols, relBound };
}

export function writeSpec(w: ByteWriter, s: ColumnSpec, version: StreamHeader['version']): void {
  w.u8(s.kind);
  if (s.kind === KIND_CONST) {
    w.f64(s.value);
    return;
  }
  w.f64(s.eb);
  w.f64(s.origin);
  w.varint(grouped(version) ? s.group : s.maxToken);
  if (s.kind === PRED_LINEAR) {
    w.u8(s.regs.length);
    for (let k = 0; k < s.regs.length; k++) {
      w.varint(s.regs[k]);
      w.f64(s.coefs[k]);
    }
    w.f64(s.intercept);
  }
}

export function readSpec(r: ByteReader, j: number, version: StreamHeader['version']): ColumnSpec {
  const kind = r.u8();
  if (kind === KIND_CONST) return constSpec(r.f64());
  if (kind < PRED_NONE || kind > PRED_PLANE) throw new FormatError(`sz stream: column ${j} has unknown predictor ${kind}`);
  const eb = r.f64();
  const origin = r.f64();
  if (!(eb >= 0 && eb < Infinity) || !Number.isFinite(origin)) throw new FormatError(`sz stream: column ${j} has bound ${eb} and origin ${origin}`);
  if (kind === PRED_LORENZO2 && j === 0) throw new FormatError('sz stream: column 0 cannot use the 2-D Lorenzo predictor');
  let maxToken = 0;
  let group = 0;
  if (grouped(version)) {
    group = r.varint();
    if (group >= GROUPS) throw new FormatError(`sz stream: column ${j} has token group ${group} of ${GROUPS}`);
  } else {
    maxToken = r.varint();
    if (maxToken > MAX_TOKEN) throw new FormatError(`sz stream: column ${j} has largest token ${maxToken}`);
  }
  if (kind !== PRED_LINEAR) return { ...plainSpec(kind as PlainSpec['kind'], eb, origin), maxToken, group };
  const k = r.u8();
  if (k < 1 || k > MAX_REGRESSORS) throw new FormatError(`sz stream: column ${j} has ${k} regressors`);
  const regs: number[] = [];
  const coefs: number[] = [];
  for (let p = 0; p < k; p++) {
    const reg = r.varint();
    if (reg >= j) throw new FormatError(`sz stream: column ${j} is predicted from column ${reg}, not an earlier one`);
    regs.push(reg);
    coefs.push(r.f64());
  }
  return { ...linearSpec(eb, origin, { regs, coefs, intercept: r.f64() }), maxToken, group };
}
