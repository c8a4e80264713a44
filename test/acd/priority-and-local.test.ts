import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('strict VIP: a higher priority caller is served first, then the longest waiting', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'early', queueId: 'q' });
  f.clock.advanceBy(10_000);
  f.service.callerEntered({ callId: 'late', queueId: 'q' });
  f.clock.advanceBy(10_000);
  f.service.callerEntered({ callId: 'vip', queueId: 'q', priority: 10 });
  t.is(f.service.caller('vip').estimate.position, 1);
  t.is(f.service.caller('early').estimate.position, 2);
  f.service.signIn('a1');
  t.deepEqual(f.port.offeredAgents('vip'), ['a1']);
  f.service.agentAnswered('vip', 'a1');
  f.service.agentHungUp('vip', 'a1');
  t.deepEqual(f.port.offeredAgents('early'), ['a1']);
  f.service.agentAnswered('early', 'a1');
  f.service.agentHungUp('early', 'a1');
  t.deepEqual(f.port.offeredAgents('late'), ['a1']);
});

test('boost VIP: each priority level counts as boostS seconds of waiting; ignore: first come first served', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('boost', { vip: { mode: 'boost', boostS: 30 } }));
  f.service.upsertQueue(queue('fifo', { vip: { mode: 'ignore' } }));
  f.service.callerEntered({ callId: 'b-old', queueId: 'boost' });
  f.service.callerEntered({ callId: 'f-old', queueId: 'fifo' });
  f.clock.advanceBy(100_000);
  f.service.callerEntered({ callId: 'b-vip2', queueId: 'boost', priority: 2 }); // as if 60 s earlier: still behind b-old
  f.service.callerEntered({ callId: 'b-vip5', queueId: 'boost', priority: 5 }); // 150 s earlier: ahead of b-old
  f.service.callerEntered({ callId: 'f-vip', queueId: 'fifo', priority: 9 });
  t.is(f.service.caller('b-vip5').estimate.position, 1);
  t.is(f.service.caller('b-old').estimate.position, 2);
  t.is(f.service.caller('b-vip2').estimate.position, 3);
  t.is(f.service.caller('f-old').estimate.position, 1);
  t.is(f.service.caller('f-vip').estimate.position, 2);
});

test('changing the VIP mode re-ranks callers already waiting', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { vip: { mode: 'ignore' } }));
  f.service.callerEntered({ callId: 'plain', queueId: 'q' });
  f.service.callerEntered({ callId: 'vip', queueId: 'q', priority: 3 });
  t.is(f.service.caller('vip').estimate.position, 2);
  f.service.upsertQueue(queue('q', { vip: { mode: 'strict' } }));
  t.is(f.service.caller('vip').estimate.position, 1);
});

function localSetup() {
  const f = fixture();
  f.service.upsertQueue(queue('q', { localPreferenceWaitS: 30 }));
  f.service.upsertAgent(agent('bj', ['q'], { city: 'beijing' }));
  f.service.upsertAgent(agent('sh', ['q'], { city: 'shanghai' }));
  f.service.upsertAgent(agent('sh2', ['q'], { city: 'shanghai' }));
  return f;
}

test('local preference: a caller goes to an agent of their own city first', (t) => {
  const f = localSetup();
  f.service.signIn('bj'); // longest idle, but from another city
  f.clock.advanceBy(5000);
  f.service.signIn('sh');
  f.service.callerEntered({ callId: 'c1', queueId: 'q', callerCity: 'shanghai' });
  t.deepEqual(f.port.offeredAgents('c1'), ['sh']);
  f.service.callerEntered({ callId: 'c2', queueId: 'q', callerCity: 'guangzhou' });
  t.deepEqual(f.port.offeredAgents('c2'), ['bj'], 'a city with no staffed agent: anyone at once');
});

test('local preference: while the city’s agents are busy the caller waits, then after the wait anyone may answer', (t) => {
  const f = localSetup();
  f.service.signIn('bj');
  f.service.signIn('sh');
  f.service.callerEntered({ callId: 'busy', queueId: 'q', callerCity: 'shanghai' });
  f.service.agentAnswered('busy', 'sh');
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c1', queueId: 'q', callerCity: 'shanghai' });
  t.deepEqual(f.port.offeredAgents('c1'), [], 'bj is available but not from Shanghai');
  f.clock.advanceBy(29_999);
  t.deepEqual(f.port.offeredAgents('c1'), []);
  f.clock.advanceBy(1);
  t.deepEqual(f.port.offeredAgents('c1'), ['bj'], 'after 30 s anyone may answer');
});

test('local preference: a Shanghai agent freeing up takes the Shanghai caller before the wait ends', (t) => {
  const f = localSetup();
  f.service.signIn('bj');
  f.service.signIn('sh');
  f.service.callerEntered({ callId: 'busy', queueId: 'q', callerCity: 'shanghai' });
  f.service.agentAnswered('busy', 'sh');
  f.service.callerEntered({ callId: 'c1', queueId: 'q', callerCity: 'shanghai' });
  f.service.callerEntered({ callId: 'c2', queueId: 'q', callerCity: 'beijing' });
  t.deepEqual(f.port.offeredAgents('c2'), ['bj'], 'the Beijing caller behind is not held up');
  f.clock.advanceBy(10_000);
  f.service.agentHungUp('busy', 'sh');
  t.deepEqual(f.port.offeredAgents('c1'), ['sh']);
});

test('local preference: when the city’s last staffed agent pauses, its callers may go to anyone at once', (t) => {
  const f = localSetup();
  f.service.signIn('bj');
  f.service.signIn('sh');
  f.service.callerEntered({ callId: 'busy', queueId: 'q', callerCity: 'shanghai' });
  f.service.agentAnswered('busy', 'sh');
  f.service.callerEntered({ callId: 'c1', queueId: 'q', callerCity: 'shanghai' });
  t.deepEqual(f.port.offeredAgents('c1'), []);
  f.service.pause('sh', 'after-call');
  t.is(f.service.agent('sh').state, 'talking');
  f.service.agentHungUp('busy', 'sh');
  t.is(f.service.agent('sh').state, 'paused');
  t.deepEqual(f.port.offeredAgents('c1'), ['bj']);
});
