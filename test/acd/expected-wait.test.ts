import test from 'ava';
import { HandleTimeHistory } from '../../src/acd/expected-wait.js';
import { agent, fixture, queue } from './harness.js';

test('the estimate is not meaningful without enough history or without staffed agents', (t) => {
  const h = new HandleTimeHistory({ samples: 10, minSamples: 3 });
  t.deepEqual(h.estimate('q', 2, 4), { meaningful: false, position: 2, reason: 'too_little_data' });
  h.add('q', 120_000);
  h.add('q', 180_000);
  t.false(h.estimate('q', 2, 4).meaningful);
  h.add('q', 240_000);
  t.deepEqual(h.estimate('q', 2, 4), { meaningful: true, position: 2, expectedWaitS: 90 }); // 2 · 180 / 4
  t.deepEqual(h.estimate('q', 2, 0), { meaningful: false, position: 2, reason: 'no_agents' });
  t.deepEqual(h.estimate('q', 0, 4), { meaningful: false, position: 0, reason: 'not_waiting' });
  t.deepEqual(h.estimate('other', 1, 4), { meaningful: false, position: 1, reason: 'too_little_data' });
});

test('the history keeps only the most recent calls', (t) => {
  const h = new HandleTimeHistory({ samples: 3, minSamples: 1 });
  for (const s of [600, 600, 600, 60, 60, 60]) h.add('q', s * 1000);
  t.is(h.averageMs('q'), 60_000);
  t.is(h.count('q'), 3);
});

test('callers hear position and expected wait only when it is meaningful', (t) => {
  const f = fixture({ expectedWait: { samples: 10, minSamples: 2 } });
  f.service.upsertQueue(queue('q', { wrapUpS: 20, announce: { onEntry: true, everyS: 30, position: true, expectedWait: true } }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.upsertAgent(agent('a2', ['q']));
  f.service.signIn('a1');
  f.service.signIn('a2');

  const play = (callId: string) =>
    f.port.commands.flatMap((c) => (c.op === 'play' && c.callId === callId && c.what.kind === 'queue_status' ? [c.what] : []));

  // No history yet: position only.
  f.service.callerEntered({ callId: 'b1', queueId: 'q' });
  f.service.callerEntered({ callId: 'b2', queueId: 'q' });
  f.service.callerEntered({ callId: 'w1', queueId: 'q' });
  t.deepEqual(play('w1'), [{ kind: 'queue_status', position: 1 }]);
  t.deepEqual(f.service.waitEstimate('w1'), { meaningful: false, position: 1, reason: 'too_little_data' });

  // Two calls of 100 s talk + 20 s wrap-up build the history (handle time 120 s).
  for (const id of ['b1', 'b2']) f.service.agentAnswered(id, f.port.offeredAgents(id)[0] as string);
  f.clock.advanceBy(100_000);
  f.service.callerEntered({ callId: 'w2', queueId: 'q' });
  f.service.callerEntered({ callId: 'w3', queueId: 'q' });
  for (const id of ['b1', 'b2']) f.service.agentHungUp(id, f.port.offeredAgents(id)[0] as string);
  f.clock.advanceBy(20_000);
  // w1 and w2 now ring; w3 waits at position 1; 2 staffed agents: EWT = 1 · 120 / 2 = 60 s.
  t.deepEqual(f.service.waitEstimate('w3'), { meaningful: true, position: 1, expectedWaitS: 60 });
  t.deepEqual(f.service.waitEstimate('w2'), { meaningful: false, position: 0, reason: 'not_waiting' });
  f.clock.advanceBy(10_000); // w3's periodic announcement, 30 s after it entered
  t.deepEqual(play('w3').at(-1), { kind: 'queue_status', position: 1, expectedWaitS: 60 });

  // Nobody staffed: not meaningful.
  for (const a of f.service.listAgents()) {
    if (a.state === 'ringing' && a.callId) f.service.agentRejected(a.callId, a.id);
  }
  f.service.pause('a1', 'x');
  f.service.pause('a2', 'x');
  t.like(f.service.waitEstimate('w3'), { meaningful: false, reason: 'no_agents' });
});
