/**
 * Agent states on live calls: a phone left ringing past the queue's ring timeout locks the seat
 * (闭锁) and the call goes to the next agent; wrap-up after a call of one queue keeps the agent
 * from every queue; a caller who asks to be called back keeps their place and is called back
 * through the trunks when it is their turn.
 */
import test from 'ava';
import { filter } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import { addAgent, addQueue, call, manualPhones, ok, phone, phoneParty, signIn, startLive, stateOf, talk, until, whoHears, type LiveServer, type Party, nextValue } from './harness.js';

let live: LiveServer;

test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'lockq', ringTimeoutS: 5, lockAfterNoAnswers: 1 });
  await addQueue(live, { id: 'sales', wrapUpS: 30 });
  await addQueue(live, { id: 'loans' });
  await addQueue(live, { id: 'cb' });
  // The dial plan sends 95501 to the entry point 'service': the calling number picks the queue.
  const by = (queueId: string, ...numbers: string[]) => ({ id: queueId, queueId, callingNumber: { exact: numbers } });
  await ok(
    live.admin.post('/api/v1/acd/entry-points', {
      id: 'service',
      defaultQueueId: 'lockq',
      rules: [by('sales', '13800000043'), by('loans', '13800000044'), by('cb', '13800000051', '13800000052', '13800000053')],
    }),
  );
  await addAgent(live, { id: 'l1', timeslot: 1, queues: ['lockq'] });
  await addAgent(live, { id: 'l2', timeslot: 2, queues: ['lockq'] });
  await addAgent(live, { id: 'w1', timeslot: 3, queues: ['sales', 'loans'] });
  await addAgent(live, { id: 'c1', timeslot: 4, queues: ['cb'] });
  await addAgent(live, { id: 'c2', timeslot: 5, queues: ['cb'] });
  manualPhones(live, 1, 2, 3, 4, 5);
});
test.after.always(async () => {
  await live?.close();
});

test.serial('lock on no-answer: the seat that let it ring is locked, the next agent gets the call, unlock brings it back', async (t) => {
  await signIn(live, 'l1');
  await live.card.clock.sleep(500);
  await signIn(live, 'l2');
  const sim = await call(live, '13800000041');
  await until('l1 rings', () => phone(live, 1).ringing);
  await until('l2 rings after the timeout', () => phone(live, 2).ringing);
  t.is(stateOf(live, 'l1'), 'locked');
  t.false(phone(live, 1).ringing, 'the locked seat stops ringing');
  await phone(live, 2).answer();
  await until('l2 talking', () => stateOf(live, 'l2') === 'talking');
  await sim.hangUp();
  await live.services.records.flush();
  const events = await live.services.store.knex('agent_service_log').where({ agent_id: 'l1' }).orderBy('at');
  t.deepEqual(events.map((e: { event: string }) => e.event), ['sign_in', 'ring_no_answer', 'lock']);
  const refused = await live.admin.post('/api/v1/acd/agents/l1/resume');
  t.is(refused.status, 409, 'a locked seat is unlocked, not resumed');
  await ok(live.admin.post('/api/v1/acd/agents/l1/unlock'));
  t.is(stateOf(live, 'l1'), 'available');
});

test.serial('wrap-up across queues: after a sales call the agent gets no loans call until wrap-up ends', async (t) => {
  await signIn(live, 'w1');
  const first = await call(live, '13800000043');
  await until('w1 rings', () => phone(live, 3).ringing);
  await phone(live, 3).answer();
  await until('w1 talking', () => stateOf(live, 'w1') === 'talking');
  await first.hangUp();
  await until('w1 wraps up', () => stateOf(live, 'w1') === 'wrap_up');
  const wrapUntil = live.acd().acd.queues.agent('w1').wrapUntil!;
  const second = await call(live, '13800000044');
  await live.card.clock.sleep(10_000);
  t.false(phone(live, 3).ringing, 'no loans call during the sales wrap-up');
  await until('w1 rings after wrap-up', () => phone(live, 3).ringing);
  t.true(live.acd().acd.now() >= wrapUntil, 'not before the end of the sales queue\'s 30 s wrap-up');
  await second.hangUp();
  await until('w1 free', () => stateOf(live, 'w1') === 'available');
});

test.serial('callback keeps the place: the caller leaves the line, later callers wait behind, the agent calls back', async (t) => {
  await signIn(live, 'c1', 'training');
  const first = await call(live, '13800000051');
  await live.card.clock.sleep(1000);
  // Press 3: "call me back" (the queue's callback key).
  await first.sendDtmf('3');
  await first.ended;
  const second = await call(live, '13800000052');
  await until('callback still in line, before the second caller', () => {
    const q = live.acd().acd.queues.queue('cb');
    return q.callbacks === 1 && q.waiting === 1;
  });
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const outbound = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === '13800000051')));
  await ok(live.admin.post('/api/v1/acd/agents/c1/resume'));
  await until('c1 rings', () => phone(live, 4).ringing);
  await phone(live, 4).answer();
  const back = await outbound;
  await back.connected();
  const customer: Party = { name: 'customer', freq: 2500, channel: () => live.card.span(back.span).channel(back.channel) };
  const agent = phoneParty(live, 4, 'c1', 1300);
  await until('bridged to the callback', () => [...live.acd().acd.calls.values()].some((c) => c.owner?.agentId === 'c1' && c.customer !== undefined && c.isMember(c.customer.channel)));
  await talk([customer, agent]);
  t.deepEqual(await whoHears(live, [customer, agent], 'callback'), { customer: ['c1'], c1: ['customer'] });
  t.is(live.acd().acd.queues.queue('cb').waiting, 1, 'the second caller still waits behind');
  await back.hangUp();
  await until('second caller offered', () => live.acd().acd.ringingCall('c1')?.calling === '13800000052');
  await second.hangUp();
});

test.serial('a callback ringing at one seat and picked up (代接) at another: the customer is called back and talks with the picking agent', async (t) => {
  await ok(live.admin.post('/api/v1/acd/agents/c1/pause', { reason: 'training' }));
  const caller = await call(live, '13800000053');
  await live.card.clock.sleep(1000);
  await caller.sendDtmf('3');
  await caller.ended;
  await until('callback pending', () => live.acd().acd.queues.queue('cb').callbacks === 1);
  await ok(live.admin.post('/api/v1/acd/agents/c1/resume'));
  await until('c1 rings with the callback', () => phone(live, 4).ringing);
  await signIn(live, 'c2');
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const outbound = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === '13800000053')));
  await ok(live.admin.post('/api/v1/acd/agents/c2/pick-up', { agentId: 'c1' }));
  await until('c2 rings', () => phone(live, 5).ringing);
  await until('c1 stops ringing', () => !phone(live, 4).ringing);
  await phone(live, 5).answer();
  const back = await outbound;
  await back.connected();
  const customer: Party = { name: 'customer', freq: 2500, channel: () => live.card.span(back.span).channel(back.channel) };
  const agent = phoneParty(live, 5, 'c2', 1700);
  await until('bridged to the callback', () => [...live.acd().acd.calls.values()].some((c) => c.owner?.agentId === 'c2' && c.customer !== undefined && c.isMember(c.customer.channel)));
  await talk([customer, agent]);
  t.deepEqual(await whoHears(live, [customer, agent], 'callback-pickup'), { customer: ['c2'], c2: ['customer'] });
  t.is(live.acd().acd.queues.queue('cb').callbacks, 0);
  await back.hangUp();
  await until('c2 free', () => stateOf(live, 'c2') !== 'talking');
});
