/** The benchmarks' ramp: doubling, then bisecting, finds the largest size that passes. */
import test from 'ava';
import { rampToLimit } from '../../bench/ramp.js';

async function ramp(limit: number, start = 960, max = 15_360) {
  const tried: number[] = [];
  const result = await rampToLimit({ start, step: 30, max, run: async (n) => (tried.push(n), n <= limit), passed: (ok) => ok });
  return { ...result, tried };
}

test('doubles while sizes pass, then bisects to the step', async (t) => {
  const r = await ramp(5000);
  t.is(r.best, 4980);
  t.is(r.firstFailed, 5010);
  t.deepEqual(r.tried.slice(0, 4), [960, 1920, 3840, 7680]);
});

test('stops at the maximum when everything passes', async (t) => {
  const r = await ramp(1e9, 960, 3000);
  t.is(r.best, 3000);
  t.is(r.firstFailed, undefined);
  t.deepEqual(r.tried, [960, 1920, 3000]);
});

test('goes below the start when the start already fails', async (t) => {
  const r = await ramp(100);
  t.is(r.best, 90);
  t.is(r.firstFailed, 120);
});
