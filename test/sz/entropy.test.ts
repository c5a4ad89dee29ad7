// The shared range coder and symbol model: exact round trips, and code lengths close to the
// Shannon limit of known sources (an independent expectation, not captured output).
import fc from 'fast-check';
import { BitModels, RangeDecoder, RangeEncoder } from '@lossyml/sdk/reducers/entropy/rangecoder';
import { MAX_TOKEN, SymbolModel } from '@lossyml/sdk/reducers/entropy/symbols';
import { ByteReader, ByteWriter } from '@lossyml/sdk/reducers/entropy/bytes';
import { crc32 } from '@lossyml/sdk/util/crc32';
import { BitReader, BitWriter } from '@lossyml/sdk/reducers/entropy/rawbits';
import { FrameBuilder, joinParts, openStream, openStreamParts, sealStream } from '@lossyml/sdk/reducers/entropy/envelope';
import { Rng } from '@lossyml/sdk/data/dataset';
import { FormatError } from '@lossyml/sdk/util/errors';

const h2 = (p: number) => -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));

describe('range coder', () => {
  test.each([0.5, 0.9, 0.99, 0.999])('Bernoulli(%p) bits round-trip at close to n x H(p)', (p) => {
    const rng = new Rng(7);
    const n = 100_000;
    const bits = Uint8Array.from({ length: n }, () => (rng.next() < p ? 0 : 1));
    const enc = new RangeEncoder();
    const m = new BitModels(1);
    for (const b of bits) enc.encodeBit(m, 0, b);
    const bytes = enc.finish().slice();
    const dec = new RangeDecoder(bytes);
    const md = new BitModels(1);
    const back = Uint8Array.from({ length: n }, () => dec.decodeBit(md, 0));
    expect(Buffer.from(back).equals(Buffer.from(bits))).toBe(true);
    const ideal = (n * h2(p)) / 8;
    expect(bytes.length).toBeLessThan(ideal * 1.03 + 64);
  });

  test('raw bits of every width round-trip', () => {
    const rng = new Rng(3);
    const items = Array.from({ length: 5000 }, () => {
      const w = Math.floor(rng.next() * 17);
      return [Math.floor(rng.next() * 2 ** w), w];
    });
    const enc = new RangeEncoder();
    for (const [v, w] of items) enc.encodeRaw(v, w);
    const dec = new RangeDecoder(enc.finish().slice());
    for (const [v, w] of items) expect(dec.decodeRaw(w)).toBe(v);
  });

  test('a truncated stream is refused, not decoded forever', () => {
    const enc = new RangeEncoder();
    const m = new BitModels(1);
    for (let i = 0; i < 10_000; i++) enc.encodeRaw(i & 0xffff, 16);
    const bytes = enc.finish().slice(0, 100);
    const dec = new RangeDecoder(bytes);
    expect(() => {
      for (let i = 0; i < 10_000; i++) dec.decodeRaw(16);
    }).toThrow(FormatError);
    expect(() => new RangeDecoder(new Uint8Array(3))).toThrow(FormatError);
    void m;
  });
});

describe('symbol model', () => {
  test('tokens from 0 to the largest round-trip, with statistics reset between series', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: MAX_TOKEN }), { maxLength: 60 }), { maxLength: 4 }), (series) => {
        const enc = new RangeEncoder();
        const model = new SymbolModel();
        for (const s of series) {
          model.reset();
          for (const t of s) model.encode(enc, t);
        }
        const dec = new RangeDecoder(enc.finish().slice());
        const dm = new SymbolModel();
        for (const s of series) {
          dm.reset();
          for (const t of s) expect(dm.decode(dec)).toBe(t);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('an i.i.d. source over 40 symbols codes within 3% of its entropy', () => {
    const rng = new Rng(11);
    const weights = Array.from({ length: 40 }, (_, k) => Math.exp(-k / 6));
    const total = weights.reduce((a, b) => a + b, 0);
    const probs = weights.map((w) => w / total);
    const n = 50_000;
    const enc = new RangeEncoder();
    const model = new SymbolModel();
    for (let i = 0; i < n; i++) {
      let u = rng.next();
      let k = 0;
      while (k < 39 && u >= probs[k]) u -= probs[k++];
      model.encode(enc, k);
    }
    const entropy = -probs.reduce((a, p) => a + p * Math.log2(p), 0);
    expect(enc.finish().length * 8).toBeLessThan(n * entropy * 1.03);
  });
});

describe('symbol model, table scheme (largest token below 2^16)', () => {
  /** Series of tokens up to each series' own largest, long enough for warm-up and many table rebuilds. */
  const series = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 3000 }), fc.nat()).map(([max, n, seed]) => {
      const rng = new Rng(seed);
      // Mostly small tokens with an occasional one anywhere up to max, as quantization codes are.
      return Array.from({ length: n }, () => Math.min(max, rng.next() < 0.9 ? Math.floor(-Math.log(1 - rng.next()) * 5) : Math.floor(rng.next() * (max + 1))));
    }),
    { maxLength: 4 },
  );

  test('tokens round-trip with the largest token given, statistics reset between series', () => {
    fc.assert(
      fc.property(series, (all) => {
        const enc = new RangeEncoder();
        const model = new SymbolModel();
        for (const s of all) {
          model.reset(s.reduce((a, b) => Math.max(a, b), 0));
          for (const t of s) model.encode(enc, t);
        }
        const dec = new RangeDecoder(enc.finish().slice());
        const dm = new SymbolModel();
        for (const s of all) {
          dm.reset(s.reduce((a, b) => Math.max(a, b), 0));
          const back = s.map(() => dm.decode(dec));
          expect(back).toEqual(s);
        }
      }),
      { numRuns: 40 },
    );
  });

  test.each([39, 5000, 60000])('an i.i.d. source over 40 symbols (spread over 0..%i) codes within 3%% of its entropy', (max) => {
    const rng = new Rng(13);
    const weights = Array.from({ length: 40 }, (_, k) => Math.exp(-k / 6));
    const total = weights.reduce((a, b) => a + b, 0);
    const probs = weights.map((w) => w / total);
    const step = Math.floor(max / 39);
    const n = 50_000;
    const enc = new RangeEncoder();
    const model = new SymbolModel();
    model.reset(max);
    const sent: number[] = [];
    for (let i = 0; i < n; i++) {
      let u = rng.next();
      let k = 0;
      while (k < 39 && u >= probs[k]) u -= probs[k++];
      sent.push(k * step);
      model.encode(enc, k * step);
    }
    const bytes = enc.finish().slice();
    const entropy = -probs.reduce((a, p) => a + p * Math.log2(p), 0);
    expect(bytes.length * 8).toBeLessThan(n * entropy * 1.03);
    const dm = new SymbolModel();
    dm.reset(max);
    const dec = new RangeDecoder(bytes);
    expect(sent.map(() => dm.decode(dec))).toEqual(sent);
  });

  test('a token beyond the series\' alphabet, read from a corrupt stream, is an error', () => {
    const rng = new Rng(2);
    const garbage = Uint8Array.from({ length: 400 }, (_, i) => (i === 0 ? 0 : i === 1 ? 0x12 : Math.floor(rng.next() * 256)));
    const dm = new SymbolModel();
    dm.reset(300);
    let failed = false;
    try {
      const dec = new RangeDecoder(garbage);
      for (let i = 0; i < 2000; i++) expect(dm.decode(dec)).toBeLessThanOrEqual(300);
    } catch (e) {
      failed = e instanceof FormatError;
    }
    expect(failed).toBe(true);
  });
});

describe('raw bits and the stream envelope', () => {
  test('bit fields of 0 to 16 bits round-trip; reading past the end is a FormatError', () => {
    const rng = new Rng(5);
    const items = Array.from({ length: 3000 }, () => {
      const w = Math.floor(rng.next() * 17);
      return [Math.floor(rng.next() * 2 ** w), w];
    });
    const bw = new BitWriter(4);
    for (const [v, w] of items) bw.put(v, w);
    const bytes = bw.finish().slice();
    expect(bytes.length).toBe(Math.ceil(items.reduce((a, [, w]) => a + w, 0) / 8));
    const br = new BitReader(bytes, 0, bytes.length);
    for (const [v, w] of items) expect(br.get(w)).toBe(v);
    expect(() => br.get(16)).toThrow(FormatError);
  });

  test('a body packed in its first part only round-trips, and damage to it is refused', async () => {
    const rng = new Rng(8);
    const head = new TextEncoder().encode('header '.repeat(200));
    const tail = Uint8Array.from({ length: 3000 }, () => Math.floor(rng.next() * 256));
    const body = new Uint8Array(head.length + tail.length);
    body.set(head);
    body.set(tail, head.length);
    const sealed = await sealStream('TEST', body, 3, head.length);
    expect(sealed.length).toBeLessThan(body.length - head.length / 2);
    expect(Buffer.from(await openStream('TEST', sealed, 1 << 20)).equals(Buffer.from(body))).toBe(true);
    // In parts: the unpacked head, and the raw tail as a view of the sealed bytes (not copied).
    const parts = await openStreamParts('TEST', sealed, 1 << 20);
    expect(parts.map((p) => p.length)).toEqual([head.length, tail.length]);
    expect(parts[1]?.buffer).toBe(sealed.buffer);
    expect(Buffer.from(joinParts(parts)).equals(Buffer.from(body))).toBe(true);
    for (const at of [13, 20, sealed.length - 1]) {
      const bad = Uint8Array.from(sealed);
      bad[at] ^= 0x40;
      await expect(openStream('TEST', bad, 1 << 20)).rejects.toThrow(FormatError);
    }
    await expect(openStream('TEST', sealed.subarray(0, sealed.length - 10), 1 << 20)).rejects.toThrow(FormatError);
  });

  test.each([
    ['packed head, room enough', 'header '.repeat(200), 4000, 2000],
    ['raw head (random), no room in front', 'x', 4000, 0],
    ['a tail that outgrows the buffer', 'header '.repeat(50), 10, 0],
    ['an empty tail', 'header '.repeat(50), 100, 0],
  ])('a stream built tail first is sealStream\'s, byte for byte (%s, seed 9)', async (_name, text, expected, front) => {
    const rng = new Rng(9);
    const head = text === 'x' ? Uint8Array.from({ length: 500 }, () => Math.floor(rng.next() * 256)) : new TextEncoder().encode(text);
    const pieces = _name === 'an empty tail' ? [] : [0, 1, 2].map((k) => Uint8Array.from({ length: 700 + k }, () => Math.floor(rng.next() * 256)));
    const frame = new FrameBuilder(expected, front);
    for (const p of pieces) {
      frame.varint(p.length);
      frame.bytes(p);
    }
    const w = new ByteWriter();
    for (const p of pieces) {
      w.varint(p.length);
      w.bytes(p);
    }
    const tail = w.finish();
    expect(Buffer.from(frame.tail).equals(Buffer.from(tail))).toBe(true);
    const built = await frame.seal('TEST', head, 3);
    const sealed = await sealStream('TEST', [head, tail], 3, head.length);
    expect(Buffer.from(built).equals(Buffer.from(sealed))).toBe(true);
  });
});

describe('bytes', () => {
  test('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  test('varints and floats round-trip; reading past the end is a FormatError', () => {
    const w = new ByteWriter();
    const nums = [0, 1, 127, 128, 300, 2 ** 32, 2 ** 53 - 1];
    for (const v of nums) w.varint(v);
    w.f64(-0.1);
    const r = new ByteReader(w.finish(), 'test');
    for (const v of nums) expect(r.varint()).toBe(v);
    expect(r.f64()).toBe(-0.1);
    expect(() => r.u8()).toThrow(FormatError);
  });
  test('a reader given two parts reads on across the join, as from the joined bytes, wherever it falls', () => {
    const w = new ByteWriter();
    const nums = [5, 300, 2 ** 40, 1, 70000];
    for (const v of nums) w.varint(v);
    w.f64(Math.PI);
    w.u32(0xdeadbeef);
    w.bytes(Uint8Array.from([9, 8, 7, 6, 5]));
    const all = w.finish();
    for (let cut = 0; cut <= all.length; cut++) {
      const r = new ByteReader(all.subarray(0, cut), 'test', 0, all.subarray(cut));
      const got = [...nums.map(() => r.varint()), r.f64(), r.u32(), [...r.bytes(5)]];
      expect([cut, got, r.offset, r.remaining]).toEqual([cut, [...nums, Math.PI, 0xdeadbeef, [9, 8, 7, 6, 5]], all.length, 0]);
      expect(() => r.u8()).toThrow(/truncated \(needs 1 more bytes at offset \d+ of \d+\)/);
      expect(() => r.u8()).toThrow(`at offset ${all.length} of ${all.length}`);
    }
    const r = new ByteReader(all.subarray(0, 3), 'test', 0, all.subarray(3));
    expect([r.offset, r.remaining]).toEqual([0, all.length]);
  });
});
