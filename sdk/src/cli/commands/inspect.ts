// `lossyml inspect IN.lml [--json]`: what a container holds, verified (checksums included)
// but not decoded.

import { unpackContainer } from '../../container/format';
import { formatNumber } from '../../display/text-table';
import { bytesPerValue } from '../../data/dataset';
import { parse } from '../args';
import { readInputFile } from '../input';
import type { Io } from '../io';

export const summary = 'verify a container and print what it holds';

export const help = `lossyml inspect IN.lml [--json]
  Verifies a container's checksums and prints its method, shape, sizes and ratio.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('inspect', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'one IN.lml' });
  if (values.help) return io.out(help), 0;
  const input = positionals[0];
  const parsed = unpackContainer(readInputFile('inspect', 'IN.lml', input), input);
  const h = parsed.header;
  const originalBytes = h.originalRows * h.shape[1] * bytesPerValue(h.dtype);
  const storedBytes = parsed.totalBytes - parsed.targetBytes;
  const summary = {
    file: input,
    lossyml: h.lossyml,
    config: h.config,
    dataset: h.dataset,
    dtype: h.dtype,
    rows: h.shape[0],
    originalRows: h.originalRows,
    features: h.shape[1],
    target: h.target,
    bytes: parsed.totalBytes,
    targetBytes: parsed.targetBytes,
    compressionRatio: storedBytes > 0 ? originalBytes / storedBytes : null,
    streams: h.streams.length + (h.targetStream ? 1 : 0),
    columns: h.columns,
  };
  if (values.json) {
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  }
  const target = h.target ? `${h.target.name} (${h.target.kind}, exact, column ${h.target.index})` : 'none';
  io.out(
    [
      `${input}: lossyml container, written by lossyml ${h.lossyml}, checksums OK`,
      `method      ${JSON.stringify(h.config)}`,
      `dataset     ${h.dataset.name}${h.dataset.source ? ` (${h.dataset.source})` : ''}`,
      `shape       ${h.shape[0]} rows${h.shape[0] !== h.originalRows ? ` (of ${h.originalRows})` : ''} x ${h.shape[1]} ${h.dtype} features`,
      `target      ${target}`,
      `size        ${parsed.totalBytes} bytes: ${h.streams.length} feature streams${h.targetStream ? `, target ${parsed.targetBytes} bytes` : ''}`,
      `ratio       ${summary.compressionRatio === null ? '-' : formatNumber(summary.compressionRatio)} (feature bytes / stored bytes, target excluded)`,
    ].join('\n'),
  );
  return 0;
}
