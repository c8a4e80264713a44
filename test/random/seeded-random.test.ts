/**
 * The one seeded generator: a seed gives the same numbers on every run (the values below are
 * mulberry32's, which the simulator's data, the soak's callers and recorded ACD replays were
 * made with), and the ACD's SeededRandom draws the same sequence.
 */
import test from 'ava';
import { seededRandom } from '../../src/random/seeded-random.js';
import { SeededRandom } from '../../src/acd/prng.js';

test('a seed gives mulberry32 numbers in [0, 1)', (t) => {
  const r = seededRandom(42);
  t.deepEqual([r(), r(), r()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  const z = seededRandom(0);
  t.deepEqual([z(), z()], [0.26642920868471265, 0.0003297457005828619]);
  const many = Array.from({ length: 10_000 }, seededRandom(7));
  t.true(many.every((x) => x >= 0 && x < 1));
});

test('the ACD strategy generator draws the same sequence as the function', (t) => {
  const fn = seededRandom(20261206);
  const acd = new SeededRandom(20261206);
  for (let i = 0; i < 100; i++) t.is(acd.next(), fn());
});
