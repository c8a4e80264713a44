import test from 'ava';
import { agent, fixture, queue } from './harness.js';

test('a callback keeps the caller’s place; when their turn comes an agent is reserved for it', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { maxWaitS: 300 }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c3', queueId: 'q' });
  f.service.requestCallback('c2', '13812345678');
  t.true(f.port.commands.some((c) => c.op === 'play' && c.callId === 'c2' && c.what.kind === 'callback_confirmed'));
  t.like(f.service.caller('c2'), { status: 'callback' });
  t.is(f.service.caller('c2').estimate.position, 2);
  t.like(f.waitLog.find((e) => e.callId === 'c2'), { outcome: 'callback_requested' });
  f.service.callerHungUp('c2'); // the line going away after the request is expected
  t.is(f.service.caller('c2').status, 'callback');
  f.clock.advanceBy(600_000); // no max wait for a callback
  t.is(f.service.caller('c2').status, 'callback');

  // c1 and c3 timed out (max wait 300 s) — the callback is still in line; give the queue an agent.
  t.true(f.port.commands.some((c) => c.op === 'voicemail' && c.callId === 'c1'));
  f.service.callerEntered({ callId: 'c4', queueId: 'q' });
  f.service.signIn('a1');
  const offer = f.port.offers('c2')[0];
  t.truthy(offer, 'callback due before c4, who came later');
  t.like(offer?.offer, { kind: 'callback', callbackNumber: '13812345678' });
  t.is(f.service.agent('a1').state, 'ringing');
  t.deepEqual(f.port.offeredAgents('c4'), []);

  f.service.agentAnswered('c2', 'a1');
  f.clock.advanceBy(90_000);
  f.service.agentHungUp('c2', 'a1');
  t.like(f.records.find((r) => r.callId === 'c2'), { outcome: 'callback_answered', talkMs: 90_000 });
  t.deepEqual(f.port.offeredAgents('c4'), ['a1']);
});

test('a declined callback goes back in line with its place; a cancelled one leaves', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.upsertAgent(agent('a2', ['q']));
  f.service.callerEntered({ callId: 'cb', queueId: 'q' });
  f.service.requestCallback('cb', '02161234567');
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  f.service.signIn('a1');
  t.deepEqual(f.port.offeredAgents('cb'), ['a1']);
  f.service.agentRejected('cb', 'a1');
  t.deepEqual(f.port.offeredAgents('c2'), ['a1']);
  t.is(f.service.caller('cb').status, 'callback');
  t.is(f.service.caller('cb').estimate.position, 1);
  f.service.cancelCallback('cb');
  t.like(f.records.find((r) => r.callId === 'cb'), { outcome: 'callback_cancelled' });
  t.throws(() => f.service.caller('cb'), { code: 'ACD_UNKNOWN_CALL' } as never);
});
