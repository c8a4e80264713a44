/** The predictive pacer's memory of the calls it placed: weighed by age, bounded, and never more people than calls ringing. */
import test from 'ava';
import { PlacedCallsMemory } from '../../src/outbound/pacing/placed-calls-memory.js';

test('a call just placed counts at the full answer rate, one older than twice the mean ring time not at all', (t) => {
  const memory = new PlacedCallsMemory();
  memory.remember(0, 10);
  t.is(memory.peopleToCome(0, 10, 0.3, 9).mean, 3);
  t.true(Math.abs(memory.peopleToCome(9_000, 10, 0.3, 9).mean - 1.5) < 1e-9, 'half-way through the answer delays: half');
  t.is(memory.peopleToCome(18_000, 10, 0.3, 9).mean, 0);
});

test('ringing calls it does not remember count as new; never more people than calls ringing', (t) => {
  const memory = new PlacedCallsMemory();
  t.is(memory.peopleToCome(0, 4, 0.5, 9).mean, 2);
  memory.remember(0, 10);
  t.true(memory.peopleToCome(0, 2, 0.5, 9).mean <= 2);
});

test('old placements are forgotten even while nobody asks for a prediction', (t) => {
  const memory = new PlacedCallsMemory();
  for (let s = 0; s < 3600; s += 1) memory.remember(s * 1000, 2);
  t.true(memory.size <= 121, `held ${memory.size} batches`);
});
