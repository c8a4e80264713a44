/**
 * Callback retries on the virtual card: a customer who does not answer the callback (busy line,
 * no answer) is dialled again after the queue's retry delay, keeping their original place once
 * the delay has passed; the agent who dialled is free at once; after the last attempt the
 * callback ends with outcome callback_failed. The desk stream says what happened.
 */
import test from 'ava';
import { filter } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import type { DeskEvent } from '../../src/acd/live/desk-events.js';
import { addAgent, addQueue, bridged, call, manualPhones, nextValue, ok, phone, signIn, startLive, stateOf, until, type LiveServer } from './harness.js';

let live: LiveServer;
const desk: DeskEvent[] = [];

test.before(async () => {
  live = await startLive();
  // The dial plan sends 95501 to 'service': here a queue of that name.
  await addQueue(live, { id: 'service', callback: { attempts: 3, retryDelayS: 120 } });
  await addAgent(live, { id: 'c1', timeslot: 1, queues: ['service'] });
  manualPhones(live, 1);
  live.acd().acd.desk$.subscribe((e) => desk.push(e));
});
test.after.always(async () => {
  await live?.close();
});

const acd = () => live.acd().acd;
const deskOf = (type: string, callId: string) => desk.filter((e) => e.type === type && e.callId === callId);

/** A caller waits (the agent is paused), presses 3 and hangs up; returns the callback's call id. */
async function requestCallback(number: string): Promise<string> {
  if (stateOf(live, 'c1') === 'signed_out') await signIn(live, 'c1', 'training');
  else await ok(live.admin.post('/api/v1/acd/agents/c1/pause', { reason: 'training' }));
  const sim = await call(live, number);
  await until('waiting', () => acd().queues.queue('service').waiting === 1);
  await sim.sendDtmf('3');
  await sim.ended;
  await until('callback pending', () => acd().queues.queue('service').callbacks === 1);
  return [...acd().calls.values()].find((c) => c.entry?.callingNumber === number)!.callId;
}

async function answerAndWaitForFailure(callId: string, attempt: number): Promise<void> {
  await until(`c1 rings for attempt ${attempt}`, () => phone(live, 1).ringing);
  await phone(live, 1).answer();
  await until(`attempt ${attempt} fails`, () => deskOf('callback_failed', callId).length === attempt);
}

test.serial('busy, then answered on the second attempt after the delay; callers who came later are served meanwhile but not before it once due', async (t) => {
  const number = '13800000061';
  live.services.sim!.network.setLine(number, { kind: 'busy' });
  const callId = await requestCallback(number);
  await ok(live.admin.post('/api/v1/acd/agents/c1/resume'));
  await answerAndWaitForFailure(callId, 1);
  const failedAt = acd().now();
  t.like(deskOf('callback_failed', callId)[0], { agentId: 'c1', number, reason: 'busy', attempt: 1, attempts: 3, final: false });
  const scheduled = deskOf('callback_retry_scheduled', callId)[0];
  t.like(scheduled, { attempt: 2, attempts: 3 });
  const retryAt = Date.parse(scheduled!['retryAt'] as string);
  t.true(retryAt - failedAt >= 119_000 && retryAt - failedAt <= 121_000, 'the queue\'s 120 s delay');
  await until('c1 free, not in wrap-up or locked', () => stateOf(live, 'c1') === 'available' && !phone(live, 1).ringing);
  t.like(acd().queues.caller(callId), { status: 'callback', callbackFailures: 1 });
  t.is(acd().queues.queue('service').callbacks, 1, 'still pending in the queue view');

  // A caller arriving during the delay gets the free agent: the delayed callback holds nobody up.
  const later = await call(live, '13800000062');
  await until('c1 rings for the later caller', () => phone(live, 1).ringing && acd().ringingCall('c1')?.calling === '13800000062');
  await phone(live, 1).answer();
  await until('talking to the later caller', () => bridged(live, 'c1'));
  // The delay passes while c1 talks; another caller arrives after the callback is due again.
  await live.card.clock.sleep(Math.max(0, retryAt - acd().now()) + 1000);
  const last = await call(live, '13800000063');
  await until('the last caller waits', () => acd().queues.queue('service').waiting === 1);
  live.services.sim!.network.setLine(number, { kind: 'answer', ringMs: 500 });
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const outbound = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === number)));
  await later.hangUp();
  await until('c1 rings again', () => phone(live, 1).ringing);
  t.is(acd().ringingCall('c1')?.callId, callId, 'the callback, in its original place, before the caller who came after it');
  t.true(acd().now() >= retryAt);
  await phone(live, 1).answer();
  const back = await outbound;
  await back.connected();
  await until('bridged to the customer on the second attempt', () => bridged(live, 'c1'));
  await back.hangUp();
  await until('the last caller is offered next', () => acd().ringingCall('c1')?.calling === '13800000063');
  await last.hangUp();
  await until('c1 free', () => stateOf(live, 'c1') === 'available' && !phone(live, 1).ringing);
  await live.services.acd!.deps.activity.flush();
  const visits = await live.services.store.knex('acd_visits').where({ call_id: callId });
  t.is(visits.length, 1);
  t.like(visits[0], { outcome: 'callback_answered', agent_id: 'c1' });
});

test.serial('a customer who never answers: three attempts, then the callback ends with outcome callback_failed', async (t) => {
  const number = '13800000064';
  live.services.sim!.network.setLine(number, { kind: 'no-answer' });
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const dials: number[] = [];
  const subscription = live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === number)).subscribe(() => dials.push(acd().now()));
  const callId = await requestCallback(number);
  await ok(live.admin.post('/api/v1/acd/agents/c1/resume'));
  for (let attempt = 1; attempt <= 3; attempt++) await answerAndWaitForFailure(callId, attempt);
  subscription.unsubscribe();
  t.is(dials.length, 3);
  t.true(dials[1]! - dials[0]! >= 120_000 && dials[2]! - dials[1]! >= 120_000, 'each retry after the delay');
  t.deepEqual(
    deskOf('callback_failed', callId).map((e) => [e['attempt'], e['reason'], e['final']]),
    [
      [1, 'no_answer', false],
      [2, 'no_answer', false],
      [3, 'no_answer', true],
    ],
  );
  t.is(deskOf('callback_retry_scheduled', callId).length, 2);
  await until('gone from the queue', () => acd().queues.queue('service').callbacks === 0 && !acd().calls.has(callId));
  t.throws(() => acd().queues.caller(callId), { code: 'acd_unknown_call' } as never);
  await until('c1 free', () => stateOf(live, 'c1') === 'available' && !phone(live, 1).ringing);
  await live.services.acd!.deps.activity.flush();
  const visits = await live.services.store.knex('acd_visits').where({ call_id: callId });
  t.is(visits.length, 1);
  t.like(visits[0], { outcome: 'callback_failed', agent_id: null });
  const events = (await live.services.store.knex('acd_agent_events').where({ agent_id: 'c1', action: 'callback_failed', call_id: callId })) as Array<{ to_state: string }>;
  t.deepEqual(events.map((e) => e.to_state), ['available', 'available', 'available'], 'never wrap-up or locked after a failed dial');
});
