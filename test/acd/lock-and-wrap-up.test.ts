import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('an agent who lets a call ring past the timeout is locked and gets no calls until unlocked', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { ringTimeoutS: 15 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.upsertAgent(agent('a2', ['q']));
  f.service.signIn('a1');
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(14_999);
  t.is(f.service.agent('a1').state, 'ringing');
  f.clock.advanceBy(1);
  t.is(f.service.agent('a1').state, 'locked');
  t.like(f.agentLog.at(-1), { action: 'ring_timeout', from: 'ringing', to: 'locked', reason: 'no_answer', callId: 'c1' });
  t.true(f.port.commands.some((c) => c.op === 'cancel' && c.agentId === 'a1' && c.reason === 'ring_timeout'));
  t.is(f.service.caller('c1').status, 'waiting', 'the caller waits again, keeping their place');

  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c2'), []);
  f.service.signIn('a2');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1', 'a2'], 'c1 (first in line) goes to a2');
  f.service.unlock('a1', { kind: 'supervisor', id: 'sup-1' });
  t.like(f.agentLog.at(-2), { action: 'unlock', from: 'locked', to: 'available', actor: { kind: 'supervisor', id: 'sup-1' } });
  t.deepEqual(f.port.offeredAgents('c2'), ['a1'], 'unlocked, a1 takes the next caller');
});

test('lockAfterNoAnswers: below the threshold the agent stays available but is not re-offered that call', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { ringTimeoutS: 10, lockAfterNoAnswers: 2 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(10_000);
  t.is(f.service.agent('a1').state, 'available');
  t.is(f.service.caller('c1').status, 'waiting');
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c2'), ['a1']);
  f.clock.advanceBy(10_000);
  t.is(f.service.agent('a1').state, 'locked');
  t.is(f.agentLog.filter((e) => e.action === 'ring_timeout').length, 2);
});

test('wrap-up follows the queue the call came from and blocks calls from every queue', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('long', { wrapUpS: 30 }));
  f.service.upsertQueue(queue('short', { wrapUpS: 5 }));
  f.service.upsertAgent(agent('a1', ['long', 'short']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'long' });
  f.service.agentAnswered('c1', 'a1');
  f.clock.advanceBy(60_000);
  f.service.agentHungUp('c1', 'a1');
  t.like(f.service.agent('a1'), { state: 'wrap_up', queueId: 'long', wrapUntil: f.clock.now() + 30_000 });
  f.service.callerEntered({ callId: 'c2', queueId: 'short' });
  f.clock.advanceBy(29_999);
  t.deepEqual(f.port.offeredAgents('c2'), [], 'no call from the other queue during wrap-up');
  f.clock.advanceBy(1);
  t.deepEqual(f.port.offeredAgents('c2'), ['a1']);
  t.like(f.records.find((r) => r.callId === 'c1'), { outcome: 'answered', talkMs: 60_000, wrapMs: 30_000 });

  f.service.agentAnswered('c2', 'a1');
  f.service.agentHungUp('c2', 'a1');
  t.like(f.service.agent('a1'), { state: 'wrap_up', wrapUntil: f.clock.now() + 5000 });
  f.clock.advanceBy(2000);
  f.service.ready('a1');
  t.is(f.service.agent('a1').state, 'available');
  t.like(f.records.find((r) => r.callId === 'c2'), { wrapMs: 2000 });
});

test('not hung up: the agent is logged and paused until the phone is back on hook', (t) => {
  const f = fixture({ notHungUpAfterS: 10 });
  f.service.upsertQueue(queue('q', { wrapUpS: 5 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.agentAnswered('c1', 'a1');
  f.service.callerHungUp('c1');
  f.clock.advanceBy(10_000);
  t.like(f.agentLog.find((e) => e.action === 'not_hung_up'), { agentId: 'a1', callId: 'c1', from: 'available', to: 'available' });
  t.like(f.service.agent('a1'), { state: 'paused', pauseReason: 'not_hung_up' });
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c2'), []);
  f.service.agentHungUp('c1', 'a1');
  t.deepEqual(f.port.offeredAgents('c2'), ['a1']);
});

test('an agent who hangs up in time gets no not-hung-up entry', (t) => {
  const f = fixture({ notHungUpAfterS: 10 });
  f.service.upsertQueue(queue('q', { wrapUpS: 5 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.agentAnswered('c1', 'a1');
  f.service.callerHungUp('c1');
  f.clock.advanceBy(3000);
  f.service.agentHungUp('c1', 'a1');
  f.clock.advanceBy(60_000);
  t.false(f.agentLog.some((e) => e.action === 'not_hung_up'));
  t.is(f.service.agent('a1').state, 'available');
});
