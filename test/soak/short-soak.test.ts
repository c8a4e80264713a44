/**
 * A short soak: the whole product on a free-running virtual card with every trunk channel busy
 * and churning (IVR journeys, agents, faxes, voicemail, callbacks, wrong numbers) for a few
 * minutes of engine time, then drained. The same invariants as `npm run soak`: every placed
 * call has exactly one call record with its journey's disposition, none is left open, every
 * channel is idle, every agent is available again, the records journal is empty, no engine tick
 * was missed. Memory growth is not asserted: a few seconds say nothing about it.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoak } from '../../bench/soak/soak-run.js';

test('a few minutes of churning load leave every call recorded once and nothing stuck', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-short-soak-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const result = await runSoak({ dir, minutes: 2, clock: 'freerun', callers: 54, agents: 8, seed: 7 });
  const { checks } = result;
  t.log(result.line);
  // The positive control: real load ran, and every kind of journey was taken and completed.
  t.true(checks.calls >= 150, `calls placed: ${checks.calls}`);
  for (const [name, j] of Object.entries(result.journeys)) t.true(j.calls - j.failed > 0, `${name}: ${JSON.stringify(j)}`);
  t.is(Object.keys(result.journeys).length, 9);
  t.true(result.samples.some((s) => s.callsUp >= 40), 'most trunk channels were busy at some point');
  t.is(checks.cdrMissing, 0);
  t.is(checks.cdrDuplicate, 0);
  t.is(checks.wrongDisposition, 0, checks.wrongExamples.join('\n'));
  t.is(checks.cdrOpen, 0);
  t.is(checks.stuckChannels, 0, JSON.stringify(checks.channelStates));
  t.deepEqual(checks.stuckAgents, []);
  t.is(checks.journalBytes, 0);
  t.is(checks.callbacksPending, 0);
  t.is(result.missedTicks, 0);
});
