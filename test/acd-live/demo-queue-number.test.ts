/**
 * The default dial plan has a number straight to queue `general`, so agents can be tried at any
 * hour: on a Sunday evening in Beijing (outside the IVR's agent hours) a call to it still
 * reaches a signed-in agent.
 */
import test from 'ava';
import { telephonySchema } from '../../src/config/schema.js';
import { addAgent, addQueue, bridged, call, signIn, startLive, stateOf, until, type LiveServer } from './harness.js';

const DEMO_QUEUE_NUMBER = '95501';
/** Sunday 10 November 2024, 21:00 in Beijing (13:00 UTC): the IVR's agent route is closed. */
const SUNDAY_EVENING = Date.UTC(2024, 10, 10, 13, 0, 0);
const defaultDialPlan = telephonySchema.parse({}).dialPlan;

let live: LiveServer;
test.before(async () => {
  live = await startLive({ epochMs: SUNDAY_EVENING, config: { dialPlan: defaultDialPlan } });
  await addQueue(live, { id: 'general' });
  await addAgent(live, { id: 'a1', timeslot: 1, queues: ['general'] });
});
test.after.always(async () => {
  await live?.close();
});

test('the default dial plan sends the demo number straight to queue general', (t) => {
  t.like(defaultDialPlan.find((e) => e.number === DEMO_QUEUE_NUMBER), { target: { kind: 'queue', queue: 'general' }, tenant: 'bank' });
});

test('on a Sunday evening a call to the demo number reaches the signed-in agent', async (t) => {
  await signIn(live, 'a1');
  const sim = await call(live, '13800000001', DEMO_QUEUE_NUMBER);
  await until('a1 talking to the caller', () => stateOf(live, 'a1') === 'talking' && bridged(live, 'a1'));
  t.is(stateOf(live, 'a1'), 'talking');
  await sim.hangUp();
  await until('a1 available again', () => stateOf(live, 'a1') === 'available');
  await live.services.records.flush();
  const cdr = await live.services.store.knex('cdr').where({ called: DEMO_QUEUE_NUMBER }).first();
  t.like(cdr, { queue: 'general', agent_id: 'a1', disposition: 'NORMAL' });
});
