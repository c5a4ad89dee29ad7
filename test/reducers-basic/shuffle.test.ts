// The shuffle filters against plain reference implementations written from the documented
// layouts (c-blosc's byte shuffle, bitshuffle's bit rows), and as exact inverses.

import fc from 'fast-check';
import { bitShuffle, byteShuffle, shuffle, shuffleInto, unshuffle, type ShuffleKind } from '@lossyml/sdk/reducers/lossless/shuffle';

function naiveByteShuffle(src: Uint8Array, T: number): Uint8Array {
  const n = Math.floor(src.length / T);
  const out = new Uint8Array(src.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < T; k++) out[k * n + i] = src[i * T + k];
  for (let p = n * T; p < src.length; p++) out[p] = src[p];
  return out;
}

function bitAt(a: Uint8Array, bit: number): number {
  return (a[Math.floor(bit / 8)] >> bit % 8) & 1;
}

/** Bit by bit: row r = 8k + b holds bit b of byte k of each of the first m elements. */
function naiveBitShuffle(src: Uint8Array, T: number): Uint8Array {
  const m = Math.floor(src.length / T / 8) * 8;
  const out = new Uint8Array(src.length);
  for (let k = 0; k < T; k++) {
    for (let b = 0; b < 8; b++) {
      const row = 8 * k + b;
      for (let i = 0; i < m; i++) {
        const v = bitAt(src, (i * T + k) * 8 + b);
        const outBit = row * m + i;
        out[Math.floor(outBit / 8)] |= v << outBit % 8;
      }
    }
  }
  for (let p = m * T; p < src.length; p++) out[p] = src[p];
  return out;
}

const bytes = fc.uint8Array({ minLength: 0, maxLength: 700 });
const typesize = fc.constantFrom(4, 8);
const kinds: ShuffleKind[] = ['none', 'byte', 'bit'];

describe('byte shuffle', () => {
  test('matches the plain c-blosc layout', () => {
    fc.assert(
      fc.property(bytes, typesize, (src, T) => {
        const out = new Uint8Array(src.length);
        byteShuffle(src, T, out);
        expect(out).toEqual(naiveByteShuffle(src, T));
      }),
    );
  });

  test('a known small case: two float32 values', () => {
    const src = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    expect(Array.from(shuffle(src, 4, 'byte'))).toEqual([1, 5, 2, 6, 3, 7, 4, 8, 9]);
  });
});

describe('bit shuffle', () => {
  test('matches the plain bitshuffle layout', () => {
    fc.assert(
      fc.property(bytes, typesize, (src, T) => {
        const out = new Uint8Array(src.length);
        bitShuffle(src, T, out);
        expect(out).toEqual(naiveBitShuffle(src, T));
      }),
    );
  });

  test('a known case: eight float32 ones become a few set rows', () => {
    // 1.0f = 0x3f800000: byte 2 = 0x80 (bit 7), byte 3 = 0x3f (bits 0-5). Every element has
    // them, so rows 8*2+7 = 23 and 24..29 are 0xff and all others 0.
    const src = new Uint8Array(new Float32Array(8).fill(1).buffer);
    const out = shuffle(src, 4, 'bit');
    const set = [...out.keys()].filter((r) => out[r] !== 0);
    expect(set).toEqual([23, 24, 25, 26, 27, 28, 29]);
    expect(set.every((r) => out[r] === 0xff)).toBe(true);
  });

  test('element i lands at bit i % 8 of its row byte', () => {
    // Only element 3 of 8 float64 zeros has its lowest bit set: row 0, byte 0, bit 3.
    const src = new Uint8Array(64);
    src[3 * 8] = 1;
    const out = shuffle(src, 8, 'bit');
    expect(out[0]).toBe(1 << 3);
    expect(out.reduce((a, b) => a + b, 0)).toBe(8);
  });
});

describe('unshuffle', () => {
  test.each(kinds)('inverts %s shuffle exactly, for every length and typesize', (kind) => {
    fc.assert(
      fc.property(bytes, typesize, (src, T) => {
        expect(unshuffle(shuffle(src, T, kind), T, kind)).toEqual(src);
      }),
    );
  });

  test('leaves the input untouched', () => {
    const src = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 255);
    const copy = src.slice();
    unshuffle(shuffle(src, 8, 'bit'), 8, 'bit');
    expect(src).toEqual(copy);
  });
});

describe('shuffleInto', () => {
  test('writes the same bytes as shuffle into the front of a larger scratch buffer, and nothing past it', () => {
    const src = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 255);
    const scratch = new Uint8Array(160).fill(7);
    for (const kind of kinds) {
      shuffleInto(src, 4, kind, scratch.subarray(0, src.length));
      expect(scratch.subarray(0, src.length)).toEqual(shuffle(src, 4, kind));
      expect(scratch.subarray(src.length).every((b) => b === 7)).toBe(true);
    }
  });

  test('refuses a destination of another length', () => {
    expect(() => shuffleInto(new Uint8Array(8), 4, 'byte', new Uint8Array(12))).toThrow(/8 bytes into 12/);
  });
});
