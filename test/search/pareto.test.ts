import fc from 'fast-check';
import { dominates, paretoFront, type FrontPoint } from '@lossyml/sdk/search/pareto';

const p = (key: string, x: number, quality: number): FrontPoint => ({ key, x, quality });

describe('paretoFront', () => {
  test('keeps exactly the non-dominated points of a known set, in order of x', () => {
    const pts = [p('a', 1, 0.9), p('b', 2, 0.95), p('c', 3, 0.8), p('d', 4, 0.85), p('e', 10, 0.5), p('f', 5, 0.5)];
    // b dominates a (more ratio, more quality); d dominates c; e dominates f.
    expect(paretoFront(pts, true)).toEqual(['b', 'd', 'e']);
  });

  test('lower-is-better metrics flip the quality order', () => {
    const pts = [p('a', 1, 0.1), p('b', 2, 0.2), p('c', 3, 0.15), p('d', 4, 0.9)];
    expect(paretoFront(pts, false)).toEqual(['a', 'c', 'd']);
  });

  test('exact ties all stay on the front; equal x keeps only the best quality', () => {
    expect(paretoFront([p('a', 2, 0.5), p('b', 2, 0.5), p('c', 1, 0.4)], true)).toEqual(['a', 'b']);
    expect(paretoFront([p('a', 2, 0.5), p('b', 2, 0.6)], true)).toEqual(['b']);
    // Equal quality at a smaller x is dominated.
    expect(paretoFront([p('a', 2, 0.5), p('b', 1, 0.5)], true)).toEqual(['a']);
  });

  test('one point, all equal, none', () => {
    expect(paretoFront([p('only', 3, 0.1)], true)).toEqual(['only']);
    expect(paretoFront([p('a', 1, 1), p('b', 1, 1), p('c', 1, 1)], true).sort()).toEqual(['a', 'b', 'c']);
    expect(paretoFront([], true)).toEqual([]);
  });

  test('a NaN quality is refused, naming the point', () => {
    expect(() => paretoFront([p('a', 1, 0.5), p('bad', 2, NaN)], true)).toThrow(/bad.*NaN/);
    expect(() => paretoFront([p('inf', Infinity, 0.5)], true)).toThrow(/inf/);
  });

  test('against brute force on random sets: the front is exactly the points nothing dominates', () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 6 }), quality: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.boolean(), (raw, hib) => {
        const pts = raw.map((r, i) => p(`k${i}`, r.x, r.quality / 6));
        const expected = pts.filter((a) => !pts.some((b) => dominates(b, a, hib))).map((a) => a.key).sort();
        expect(paretoFront(pts, hib).sort()).toEqual(expected);
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});
