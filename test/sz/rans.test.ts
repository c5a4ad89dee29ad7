// The static rANS coder of SZ stream version 4: exact round trips of symbols and raw bits
// interleaved, code lengths close to the counted entropy (an independent expectation, not
// captured output), table normalization, and refusal of broken tables and streams.
import { DecodeTable, EncodeTable, RANS_TOTAL, RansDecoder, RansEncoder, normalizeCounts } from '@lossyml/sdk/reducers/entropy/rans';
import { Rng } from '@lossyml/sdk/data/dataset';
import { FormatError } from '@lossyml/sdk/util/errors';

/** n symbols from a geometric-like distribution over an alphabet of a, and its counts. */
function source(seed: number, n: number, a: number, decay: number): { syms: Int32Array; counts: Int32Array } {
  const rng = new Rng(seed);
  const syms = new Int32Array(n);
  const counts = new Int32Array(a);
  for (let i = 0; i < n; i++) {
    let s = 0;
    while (s < a - 1 && rng.next() < decay) s++;
    syms[i] = s;
    counts[s]++;
  }
  return { syms, counts };
}

function entropyBits(counts: Int32Array): number {
  const n = counts.reduce((x, y) => x + y, 0);
  let bits = 0;
  for (const c of counts) if (c > 0) bits += c * Math.log2(n / c);
  return bits;
}

describe('normalizeCounts', () => {
  test.each([
    [[5], 1],
    [[1, 0, 0, 3], 4],
    [Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 1 : 0)), 1000],
    [Array.from({ length: 9000 }, (_, i) => (i === 0 ? 1_000_000 : 1)), 9000],
  ])('counts %#: frequencies sum to the total, every counted symbol >= 1, uncounted 0', (counts, n) => {
    const freq = new Int32Array(n);
    expect(normalizeCounts(counts, n, freq)).toBe(true);
    expect(freq.reduce((a, b) => a + b, 0)).toBe(RANS_TOTAL);
    counts.forEach((c, s) => expect([s, c > 0 ? freq[s] >= 1 : freq[s] === 0]).toEqual([s, true]));
  });

  test('nothing counted gives no table', () => {
    expect(normalizeCounts([0, 0], 2, new Int32Array(2))).toBe(false);
  });
});

describe('rANS', () => {
  test.each([
    [1, 50_000, 64, 0.5],
    [2, 50_000, 512, 0.97],
    [3, 20_000, 2, 0.01],
    [4, 10_000, 1, 0],
  ])('seed %i: %i symbols of %i with raw bits between them round-trip, within 1%% of the counted entropy', (seed, n, a, decay) => {
    const { syms, counts } = source(seed, n, a, decay);
    const freq = new Int32Array(a);
    normalizeCounts(counts, a, freq);
    const et = new EncodeTable(freq);
    const rng = new Rng(seed + 100);
    const rawN = Int32Array.from({ length: n }, () => Math.floor(rng.next() * 15));
    const raw = Int32Array.from({ length: n }, (_, i) => Math.floor(rng.next() * (1 << rawN[i])));
    const enc = new RansEncoder(16);
    // Symbol i and its raw bits in lane i & 1 (value by value, as SZ's segments do).
    for (let i = n - 1; i >= 0; i--) {
      enc.putBits(raw[i], rawN[i], i & 1);
      enc.put(et.cum[syms[i]], et.freq[syms[i]], i & 1);
    }
    const bytes = enc.finish();
    const dt = new DecodeTable(freq, 'test');
    const dec = new RansDecoder(bytes, 0, bytes.length);
    for (let i = 0; i < n; i++) {
      const s = dec.get(dt, i & 1);
      const r = dec.getBits(rawN[i], i & 1);
      if (s !== syms[i] || r !== raw[i]) throw new Error(`seed ${seed}: value ${i} decoded as ${s}/${r}, was ${syms[i]}/${raw[i]}`);
    }
    expect(() => dec.finish('test')).not.toThrow();
    const ideal = entropyBits(counts) + rawN.reduce((x, y) => x + y, 0);
    expect(bytes.length * 8).toBeLessThanOrEqual(ideal * 1.01 + 64);
  });

  test('a table whose frequencies do not sum to the total is refused', () => {
    expect(() => new DecodeTable(Int32Array.from([RANS_TOTAL - 1]), 'group 3')).toThrow(/group 3: frequencies sum to 16383, not 16384/);
    expect(() => new DecodeTable(Int32Array.from([RANS_TOTAL, 1]), 'group 3')).toThrow(FormatError);
  });

  test('a truncated stream, or one read past its symbols, is refused', () => {
    const { syms, counts } = source(9, 5000, 32, 0.8);
    const freq = new Int32Array(32);
    normalizeCounts(counts, 32, freq);
    const et = new EncodeTable(freq);
    const enc = new RansEncoder();
    for (let i = syms.length - 1; i >= 0; i--) enc.put(et.cum[syms[i]], et.freq[syms[i]], i % 3 === 0 ? 1 : 0);
    const bytes = enc.finish();
    const dt = new DecodeTable(freq, 'test');
    const short = new RansDecoder(bytes, 0, bytes.length - 10);
    expect(() => {
      for (let i = 0; i < syms.length; i++) short.get(dt, i % 3 === 0 ? 1 : 0);
    }).toThrow(/stream ends early/);
    const whole = new RansDecoder(bytes, 0, bytes.length);
    for (let i = 0; i < syms.length - 1; i++) whole.get(dt, i % 3 === 0 ? 1 : 0);
    expect(() => whole.finish('segment')).toThrow(/segment: coded symbols do not end where the stream does/);
    expect(() => new RansDecoder(bytes, 0, 7)).toThrow(/shorter than its two 4-byte states/);
  });
});
