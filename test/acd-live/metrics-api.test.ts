/**
 * The metrics API over real calls (queue and agent figures per interval), the Erlang C staffing
 * endpoint with the reference figures, and the Prometheus gauges of queues.
 */
import test from 'ava';
import { addAgent, addQueue, call, manualPhones, ok, phone, signIn, startLive, stateOf, until, type LiveServer } from './harness.js';

let live: LiveServer;

test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service', serviceLevel: { thresholdS: 20, targetPct: 80 } });
  await addAgent(live, { id: 'm1', timeslot: 1, queues: ['service'] });
  manualPhones(live, 1);
});
test.after.always(async () => {
  await live?.close();
});

test.serial('Erlang C: 100 calls per 30 min, AHT 180 s, 14 agents, 20 s → Pw 0.1741, SL 88.84 %, ASA 7.84 s, occupancy 71.4 %', async (t) => {
  const r = await ok(live.admin.get('/api/v1/acd/staffing/erlang-c?calls=100&intervalS=1800&ahtS=180&agents=14&thresholdS=20'));
  t.is(Math.round(r.probabilityOfWaiting * 10_000) / 10_000, 0.1741);
  t.is(Math.round(r.serviceLevel * 10_000) / 100, 88.84);
  t.is(Math.round(r.asaS * 100) / 100, 7.84);
  t.is(Math.round(r.occupancy * 1000) / 10, 71.4);
  t.is(r.trafficErlangs, 10);
  const needed = await ok(live.admin.get('/api/v1/acd/staffing/erlang-c?calls=100&intervalS=1800&ahtS=180&thresholdS=20&targetServiceLevel=0.8'));
  t.is(needed.agentsNeeded, 14, 'the fewest agents for 80/20');
  t.true(needed.serviceLevel >= 0.8);
  const fewer = await ok(live.admin.get('/api/v1/acd/staffing/erlang-c?calls=100&intervalS=1800&ahtS=180&agents=13&thresholdS=20'));
  t.true(fewer.serviceLevel < 0.8, 'one agent fewer misses the target');
  const overloaded = await ok(live.admin.get('/api/v1/acd/staffing/erlang-c?calls=100&intervalS=1800&ahtS=180&agents=9'));
  t.is(overloaded.asaS, null, 'fewer agents than Erlangs: the queue grows without bound');
  const bad = await live.admin.get('/api/v1/acd/staffing/erlang-c?calls=100&ahtS=180');
  t.is(bad.status, 422);
});

test.serial('queue and agent figures from real calls: answered, abandoned, ASA, AHT; Prometheus gauges', async (t) => {
  const from = new Date(live.acd().acd.now()).toISOString();
  // One call answered after ringing, one abandoned while waiting.
  await signIn(live, 'm1');
  const answered = await call(live, '13800000071');
  await until('m1 rings', () => phone(live, 1).ringing);
  await live.card.clock.sleep(3000);
  await phone(live, 1).answer();
  await until('m1 talking', () => stateOf(live, 'm1') === 'talking');
  await live.card.clock.sleep(60_000);
  const waiting = await call(live, '13800000072');
  await until('second waits', () => live.acd().acd.queues.queue('service').waiting === 1);
  await live.services.acd!.deps.activity.flush(); // the sign-in's rows are written
  const scrape = await (await fetch(`${live.url}/metrics`)).text();
  t.regex(scrape, /tellerline_acd_queue_waiting\{tenant="[^"]+",queue="service"\} 1/);
  t.regex(scrape, /tellerline_acd_agents\{tenant="[^"]+",state="talking"\} 1/);
  t.regex(scrape, /tellerline_acd_activity_rows\{path="dead_letter"\} 0/);
  t.regex(scrape, /tellerline_acd_activity_rows\{path="db"\} [1-9]/);
  await live.card.clock.sleep(30_000);
  await waiting.hangUp();
  await answered.hangUp();
  await until('m1 free', () => stateOf(live, 'm1') === 'available');
  await live.services.store.knex.raw('select 1');
  await live.services.acd!.deps.activity.flush();
  const to = new Date(live.acd().acd.now() + 1000).toISOString();
  const queues = await ok(live.admin.get(`/api/v1/acd/metrics/queues?from=${from}&to=${to}&queueId=service`));
  t.is(queues.items.length, 1);
  const q = queues.items[0];
  t.like(q, { offered: 2, answered: 1, abandoned: 1, answeredWithinThreshold: 1 });
  t.true(q.asaS >= 3 && q.asaS < 10, `ASA ${q.asaS}`);
  t.true(q.ahtS >= 60, `AHT ${q.ahtS}`);
  t.is(q.abandonRate, 0.5);
  t.is(q.serviceLevel, 0.5, 'abandoned counted as missed (the default treatment)');
  const excluded = await ok(live.admin.get(`/api/v1/acd/metrics/queues?from=${from}&to=${to}&queueId=service&abandonTreatment=exclude`));
  t.is(excluded.items[0].serviceLevel, 1);
  const agents = await ok(live.admin.get(`/api/v1/acd/metrics/agents?from=${from}&to=${to}&agentId=m1`));
  t.is(agents.items[0].calls, 1);
  t.true(agents.items[0].stateMs.talking >= 60_000);
  t.true(agents.items[0].occupancy > 0);
  const events = await ok(live.admin.get(`/api/v1/acd/agent-events?from=${from}&to=${to}&agentId=m1`));
  t.deepEqual(
    events.items.map((e: { action: string }) => e.action),
    ['sign_in', 'offer', 'answer', 'call_ended'],
  );
});
