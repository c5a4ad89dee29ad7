// The shared range coder and symbol model: exact round trips, and code lengths close to the
// Shannon limit of known sources (an independent expectation, not captured output).
import fc from 'fast-check';
import { BitModels, RangeDecoder, RangeEncoder } from '@lossyml/sdk/reducers/entropy/rangecoder';
import { MAX_TOKEN, SymbolModel } from '@lossyml/sdk/reducers/entropy/symbols';
import { ByteReader, ByteWriter, crc32 } from '@lossyml/sdk/reducers/entropy/bytes';
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
});
