// `lossyml inspect IN.lml [--json]`: what a container holds, verified: checksums, the stored
// config against the rules of its format version, and a full decode, so that "OK" is never
// said of a file this lossyml cannot restore. A chunked container is checked chunk by chunk
// (one chunk in memory at a time), and its sizes and exact-value counts are summed over chunks.

import * as fs from 'node:fs';
import { openChunked } from '../../container/chunked';
import { decodeDataset, storedExactlyOf } from '../../container/pipeline';
import { unpackContainer } from '../../container/format';
import { formatNumber } from '../../display/text-table';
import { bytesPerValue } from '../../data/dataset';
import { parse } from '../args';
import { checkInputFile, isChunkedFile, readInputFile } from '../input';
import type { Io } from '../io';

export const summary = 'verify a container and print what it holds';

export const help = `lossyml inspect IN.lml [--json]
  Verifies a container (checksums, then a full decode) and prints its method, shape, sizes,
  the feature compression ratio, the whole file's ratio and the values stored exactly.
  A chunked container is decoded chunk by chunk; its counts are summed over the chunks.
  A container this lossyml cannot decode (damaged, or written by a newer lossyml) exits 1.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('inspect', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'one IN.lml' });
  if (values.help) return io.out(help), 0;
  const input = positionals[0];
  checkInputFile('inspect', 'IN.lml', input);
  if (isChunkedFile(input)) return inspectChunked(input, values.json === true, io);
  const bytes = readInputFile('inspect', 'IN.lml', input);
  const parsed = unpackContainer(bytes, input);
  await decodeDataset(bytes, input);
  const h = parsed.header;
  const originalBytes = h.originalRows * h.shape[1] * bytesPerValue(h.dtype);
  const storedBytes = parsed.totalBytes - parsed.targetBytes;
  // Format 1 stored the target raw, so its stored size is its plain size.
  const targetRawBytes = h.target ? (h.target.rawBytes ?? parsed.targetBytes) : 0;
  const storedExactly = storedExactlyOf(h.codecMeta);
  const summary = {
    file: input,
    format: parsed.major,
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
    targetRawBytes,
    compressionRatio: storedBytes > 0 ? originalBytes / storedBytes : null,
    fileRatio: (originalBytes + targetRawBytes) / parsed.totalBytes,
    storedExactly,
    codecMeta: h.codecMeta,
    streams: h.streams.length + (h.targetStream ? 1 : 0),
    columns: h.columns,
  };
  if (values.json) {
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  }
  const target = h.target ? `${h.target.name} (${h.target.kind}, exact, column ${h.target.index})` : 'none';
  const targetSize = h.targetStream ? `, target ${parsed.targetBytes} bytes (${targetRawBytes} as a plain column)` : '';
  io.out(
    [
      `${input}: lossyml container format ${parsed.major}, written by lossyml ${h.lossyml}, checksums OK, decodes`,
      `method      ${JSON.stringify(h.config)}`,
      `dataset     ${h.dataset.name}${h.dataset.source ? ` (${h.dataset.source})` : ''}`,
      `shape       ${h.shape[0]} rows${h.shape[0] !== h.originalRows ? ` (of ${h.originalRows})` : ''} x ${h.shape[1]} ${h.dtype} features`,
      `target      ${target}`,
      `size        ${parsed.totalBytes} bytes: ${h.streams.length} feature streams${targetSize}`,
      `ratio       ${summary.compressionRatio === null ? '-' : formatNumber(summary.compressionRatio)} features (feature bytes / stored bytes, target excluded); ${formatNumber(summary.fileRatio)} whole file`,
      ...(storedExactly > 0 ? [`exact       ${storedExactly} finite values the method could not represent, stored exactly`] : []),
    ].join('\n'),
  );
  return 0;
}

async function inspectChunked(input: string, json: boolean, io: Io): Promise<number> {
  const handle = await fs.promises.open(input, 'r');
  try {
    const reader = await openChunked(handle, input);
    const h = reader.header;
    const s = await reader.summarize();
    // Decode every chunk, one at a time, before saying OK.
    for (let start = 0; start < h.nRows; start += h.chunkRows) await reader.readRows(start, Math.min(h.nRows, start + h.chunkRows), { workers: 0 });
    const summary = {
      file: input,
      format: 'chunked',
      lossyml: h.lossyml,
      config: h.config,
      dataset: h.dataset,
      dtype: h.dtype,
      rows: h.nRows,
      features: h.nCols,
      target: h.target,
      chunks: reader.chunks.length,
      chunkRows: h.chunkRows,
      bytes: s.fileBytes,
      targetBytes: s.targetBytes,
      compressionRatio: s.compressionRatio,
      storedExactly: s.storedExactly,
      perChunk: s.perChunk,
      columns: h.columns,
    };
    if (json) {
      io.out(JSON.stringify(summary, null, 2));
      return 0;
    }
    const target = h.target ? `${h.target.name} (${h.target.kind}, exact, column ${h.target.index})` : 'none';
    io.out(
      [
        `${input}: chunked lossyml container, written by lossyml ${h.lossyml}, checksums OK, every chunk decodes`,
        `method      ${JSON.stringify(h.config)}`,
        `dataset     ${h.dataset.name}${h.dataset.source ? ` (${h.dataset.source})` : ''}`,
        `shape       ${h.nRows} rows x ${h.nCols} ${h.dtype} features, in ${reader.chunks.length} chunks of ${h.chunkRows} rows`,
        `target      ${target}`,
        `size        ${s.fileBytes} bytes${h.target ? `, target ${s.targetBytes} bytes` : ''}`,
        `ratio       ${s.compressionRatio === null ? '-' : formatNumber(s.compressionRatio)} features (feature bytes / stored bytes, target excluded)`,
        ...(s.storedExactly > 0 ? [`exact       ${s.storedExactly} finite values the method could not represent, stored exactly (summed over the chunks)`] : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    await handle.close();
  }
}
