import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('transfer to a queue: the agent wraps up, the caller keeps their rank in the new queue', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('general', { wrapUpS: 10 }));
  f.service.upsertQueue(queue('experts'));
  f.service.upsertAgent(agent('a1', ['general']));
  f.service.upsertAgent(agent('x1', ['experts']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'general' });
  f.service.agentAnswered('c1', 'a1');
  f.clock.advanceBy(30_000);
  f.service.callerEntered({ callId: 'e1', queueId: 'experts' });
  f.service.transferToQueue('a1', 'c1', 'experts');
  t.is(f.service.agent('a1').state, 'wrap_up');
  t.like(f.service.caller('c1'), { queueId: 'experts', status: 'waiting' });
  t.is(f.service.caller('c1').estimate.position, 1, 'entered the ACD before e1');
  t.is(f.records.find((r) => r.callId === 'c1'), undefined, 'recorded after the wrap-up');
  f.clock.advanceBy(10_000);
  t.like(f.records.find((r) => r.callId === 'c1' && r.queueId === 'general'), { outcome: 'answered', talkMs: 30_000, wrapMs: 10_000 });
  f.service.signIn('x1');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1', 'x1']);
});

test('transfer to an agent: rings the named agent; if they do not answer the caller returns to the queue', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('general', { ringTimeoutS: 10 }));
  f.service.upsertAgent(agent('a1', ['general']));
  f.service.upsertAgent(agent('expert', []));
  f.service.signIn('a1');
  f.service.signIn('expert');
  t.deepEqual(f.service.availableAgents().map((a) => a.id).sort(), ['a1', 'expert']);
  f.service.callerEntered({ callId: 'c1', queueId: 'general' });
  f.service.agentAnswered('c1', 'a1');
  f.service.transferToAgent('a1', 'c1', 'expert');
  t.like(f.port.offers('c1').at(-1), { agentId: 'expert', offer: { kind: 'transfer' } });
  t.is(f.service.agent('a1').state, 'available', 'no wrap-up configured');
  f.clock.advanceBy(10_000);
  t.is(f.service.agent('expert').state, 'locked');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1', 'expert', 'a1'], 'back in the queue, offered to a1 again');
});

test('pick-up (代接): another agent answers a call ringing at a seat; the ringing agent keeps their place', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.upsertAgent(agent('a2', []));
  f.service.signIn('a1');
  f.service.signIn('a2');
  const since = f.service.agent('a1').availableSince;
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(4000);
  f.service.pickUp('a2', 'c1');
  t.like(f.service.agent('a2'), { state: 'talking', callId: 'c1' });
  t.like(f.service.agent('a1'), { state: 'available', availableSince: since });
  t.like(f.service.caller('c1'), { status: 'connected', agentId: 'a2' });
  f.service.agentHungUp('c1', 'a2');
  t.like(f.records.find((r) => r.callId === 'c1'), { outcome: 'answered', agentId: 'a2', waitMs: 4000 });
});
