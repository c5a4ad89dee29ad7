// Chunked containers on a table larger than memory should need: a float32 .npy generated on the
// fly in a temp folder (deleted afterwards), compressed and decompressed through the CLI's
// streaming path in a child process per run, so that each run's peak RSS (maxRSS, worker threads
// included) and CPU time are its own. Prints MB/s (wall and CPU), the 2-worker speedup and peak RSS.
//
//   npm run bench -- chunked                        1 GB and 4 GB (CHUNKED_SIZES=1e9,4e9)
//   CHUNKED_QUICK=1 npm run bench -- chunked        200 MB
//   CHUNKED_DIR=/big/disk CHUNKED_SIZES=8e9 ...     where the files go (default: the OS temp folder)
//   CHUNKED_METHODS=zstd,sz-rel ...                 only these methods (default: sz-rel, zfp-rel, zstd)
//
// A size needs about 3x its bytes free (input, container, restored copy); a smaller size is used,
// and said, when the disk has less. Wall-clock speedups mean something only on an idle machine:
// the load average is printed beside them.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy } from '@lossyml/sdk';
import { MB, fmt, printTable } from './common';

const COLS = 16;
const METHODS: { name: string; flags: string[] }[] = [
  { name: 'sz-rel 1e-3', flags: ['--method', 'sz-rel', '--bound', '1e-3'] },
  { name: 'zfp-rel 1e-3', flags: ['--method', 'zfp-rel', '--bound', '1e-3'] },
  { name: 'zstd', flags: ['--method', 'zstd'] },
];
const WORKERS = [1, 2];

/** CHUNKED_METHODS=zstd,sz-rel picks methods by the first word of their names; default all. */
function methods(): typeof METHODS {
  const wanted = process.env.CHUNKED_METHODS?.split(',').map((w) => w.trim());
  if (!wanted) return METHODS;
  const picked = METHODS.filter((m) => wanted.includes(m.name.split(' ')[0]));
  if (picked.length === 0) throw new Error(`CHUNKED_METHODS=${process.env.CHUNKED_METHODS}: expected some of ${METHODS.map((m) => m.name.split(' ')[0]).join(', ')}`);
  return picked;
}
const MAIN = path.resolve(__dirname, '..', '..', 'sdk', 'dist', 'cli', 'main.js');

function sizes(): number[] {
  if (process.env.CHUNKED_SIZES) {
    const s = process.env.CHUNKED_SIZES.split(',').map(Number);
    if (!s.every((x) => Number.isFinite(x) && x > 0)) throw new Error(`CHUNKED_SIZES=${process.env.CHUNKED_SIZES}: expected bytes, e.g. 1e9,4e9`);
    return s;
  }
  return process.env.CHUNKED_QUICK ? [200 * MB] : [1000 * MB, 4000 * MB];
}

/** Writes rows x COLS float32 in C order, block by block: smooth columns with seeded noise (an LCG, the same on any machine). */
function generate(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    const npyHead = npyHeader(rows);
    fs.writeSync(fd, npyHead);
    const block = 1 << 18;
    const buf = new Float32Array(block * COLS);
    let seed = 12345;
    for (let start = 0; start < rows; start += block) {
      const n = Math.min(block, rows - start);
      for (let i = 0; i < n; i++) {
        const r = start + i;
        for (let j = 0; j < COLS; j++) {
          seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
          buf[i * COLS + j] = (j + 1) * Math.sin(r / (50 + 13 * j)) + (seed / 2 ** 32 - 0.5) * 0.01 * (j % 4);
        }
      }
      fs.writeSync(fd, new Uint8Array(buf.buffer, 0, n * COLS * 4));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The .npy header of a rows x COLS float32 C-order array (encodeNpy's, without the values). */
function npyHeader(rows: number): Uint8Array {
  const one = encodeNpy(new Float32Array(COLS), [1, COLS]);
  const text = Buffer.from(one.subarray(10, one.length - COLS * 4)).toString('latin1').replace('(1, ', `(${rows}, `);
  const padded = text.trimEnd();
  const total = Math.ceil((10 + padded.length + 1) / 64) * 64;
  const body = padded.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + body.length);
  out.set(one.subarray(0, 8), 0);
  new DataView(out.buffer).setUint16(8, body.length, true);
  out.set(Buffer.from(body, 'latin1'), 10);
  return out;
}

interface Run {
  wall: number;
  cpu: number;
  maxRssMB: number;
}

/** Runs the CLI in a child process; its exit report gives its CPU time and peak RSS. */
function lossyml(args: string[]): Run {
  const code = `const { main } = require(${JSON.stringify(MAIN)});
main(process.argv.slice(1)).then((c) => {
  const r = process.resourceUsage();
  process.stderr.write('\\nBENCH ' + JSON.stringify({ code: c, maxRSS: r.maxRSS, cpu: (r.userCPUTime + r.systemCPUTime) / 1e6 }) + '\\n');
  process.exit(c);
});`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /BENCH (\{.*\})/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`lossyml ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  const rep = JSON.parse(m[1]) as { maxRSS: number; cpu: number };
  return { wall, cpu: rep.cpu, maxRssMB: (rep.maxRSS * 1024) / MB };
}

function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

function main(): void {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm run build first`);
  const base = process.env.CHUNKED_DIR ?? os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'lossyml-chunked-bench-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    // What the CLI costs before any data: loading the SDK (tfjs included) is most of a small run's RSS.
    const idle = lossyml(['reducers']);
    console.log(`baseline: \`lossyml reducers\` peaks at ${fmt(idle.maxRssMB)} MB RSS and takes ${fmt(idle.cpu)} CPU s`);
    for (const wanted of sizes()) {
      const free = freeBytes(dir);
      let bytes = wanted;
      if (free < 3 * wanted) {
        bytes = Math.floor(free / 3 / (COLS * 4 * 1024)) * COLS * 4 * 1024;
        console.log(`${dir}: ${fmt(free / MB)} MB free, less than 3 x ${fmt(wanted / MB)} MB: using ${fmt(bytes / MB)} MB instead`);
        if (bytes <= 0) continue;
      }
      const rows = Math.floor(bytes / (COLS * 4));
      const input = path.join(dir, 'table.npy');
      generate(input, rows);
      const inBytes = rows * COLS * 4;
      const out: (string | number)[][] = [];
      for (const m of methods()) {
        const byWorkers: Run[][] = [];
        let fileBytes = 0;
        for (const w of WORKERS) {
          const lmlc = path.join(dir, 'table.lmlc');
          const back = path.join(dir, 'back.npy');
          const c = lossyml(['compress', input, '-o', lmlc, ...m.flags, '--workers', String(w), '--force']);
          fileBytes = fs.statSync(lmlc).size;
          const d = lossyml(['decompress', lmlc, '-o', back, '--workers', String(w), '--force']);
          fs.rmSync(back, { force: true });
          fs.rmSync(lmlc, { force: true });
          byWorkers.push([c, d]);
        }
        for (const [k, what] of ['compress', 'decompress'].entries()) {
          const one = byWorkers[0][k];
          const two = byWorkers[1][k];
          out.push([
            m.name,
            what,
            k === 0 ? fmt(inBytes / fileBytes) : '',
            mbps(inBytes, one.wall),
            mbps(inBytes, one.cpu),
            fmt(one.maxRssMB),
            mbps(inBytes, two.wall),
            fmt(two.maxRssMB),
            fmt(one.wall / two.wall) + 'x',
          ]);
        }
      }
      // The same input through the single-container path, which holds the whole table: what streaming saves.
      // Past 2 GiB one read cannot hold the file, and the single-container path refuses it.
      if (inBytes < 2 ** 31) {
        const whole = lossyml(['compress', input, '-o', path.join(dir, 'one.lml'), '--method', 'zstd', '--force']);
        fs.rmSync(path.join(dir, 'one.lml'), { force: true });
        console.log(`\nsingle container (whole table in memory), zstd compress: peak RSS ${fmt(whole.maxRssMB)} MB, ${mbps(inBytes, whole.wall)} MB/s wall`);
      } else {
        console.log(`\nsingle container (whole table in memory): not run, ${fmt(inBytes / MB)} MB is past the 2 GiB one read can hold (the CLI refuses it by name)`);
      }
      printTable(
        `${rows} x ${COLS} float32 .npy (${fmt(inBytes / MB)} MB), chunks of the default ~4 MB; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`,
        ['method', 'step', 'ratio', '1w MB/s wall', '1w MB/s CPU', '1w peak RSS MB', '2w MB/s wall', '2w peak RSS MB', '2w speedup (wall)'],
        out,
      );
      fs.rmSync(input, { force: true });
    }
  } finally {
    cleanup();
  }
}

const mbps = (bytes: number, s: number) => fmt(bytes / MB / s);

main();
