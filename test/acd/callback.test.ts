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
  t.throws(() => f.service.caller('cb'), { code: 'acd_unknown_call' } as never);
});

test('an unanswered callback: the agent is free at once, the callback waits out the delay, then keeps its original place', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { wrapUpS: 30, callback: { attempts: 3, retryDelayS: 300 } }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'c0', queueId: 'q' }); // before the callback: stays before it
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'cb', queueId: 'q' });
  f.service.requestCallback('cb', '13812345678');
  f.clock.advanceBy(1000);
  f.service.signIn('a1');
  t.deepEqual(f.port.offeredAgents('c0'), ['a1'], 'the earlier caller first');
  f.service.agentAnswered('c0', 'a1');
  f.service.agentHungUp('c0', 'a1');
  t.is(f.service.agent('a1').state, 'wrap_up');
  f.clock.advanceBy(30_000);
  t.deepEqual(f.port.offeredAgents('cb'), ['a1']);
  f.service.agentAnswered('cb', 'a1');
  const answeredBefore = f.service.agent('a1').stats.answered;
  f.clock.advanceBy(20_000); // rings out at the customer's end
  const first = f.service.callbackFailed('cb', 'a1', 'no_answer');
  t.deepEqual(first, { attempt: 1, attempts: 3, retryAt: f.clock.now() + 300_000 });
  t.is(f.service.agent('a1').state, 'available', 'no wrap-up and no lock for a dial nobody answered');
  t.is(f.service.agent('a1').stats.answered, answeredBefore - 1, 'not an answered call');
  t.like(f.agentLog.at(-1), { action: 'callback_failed', from: 'talking', to: 'available', reason: 'no_answer', callId: 'cb' });
  t.like(f.service.caller('cb'), { status: 'callback', callbackFailures: 1, callbackRetryAt: first.retryAt });
  t.is(f.service.queue('q').callbacks, 1, 'still shown as a pending callback');

  // A caller arriving during the delay is served meanwhile; another waits behind it.
  f.service.callerEntered({ callId: 'c2', queueId: 'q' });
  t.deepEqual(f.port.offeredAgents('c2'), ['a1'], 'not held up by the delayed callback');
  f.service.agentAnswered('c2', 'a1');
  f.clock.advanceBy(1000);
  f.service.callerEntered({ callId: 'c3', queueId: 'q' });
  t.is(f.service.caller('c3').estimate.position, 2, 'the delayed callback keeps its place ahead');
  f.clock.advanceBy(100_000);
  f.service.agentHungUp('c2', 'a1');
  f.clock.advanceBy(30_000); // wrap-up over, the delay is not
  t.deepEqual(f.port.offeredAgents('c3'), ['a1'], 'the callback is not offered before its delay');
  t.deepEqual(f.port.offeredAgents('cb'), ['a1']);
  f.service.agentAnswered('c3', 'a1');
  f.service.callerEntered({ callId: 'c4', queueId: 'q' });
  f.clock.advanceBy(200_000); // the delay passes while a1 talks
  t.deepEqual(f.port.offeredAgents('cb'), ['a1'], 'nobody free: not offered yet');
  f.service.agentHungUp('c3', 'a1');
  f.clock.advanceBy(30_000);
  t.deepEqual(f.port.offeredAgents('cb'), ['a1', 'a1'], 'once due, back in its original place: before c4, who came later');
  t.deepEqual(f.port.offeredAgents('c4'), []);
  t.like(f.port.offers('cb')[1]?.offer, { kind: 'callback', callbackNumber: '13812345678' });
  f.service.agentAnswered('cb', 'a1');
  f.clock.advanceBy(60_000);
  f.service.agentHungUp('cb', 'a1');
  f.clock.advanceBy(30_000);
  t.like(f.records.find((r) => r.callId === 'cb'), { outcome: 'callback_answered', talkMs: 60_000 });
});

test('a callback nobody ever answers ends after the last attempt with outcome callback_failed', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q', { callback: { attempts: 2, retryDelayS: 60 } }));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.callerEntered({ callId: 'cb', queueId: 'q' });
  f.service.requestCallback('cb', '13812345678');
  f.service.signIn('a1');
  f.service.agentAnswered('cb', 'a1');
  t.like(f.service.callbackFailed('cb', 'a1', 'busy'), { attempt: 1, attempts: 2 });
  f.clock.advanceBy(59_000);
  t.is(f.port.offers('cb').length, 1);
  f.clock.advanceBy(1000);
  t.is(f.port.offers('cb').length, 2, 'offered again when the delay is over, the agent being idle');
  f.service.agentAnswered('cb', 'a1');
  t.is(f.service.pause('a1', 'lunch'), 'pending');
  t.deepEqual(f.service.callbackFailed('cb', 'a1', 'no_answer'), { attempt: 2, attempts: 2, retryAt: undefined });
  t.like(f.service.agent('a1'), { state: 'paused', pauseReason: 'lunch' });
  t.throws(() => f.service.caller('cb'), { code: 'acd_unknown_call' } as never);
  t.is(f.service.queue('q').callbacks, 0);
  const visit = f.records.find((r) => r.callId === 'cb');
  t.like(visit, { outcome: 'callback_failed', waitMs: 60_000 });
  t.is(visit?.agentId, undefined);
  t.throws(() => f.service.callbackFailed('cb', 'a1'), { code: 'acd_unknown_call' } as never);
});

test('callbackFailed is refused for a call that is not a callback being dialled', (t) => {
  const f = fixture();
  f.service.upsertQueue(queue('q'));
  f.service.upsertAgent(agent('a1', ['q']));
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q' });
  f.service.agentAnswered('c1', 'a1');
  t.throws(() => f.service.callbackFailed('c1', 'a1'), { code: 'acd_illegal_state' } as never);
  t.is(f.service.agent('a1').state, 'talking');
});
