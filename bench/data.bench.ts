// The data layer's speed: CSV parsing (the brief's targets: casp and the Superconductor partial
// well under a second, a full-size Superconductor of 21263 x 82 in about one), CSV writing,
// .npy, and the synthetic generators. Best of several runs; the machine is shared, so +-20%.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { formatCsv, parseCsv, parseCsvBytes, encodeNpy, parseNpy, syntheticTabular, syntheticWide } from '@lossyml/sdk';
import { bestSeconds, dataDir, mbPerSecond, printTable, ratio } from './common';

async function main(): Promise<void> {
  const dir = dataDir();
  const rows: (string | number)[][] = [];
  const csvCase = async (label: string, bytes: Uint8Array, target: string, anchorSeconds: number) => {
    const s = await bestSeconds(() => parseCsvBytes(bytes, { target }, label), 5);
    const ds = parseCsvBytes(bytes, { target }, label);
    rows.push([label, `${ds.nRows} x ${ds.nCols + 1}`, s, mbPerSecond(bytes.length, s), anchorSeconds, ratio(s, anchorSeconds)]);
  };
  await csvCase('casp (CASP.csv)', zlib.gunzipSync(fs.readFileSync(path.join(dir, 'casp', 'CASP.csv.gz'))), 'RMSD', 1);
  await csvCase('superconductor partial', zlib.gunzipSync(fs.readFileSync(path.join(dir, 'superconductor', 'test_set.csv.gz'))), 'critical_temp', 1);
  // A full-size stand-in: the synthetic table at Superconductor's size, 82 columns, values at full precision.
  const full = syntheticTabular({ rows: 21263, constantColumns: 0 });
  const fullCsv = formatCsv(full);
  await csvCase('synthetic 21263 x 82 (17-digit values)', fullCsv, 'critical_temp', 1);
  // The same table rounded to 10 significant digits, as the real Superconductor files are.
  const rounded = Buffer.from(Buffer.from(fullCsv).toString('latin1').replace(/(\d\.\d{9})\d+/g, '$1'), 'latin1');
  await csvCase('synthetic 21263 x 82 (10-digit values)', rounded, 'critical_temp', 1);
  printTable('CSV parse (seconds; anchor = the brief\'s target)', ['input', 'shape', 'seconds', 'MB/s', 'target s', 'ours/target'], rows);

  const w = await bestSeconds(() => formatCsv(full), 3);
  const npy = encodeNpy(new Float64Array(full.nRows * full.nCols), [full.nRows, full.nCols]);
  const r = await bestSeconds(() => parseNpy(npy), 5);
  const text = Buffer.from(fullCsv).toString('utf8');
  const viaString = await bestSeconds(() => parseCsv(text, { target: 'critical_temp' }), 3);
  printTable('Other paths', ['what', 'seconds', 'MB/s'], [
    ['formatCsv 21263 x 82', w, mbPerSecond(fullCsv.length, w)],
    ['parseCsv from a JS string 21263 x 82', viaString, mbPerSecond(fullCsv.length, viaString)],
    ['parseNpy 21263 x 81 float64', r, mbPerSecond(npy.length, r)],
  ]);

  const g1 = await bestSeconds(() => syntheticTabular(), 3);
  const g2 = await bestSeconds(() => syntheticWide(), 3);
  const g3 = await bestSeconds(() => syntheticWide({ rows: 1120, cols: 6048 }), 1, false);
  printTable('Synthetic generators', ['call', 'seconds', 'values/s'], [
    ['syntheticTabular() 2000 x 84', g1, (2000 * 84) / g1],
    ['syntheticWide() 256 x 2000', g2, (256 * 2000) / g2],
    ['syntheticWide 1120 x 6048 (NT3 rows, 1/10 of its columns)', g3, (1120 * 6048) / g3],
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
