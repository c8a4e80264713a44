import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('overflow after N seconds moves the caller, keeping their rank, and logs the visit', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('cards', { overflow: { targetQueueId: 'general', afterS: 60 } }));
  f.service.upsertQueue(queue('general'));
  f.service.upsertAgent(agent('c-agent', ['cards']));
  f.service.upsertAgent(agent('g-agent', ['general']));
  f.service.signIn('c-agent');
  f.service.callerEntered({ callId: 'busy', queueId: 'cards' });
  f.service.agentAnswered('busy', 'c-agent');
  f.service.callerEntered({ callId: 'c1', queueId: 'cards', callingNumber: '13900000001' });
  f.clock.advanceBy(30_000);
  f.service.callerEntered({ callId: 'g1', queueId: 'general' });
  f.clock.advanceBy(30_000);
  t.like(f.service.caller('c1'), { queueId: 'general', status: 'waiting' });
  t.is(f.service.caller('c1').estimate.position, 1, 'entered the ACD earlier than g1: ahead of it');
  t.true(f.port.commands.some((c) => c.op === 'moved' && c.callId === 'c1' && c.from === 'cards' && c.to === 'general'));
  t.like(f.records.find((r) => r.callId === 'c1'), { queueId: 'cards', outcome: 'overflowed', waitMs: 60_000 });
  t.like(f.waitLog.find((e) => e.callId === 'c1'), { queueId: 'cards', outcome: 'overflowed', reason: 'all_busy', callingNumber: '13900000001' });
  f.service.signIn('g-agent');
  t.deepEqual(f.port.offeredAgents('c1'), ['g-agent']);
});

test('overflow at once when no agent of the queue is signed in', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('night', { overflow: { targetQueueId: 'day', whenNoAgentSignedIn: true } }));
  f.service.upsertQueue(queue('day'));
  f.service.upsertAgent(agent('n1', ['night']));
  f.service.upsertAgent(agent('d1', ['day']));
  f.service.signIn('d1');
  f.service.callerEntered({ callId: 'c1', queueId: 'night' });
  t.deepEqual(f.port.offeredAgents('c1'), ['d1']);
  t.like(f.records.find((r) => r.callId === 'c1'), { queueId: 'night', outcome: 'overflowed', waitMs: 0 });

  // A paused agent is signed in: callers stay.
  f.service.signIn('n1', { pauseReason: 'briefing' });
  f.service.callerEntered({ callId: 'c2', queueId: 'night' });
  t.is(f.service.caller('c2').queueId, 'night');
  // When the last one signs out, the waiting callers overflow.
  f.service.signOut('n1');
  t.is(f.service.caller('c2').queueId, 'day');
});

test('overflow never loops back into a queue the caller already visited', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('a', { overflow: { targetQueueId: 'b', afterS: 10 } }));
  f.service.upsertQueue(queue('b', { overflow: { targetQueueId: 'a', afterS: 10 } }));
  f.service.callerEntered({ callId: 'c1', queueId: 'a' });
  f.clock.advanceBy(10_000);
  t.is(f.service.caller('c1').queueId, 'b');
  f.clock.advanceBy(60_000);
  t.is(f.service.caller('c1').queueId, 'b');
});

test('max wait sends the caller to voicemail or back to the IVR', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('vm', { maxWaitS: 120, maxWaitAction: 'voicemail' }));
  f.service.upsertQueue(queue('menu', { maxWaitS: 90, maxWaitAction: 'ivr' }));
  f.service.callerEntered({ callId: 'c1', queueId: 'vm' });
  f.service.callerEntered({ callId: 'c2', queueId: 'menu' });
  f.clock.advanceBy(90_000);
  t.true(f.port.commands.some((c) => c.op === 'ivr' && c.callId === 'c2' && c.queueId === 'menu'));
  t.false(f.port.commands.some((c) => c.op === 'voicemail'));
  f.clock.advanceBy(30_000);
  t.true(f.port.commands.some((c) => c.op === 'voicemail' && c.callId === 'c1' && c.queueId === 'vm'));
  t.like(f.records.find((r) => r.callId === 'c1'), { outcome: 'voicemail', waitMs: 120_000 });
  t.like(f.waitLog.find((e) => e.callId === 'c2'), { outcome: 'ivr', reason: 'no_agent_signed_in' });
  t.throws(() => f.service.caller('c1'), { code: 'acd_unknown_call' } as never);
});

test('max wait with action overflow moves the caller; without a target it falls back to voicemail', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('a', { maxWaitS: 30, maxWaitAction: 'overflow', overflow: { targetQueueId: 'b' } }));
  f.service.upsertQueue(queue('b', { maxWaitS: 30, maxWaitAction: 'overflow' }));
  f.service.callerEntered({ callId: 'c1', queueId: 'a' });
  f.clock.advanceBy(30_000);
  t.is(f.service.caller('c1').queueId, 'b');
  f.clock.advanceBy(30_000);
  t.true(f.port.commands.some((c) => c.op === 'voicemail' && c.callId === 'c1' && c.queueId === 'b'));
});

test('max wait falling due while the caller rings is applied only if that offer fails', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { maxWaitS: 30, ringTimeoutS: 20 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.upsertAgent(agent('a2', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'busy', queueId: 'q' });
  f.service.agentAnswered('busy', 'a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(20_000);
  f.service.signIn('a2');
  f.clock.advanceBy(15_000); // max wait at 30 s while ringing a2
  t.is(f.service.caller('c1').status, 'offered');
  f.service.agentRejected('c1', 'a2');
  t.true(f.port.commands.some((c) => c.op === 'voicemail' && c.callId === 'c1'));

  t.like(f.records.find((r) => r.callId === 'c1'), { outcome: 'voicemail', waitMs: 35_000 });
});

test('max wait falling due while the caller rings is dropped when the agent answers', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { maxWaitS: 30, ringTimeoutS: 20 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(25_000);
  f.service.signIn('a1');
  f.clock.advanceBy(7000);
  f.service.agentAnswered('c1', 'a1');
  t.is(f.service.caller('c1').status, 'connected');
  f.clock.advanceBy(60_000);
  t.false(f.port.commands.some((c) => c.op === 'voicemail'));
});
