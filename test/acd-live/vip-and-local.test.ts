/**
 * VIP priority and local preference on live calls. A stand-in for the IVR on 95588 hands each
 * caller to services.queues the way the IVR does (city, priority from its customer lookup);
 * here the caller's number decides: 1390... VIP, 1381... Shanghai, else Beijing.
 */
import test from 'ava';
import { addAgent, addQueue, call, IVR_NUMBER, manualPhones, ok, phone, signIn, startLive, stateOf, until, type LiveServer } from './harness.js';

let live: LiveServer;

test.before(async () => {
  live = await startLive({
    ivr: (ctx) => ({
      queue: ctx.session.calling.startsWith('1399') ? 'local' : 'main',
      priority: ctx.session.calling.startsWith('1390') ? 10 : 0,
      callerCity: ctx.session.calling.startsWith('1399') ? 'Shanghai' : 'Beijing',
      data: { menu: 'credit-card' },
    }),
  });
  await addQueue(live, { id: 'main', vip: { mode: 'strict' } });
  await addQueue(live, { id: 'local', localPreferenceWaitS: 20 });
  await addAgent(live, { id: 'm1', timeslot: 1, queues: ['main'] });
  await addAgent(live, { id: 'bj', timeslot: 2, queues: ['local'], city: 'Beijing' });
  await addAgent(live, { id: 'sh', timeslot: 3, queues: ['local'], city: 'Shanghai' });
  manualPhones(live, 1, 2, 3);
});
test.after.always(async () => {
  await live?.close();
});

test.serial('a VIP caller goes ahead of ordinary callers who waited longer', async (t) => {
  await signIn(live, 'm1', 'meeting');
  const ordinary = await call(live, '13800000031', IVR_NUMBER);
  await until('ordinary queued', () => live.acd().acd.calls.size === 1);
  await live.card.clock.sleep(2000);
  const vip = await call(live, '13900000031', IVR_NUMBER);
  await until('both queued', () => live.acd().acd.queues.queue('main').waiting === 2);
  await ok(live.admin.post('/api/v1/acd/agents/m1/resume'));
  await until('m1 rings', () => phone(live, 1).ringing);
  t.is(live.acd().acd.ringingCall('m1')?.calling, '13900000031', 'the VIP is offered first');
  await vip.hangUp();
  await until('ordinary offered next', () => live.acd().acd.ringingCall('m1')?.calling === '13800000031');
  await ordinary.hangUp();
  await until('m1 free', () => stateOf(live, 'm1') === 'available' && !phone(live, 1).ringing);
});

test.serial('local preference: a Shanghai caller goes to the Shanghai agent first, to anyone after the wait', async (t) => {
  await signIn(live, 'bj');
  await live.card.clock.sleep(1000);
  await signIn(live, 'sh');
  // bj has been idle longer and would win under longest_idle; the Shanghai caller gets sh.
  const first = await call(live, '13990000001', IVR_NUMBER);
  await until('sh rings', () => phone(live, 3).ringing);
  t.false(phone(live, 2).ringing);
  await phone(live, 3).answer();
  await until('sh talking', () => stateOf(live, 'sh') === 'talking');
  // sh is busy: the next Shanghai caller waits for sh, then (20 s later) may go to bj.
  const second = await call(live, '13990000002', IVR_NUMBER);
  await until('second queued', () => live.acd().acd.queues.queue('local').waiting === 1);
  const queuedAt = live.acd().acd.queues.queue('local').oldestWaitingSince!;
  await live.card.clock.sleep(10_000);
  t.false(phone(live, 2).ringing, 'held for the Shanghai agent during the preference wait');
  await until('bj rings after the wait', () => phone(live, 2).ringing);
  t.true(live.acd().acd.now() - queuedAt >= 20_000, 'not before the 20 s preference wait');
  await second.hangUp();
  await first.hangUp();
  await until('all free', () => stateOf(live, 'sh') === 'available' && stateOf(live, 'bj') === 'available');
  t.true(live.ivrOutcomes.length >= 2);
});
