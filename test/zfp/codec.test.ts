// The pieces under the zfp reducers, against independent expectations: the bit stream reads
// back what was written; frexp's exponent agrees with exact powers of two; the values the
// encoder reports as restored (its bound check) are exactly what the decoder returns; and a
// decoder given the wrong parameters or bytes says so instead of returning numbers.

import fc from 'fast-check';
import { BitReader, BitWriter } from '@lossyml/sdk/reducers/zfp/bitstream';
import { zfpCompress, zfpDecompress, type ZfpShape } from '@lossyml/sdk/reducers/zfp/array';
import { accuracyParams, frexpExponent, precisionParams, rateParams, toleranceExponent } from '@lossyml/sdk/reducers/zfp/params';
import { FormatError } from '@lossyml/sdk/util/errors';

test('BitReader: a stream read after a longer one (the readers share a buffer) sees zeros past its end', () => {
  const long = new Uint8Array(4096).fill(0xff);
  const first = new BitReader(long);
  first.skip(4000 * 8);
  expect(first.read(16)).toBe(0xffff);
  const short = Uint8Array.of(0x81, 0x01, 0x80);
  const r = new BitReader(short);
  expect(r.read(8)).toBe(0x81);
  expect(r.read(16)).toBe(0x8001);
  // everything past the 3 bytes, in the rest of the word and the words after, is zero
  for (let k = 0; k < 64; k++) expect(r.read(31)).toBe(0);
  expect(() => r.checkInside('short stream')).toThrow(FormatError);
});

test('BitWriter / BitReader: any sequence of fields reads back, LSB first, padded to 64-bit words', () => {
  const field = fc.integer({ min: 0, max: 32 }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n === 0 ? 0 : 2 ** n - 1 })));
  fc.assert(
    fc.property(fc.array(field, { maxLength: 200 }), (fields) => {
      const total = fields.reduce((s, [n]) => s + n, 0);
      const w = new BitWriter(total);
      for (const [n, v] of fields) {
        if (n === 32) {
          w.write(v & 0xffff, 16);
          w.write(Math.floor(v / 65536), 16);
        } else w.write(v, n);
      }
      const bytes = w.finish();
      expect(bytes.length).toBe(Math.ceil(total / 64) * 8);
      // the independent reading: bit i of the stream is bit (i % 8) of byte i / 8
      const r = new BitReader(bytes);
      let at = 0;
      for (const [n, v] of fields) {
        let expected = 0;
        for (let b = n - 1; b >= 0; b--) expected = expected * 2 + ((bytes[(at + b) >> 3] >> ((at + b) & 7)) & 1);
        expect(expected).toBe(v);
        if (n <= 31) expect(r.read(n)).toBe(v);
        else r.skip(n);
        at += n;
      }
    }),
  );
});

test('frexpExponent(x) is the e with 2^(e-1) <= x < 2^e, subnormals included', () => {
  fc.assert(
    fc.property(fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), (x) => {
      const e = frexpExponent(x);
      expect(2 ** (e - 1) <= x && (e === 1024 || x < 2 ** e)).toBe(true);
    }),
  );
  expect(frexpExponent(Number.MIN_VALUE)).toBe(-1073);
  expect(toleranceExponent(1e-3)).toBe(-10);
  expect(toleranceExponent(1)).toBe(0);
  expect(toleranceExponent(Infinity)).toBe(1023);
});

const shapeArb = fc.oneof(
  fc.record({ nx: fc.integer({ min: 0, max: 70 }), ny: fc.constant(0) }),
  fc.record({ nx: fc.integer({ min: 1, max: 13 }), ny: fc.integer({ min: 1, max: 13 }) }),
);
const mag = fc.double({ min: -320, max: 300, noNaN: true }).map((e) => 10 ** e);

test('the restored values the encoder reports are exactly what the decoder returns', () => {
  fc.assert(
    fc.property(shapeArb, fc.constantFrom('float32', 'float64'), fc.integer(), mag, fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 64 })), (s, dtype, seed, scale, prec) => {
      const shape: ZfpShape = { dtype: dtype as 'float32' | 'float64', ...s };
      const n = shape.ny ? shape.nx * shape.ny : shape.nx;
      let z = seed | 1;
      const values = Array.from({ length: n }, (_, i) => {
        z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) | 1;
        return (Math.sin(i / 3) + (z % 1000) / 3000) * scale;
      });
      const data = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
      fc.pre(data.every((v) => Number.isFinite(v))); // zfp streams hold finite values only (the reducers set the others aside)
      const p = prec < 0 ? accuracyParams(scale * 1e-4) : precisionParams(prec);
      const restored = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
      const stream = zfpCompress(data, shape, p, 64, restored);
      const back = zfpDecompress(stream, shape, p);
      expect(Buffer.from(back.buffer).equals(Buffer.from(restored.buffer))).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('a stream decoded with other parameters, or cut short, is refused', () => {
  const shape: ZfpShape = { dtype: 'float64', nx: 200, ny: 0 };
  const data = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i / 10) * 100);
  const rate = zfpCompress(data, shape, rateParams(16, 'float64', 1));
  expect(() => zfpDecompress(rate, shape, rateParams(8, 'float64', 1))).toThrow(FormatError);
  expect(() => zfpDecompress(rate.subarray(0, rate.length - 16), shape, rateParams(16, 'float64', 1))).toThrow(/truncated/);
  expect(() => zfpDecompress(rate, { ...shape, nx: 100 }, rateParams(16, 'float64', 1))).toThrow(/left after the last block/);
});
