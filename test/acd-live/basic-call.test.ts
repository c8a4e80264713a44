import test from 'ava';
import { addAgent, bridged, addQueue, call, callerParty, hearsMusic, manualPhones, phone, phoneParty, ringing, signIn, startLive, stateOf, talk, until, whoHears, type LiveServer } from './harness.js';

let live: LiveServer;
test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addAgent(live, { id: 'a1', timeslot: 1, queues: ['service'] });
  await addAgent(live, { id: 'a2', timeslot: 2, queues: ['service'] });
});
test.after.always(async () => {
  await live?.close();
});

test.serial('a caller waits with music, the agent\'s phone rings, answering bridges them; hang-up ends it with records', async (t) => {
  manualPhones(live, 1, 2);
  const sim = await call(live, '13800000001');
  const caller = callerParty(sim);
  await until('caller queued', () => live.acd().acd.calls.size === 1);
  t.true(await hearsMusic(live, caller, 'basic'), 'music while nobody is signed in');
  await signIn(live, 'a1');
  await signIn(live, 'a2');
  await ringing(live, 1);
  t.is(stateOf(live, 'a1'), 'ringing');
  await phone(live, 1).answer();
  await until('a1 talking', () => stateOf(live, 'a1') === 'talking' && bridged(live, 'a1'));
  const agent = phoneParty(live, 1, 'a1', 1300);
  await talk([caller, agent]);
  t.deepEqual(await whoHears(live, [caller, agent], 'basic'), { caller: ['a1'], a1: ['caller'] });
  await sim.hangUp();
  await until('a1 available again', () => stateOf(live, 'a1') === 'available');
  await live.services.records.flush();
  const cdr = await live.services.store.knex('cdr').first();
  t.like(cdr, { queue: 'service', agent_id: 'a1', disposition: 'NORMAL' });
  const log = await live.services.store.knex('agent_service_log').where({ agent_id: 'a1' }).orderBy('at');
  t.deepEqual(log.map((e: { event: string }) => e.event), ['sign_in', 'call_start', 'call_end']);
  const busy = await live.services.store.knex('all_busy_log');
  t.is(busy.length, 1, 'the caller had to wait: nobody was signed in');
  t.like(busy[0], { queue: 'service', outcome: 'answered' });
});
