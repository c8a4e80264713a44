import test from 'ava';
import { allowedTransitions, canTransition } from '../../src/acd/agent-state.js';
import { isAcdError, type AcdErrorCode } from '../../src/acd/errors.js';
import { agent, fixture, queue, type Fixture } from './harness.js';

function snapshot(f: Fixture): unknown {
  return {
    agents: f.service.listAgents(),
    queues: f.service.listQueues(),
    log: f.agentLog.length,
    commands: f.port.commands.length,
    records: f.records.length,
  };
}

/** Asserts the action is refused with `code` and that nothing observable changed. */
function refused(t: import('ava').ExecutionContext, f: Fixture, code: AcdErrorCode, action: () => unknown): void {
  const before = snapshot(f);
  const error = t.throws(action);
  t.true(isAcdError(error, code), `expected ${code}, got ${(error as { code?: string } | undefined)?.code}`);
  t.deepEqual(snapshot(f), before, 'a refused action changes nothing');
}

function setup(): Fixture {
  const f = fixture();
  f.service.upsertQueue(queue('q1'));
  f.service.upsertQueue(queue('q2'));
  f.service.upsertAgent(agent('a1', ['q1']));
  f.service.upsertAgent(agent('a2', ['q1', 'q2']));
  return f;
}

test('the transition table allows the documented paths only', (t) => {
  t.true(canTransition('available', 'ringing', 'offer'));
  t.true(canTransition('ringing', 'locked', 'ring_timeout'));
  t.true(canTransition('talking', 'wrap_up', 'call_ended'));
  t.true(canTransition('locked', 'available', 'unlock'));
  t.false(canTransition('paused', 'talking', 'answer'));
  t.false(canTransition('locked', 'ringing', 'offer'));
  t.false(canTransition('wrap_up', 'ringing', 'offer'));
  t.false(canTransition('talking', 'signed_out', 'sign_out'));
  t.false(canTransition('signed_out', 'ringing', 'offer'));
  const rows = allowedTransitions();
  t.true(rows.every((r) => r.actions.length > 0));
  t.false(rows.some((r) => r.to === 'talking' && r.from !== 'ringing'), 'only an answered ring leads to talking');
});

test('unknown agent, queue and call are refused with their codes', (t) => {
  const f = setup();
  f.service.signIn('a1');
  refused(t, f, 'acd_unknown_agent', () => f.service.signIn('nobody'));
  refused(t, f, 'acd_unknown_agent', () => f.service.pause('nobody', 'lunch'));
  refused(t, f, 'acd_unknown_queue', () => f.service.callerEntered({ callId: 'c1', queueId: 'nowhere' }));
  refused(t, f, 'acd_unknown_queue', () => f.service.setMembership('a1', { queueId: 'nowhere' }));
  refused(t, f, 'acd_unknown_call', () => f.service.agentAnswered('no-call', 'a1'));
  refused(t, f, 'acd_unknown_call', () => f.service.callerHungUp('no-call'));
  refused(t, f, 'acd_unknown_agent', () => f.service.agentAnswered('no-call', 'nobody'));
  refused(t, f, 'acd_not_member', () => f.service.removeMembership('a1', 'q2'));
  refused(t, f, 'acd_invalid_config', () => f.service.upsertQueue({ id: 'bad', name: 'bad', strategy: 'fastest' as never }));
  refused(t, f, 'acd_invalid_config', () => f.service.upsertAgent({ id: 'x', name: 'x', extension: '1', skills: { english: 11 } }));
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  refused(t, f, 'acd_duplicate_call', () => f.service.callerEntered({ callId: 'c1', queueId: 'q1' }));
  refused(t, f, 'acd_queue_in_use', () => f.service.removeQueue('q1'));
});

test('illegal actions are refused with acd_illegal_state and change nothing', (t) => {
  const f = setup();
  // Answer while paused: the paused agent is never offered the call and cannot take it.
  f.service.signIn('a1', { pauseReason: 'training' });
  f.service.signIn('a2');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  t.deepEqual(f.port.offeredAgents('c1'), ['a2']);
  refused(t, f, 'acd_illegal_state', () => f.service.agentAnswered('c1', 'a1'));
  // Transfer with no call.
  refused(t, f, 'acd_illegal_state', () => f.service.transferToQueue('a1', 'c1', 'q2'));
  refused(t, f, 'acd_illegal_state', () => f.service.transferToQueue('a2', 'c1', 'q2')); // ringing, not talking
  // State-bound actions in the wrong state.
  refused(t, f, 'acd_illegal_state', () => f.service.signIn('a1'));
  refused(t, f, 'acd_illegal_state', () => f.service.unlock('a1'));
  refused(t, f, 'acd_illegal_state', () => f.service.ready('a1'));
  refused(t, f, 'acd_illegal_state', () => f.service.resume('a2'));
  refused(t, f, 'acd_illegal_state', () => f.service.requestCallback('c1', '13800000000')); // ringing, not waiting
  refused(t, f, 'acd_illegal_state', () => f.service.removeAgent('a2'));
  f.service.agentAnswered('c1', 'a2');
  refused(t, f, 'acd_illegal_state', () => f.service.signOut('a2', { kind: 'supervisor', id: 's1' }));
  refused(t, f, 'acd_illegal_state', () => f.service.agentAnswered('c1', 'a2'));
  refused(t, f, 'acd_illegal_state', () => f.service.agentHungUp('c1', 'a1'));
  refused(t, f, 'acd_illegal_state', () => f.service.transferToAgent('a2', 'c1', 'a1')); // target paused
  refused(t, f, 'acd_illegal_state', () => f.service.pickUp('a1', 'c1'));
  f.service.signOut('a1');
  refused(t, f, 'acd_illegal_state', () => f.service.pause('a1', 'lunch'));
  refused(t, f, 'acd_illegal_state', () => f.service.signOut('a1'));
});

test('every state change is logged with who, from, to, reason and time, and follows the table', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.clock.advanceBy(1000);
  f.service.pause('a1', 'lunch', { kind: 'supervisor', id: 'sup-7' });
  f.clock.advanceBy(1000);
  f.service.resume('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.agentAnswered('c1', 'a1');
  f.service.callerHungUp('c1');
  f.service.signOut('a1');
  t.deepEqual(
    f.agentLog.map((e) => [e.action, e.from, e.to]),
    [
      ['sign_in', 'signed_out', 'available'],
      ['pause', 'available', 'paused'],
      ['resume', 'paused', 'available'],
      ['offer', 'available', 'ringing'],
      ['answer', 'ringing', 'talking'],
      ['call_ended', 'talking', 'available'],
      ['sign_out', 'available', 'signed_out'],
    ],
  );
  const pause = f.agentLog[1];
  t.like(pause, { agentId: 'a1', reason: 'lunch', actor: { kind: 'supervisor', id: 'sup-7' }, at: f.agentLog[0]!.at + 1000 });
  t.like(f.agentLog[3], { callId: 'c1', queueId: 'q1' });
  t.true(f.agentLog.every((e) => canTransition(e.from, e.to, e.action as never)));
});

test('a pause asked for during a call takes effect when the call ends; resume cancels it', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.agentAnswered('c1', 'a1');
  t.is(f.service.pause('a1', 'meeting'), 'pending');
  t.is(f.service.agent('a1').state, 'talking');
  f.service.callerEntered({ callId: 'c2', queueId: 'q1' });
  f.service.agentHungUp('c1', 'a1');
  t.like(f.service.agent('a1'), { state: 'paused', pauseReason: 'meeting' });
  t.deepEqual(f.port.offeredAgents('c2'), [], 'a paused agent gets no call');

  f.service.resume('a1');
  t.deepEqual(f.port.offeredAgents('c2'), ['a1']);
  f.service.agentAnswered('c2', 'a1');
  f.service.pause('a1', 'meeting');
  f.service.resume('a1');
  f.service.agentHungUp('c2', 'a1');
  t.is(f.service.agent('a1').state, 'available');
});

test('pausing while ringing declines the offer; the caller goes to the next agent', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.clock.advanceBy(1000);
  f.service.signIn('a2');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.pause('a1', 'toilet');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1', 'a2']);
  t.true(f.port.commands.some((c) => c.op === 'cancel' && c.agentId === 'a1' && c.reason === 'agent_declined'));
});

test('a supervisor can force a ringing agent out; the caller keeps their place', (t) => {
  const f = setup();
  f.service.signIn('a1');
  f.service.callerEntered({ callId: 'c1', queueId: 'q1' });
  f.service.callerEntered({ callId: 'c2', queueId: 'q1' });
  f.service.signOut('a1', { kind: 'supervisor', id: 'sup' });
  t.is(f.service.caller('c1').estimate.position, 1);
  f.service.signIn('a2');
  t.deepEqual(f.port.offeredAgents('c1'), ['a1', 'a2']);
});
