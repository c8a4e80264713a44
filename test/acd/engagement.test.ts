import test from 'ava';
import { isAcdError } from '../../src/acd/errors.js';
import { agent, fixture, queue } from './harness.js';

function setup() {
  const f = fixture();
  f.service.upsertQueue(queue('q1'));
  f.service.upsertAgent(agent('a1', ['q1']));
  f.service.upsertAgent(agent('a2', ['q1']));
  return f;
}

test('a busy agent (desk call) is offered no queue call; disengaging makes them available and routes', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.service.engage('a1', { purpose: 'outbound' });
  t.is(f.service.agent('a1').state, 'busy');
  t.deepEqual(f.service.agent('a1').engaged, { purpose: 'outbound', callId: undefined });
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  t.deepEqual(f.port.offeredAgents('c1'), []);
  t.is(f.service.queue('q1').staffed, 1, 'busy agents staff the queue (they come back)');
  f.service.disengage('a1');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1']);
  t.deepEqual(
    f.agentLog.filter((e) => e.agentId === 'a1').map((e) => `${e.action}:${e.to}`),
    ['sign_in:available', 'engage:busy', 'disengage:available', 'offer:ringing'],
  );
});

test('engaging from a pause returns to that pause; a pause asked for while busy wins; resume cancels it', (t) => {
  const f = setup();
  f.service.signIn('a1', { pauseReason: 'outbound_calls' });
  f.service.engage('a1', { purpose: 'outbound' });
  f.service.disengage('a1');
  t.like(f.service.agent('a1'), { state: 'paused', pauseReason: 'outbound_calls' });
  f.service.resume('a1');
  f.service.engage('a1', { purpose: 'outbound' });
  t.is(f.service.pause('a1', 'lunch'), 'pending');
  f.service.disengage('a1');
  t.like(f.service.agent('a1'), { state: 'paused', pauseReason: 'lunch' });
  f.service.engage('a1', { purpose: 'outbound' });
  f.service.resume('a1');
  f.service.disengage('a1');
  t.is(f.service.agent('a1').state, 'available');
});

test('a consulted agent takes over the call they were consulted on; others are refused', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.agentAnswered('c1', 'a1');
  f.service.signIn('a2');
  f.service.engage('a2', { purpose: 'consult', callId: 'c1' });
  // Busy on another call: the hand-over is refused.
  f.service.upsertAgent(agent('a3', ['q1']));
  f.service.signIn('a3');
  f.service.engage('a3', { purpose: 'outbound' });
  const refused = t.throws(() => f.service.transferToAgent('a1', 'c1', 'a3'));
  t.true(isAcdError(refused, 'acd_illegal_state'));
  f.service.transferToAgent('a1', 'c1', 'a2');
  t.deepEqual(f.port.offers('c1').map((o) => [o.agentId, o.offer.kind]), [['a1', 'queue'], ['a2', 'transfer']]);
  f.service.agentAnswered('c1', 'a2');
  t.is(f.service.agent('a2').state, 'talking');
  t.is(f.service.caller('c1').agentId, 'a2');
  t.is(f.service.agent('a1').state, 'available');
});

test('engage and disengage refuse wrong states and change nothing', (t) => {
  const f = setup();
  t.true(isAcdError(t.throws(() => f.service.engage('a1', { purpose: 'outbound' })), 'acd_illegal_state'), 'signed out');
  t.true(isAcdError(t.throws(() => f.service.disengage('a1')), 'acd_illegal_state'));
  f.service.signIn('a1');
  t.true(isAcdError(t.throws(() => f.service.engage('a1', { purpose: 'consult', callId: 'nope' })), 'acd_unknown_call'));
  f.service.engage('a1', { purpose: 'outbound' });
  t.true(isAcdError(t.throws(() => f.service.signOut('a1')), 'acd_illegal_state'), 'no sign-out in the middle of a call');
  t.is(f.service.agent('a1').state, 'busy');
});

test('a caller who keys "leave a message" leaves the queue with that outcome', (t) => {
  const f = setup();
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.callerLeft('c1', 'voicemail');
  t.deepEqual(f.records.map((r) => r.outcome), ['voicemail']);
  t.deepEqual(f.waitLog.map((e) => e.outcome), ['voicemail']);
  t.true(isAcdError(t.throws(() => f.service.caller('c1')), 'acd_unknown_call'));
});

test('restart recovery pauses an agent who was busy', (t) => {
  const f = setup();
  const [view] = f.service.recoverAgents([{ id: 'a1', state: 'busy' }]);
  t.like(view, { state: 'paused', pauseReason: 'system_restart' });
});
