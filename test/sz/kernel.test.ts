// The quantizer's rounding: roundHalfUp must be Math.round (up to the sign of a zero) for every
// double, including the one where floor(y + 0.5) is not (y = 0.5 - 2^-54), so that the fast
// loops choose the bins the general procedure chooses.
import { roundHalfUp } from '@lossyml/sdk/reducers/sz/kernel';
import { Rng } from '@lossyml/sdk/data/dataset';

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a + 0 === b + 0;

test.each([0.49999999999999994, -0.49999999999999994, 0.5, -0.5, 1.5, -1.5, -2.5, 2.5, 0, -0, 2 ** 52 - 0.5, 2 ** 53, 2 ** 52 + 1, -(2 ** 52) - 1, 2 ** 52 + 3, -(2 ** 52) + 0.5, 1e300, -1e300, Infinity, -Infinity, NaN, 4503599627370495.5])('roundHalfUp(%p) is Math.round', (y) => {
  expect(same(roundHalfUp(y), Math.round(y))).toBe(true);
});

test('roundHalfUp is Math.round on a million seeded doubles of every scale (seed 5)', () => {
  const rng = new Rng(5);
  for (let i = 0; i < 1_000_000; i++) {
    const y = (rng.next() - 0.5) * 2 ** Math.floor(rng.next() * 60 - 8);
    const h = Math.floor(y) + 0.5; // exact halves too
    for (const v of [y, h]) if (!same(roundHalfUp(v), Math.round(v))) throw new Error(`seed 5: roundHalfUp(${v}) = ${roundHalfUp(v)}, Math.round = ${Math.round(v)}`);
  }
});
