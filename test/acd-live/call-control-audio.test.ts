/**
 * Agent call control on the virtual card, checked by audio: every party talks in its own tone
 * and we read from what each party's side receives who hears whom. Caller 1000 Hz, agents a1
 * 1300, a2 1600, a3 1900, the supervisor's seat 2200, an outside number 2500.
 */
import test from 'ava';
import { filter } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import type { SimCall } from '../../src/telephony/simnet/sim-call.js';
import {
  addAgent,
  bridged,
  addQueue,
  call,
  callerParty,
  hearsMusic,
  loginOperator,
  manualPhones,
  ok,
  phone,
  phoneParty,
  ringing,
  signIn,
  startLive,
  stateOf,
  talk,
  until,
  whoHears,
  type LiveServer,
  type Party,
  nextValue,
} from './harness.js';
import type { Client } from '../helpers/server.js';

let live: LiveServer;
let agent1: Client;
let supervisor: Client;
const OUTSIDE = '13700000009';

test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addQueue(live, { id: 'other' });
  await addAgent(live, { id: 'a1', timeslot: 1, queues: ['service'], team: 'front' });
  await addAgent(live, { id: 'a2', timeslot: 2, queues: ['other'] });
  await addAgent(live, { id: 'a3', timeslot: 3, queues: [] });
  await addAgent(live, { id: 'sup1', timeslot: 10, queues: [] });
  manualPhones(live, 1, 2, 3, 10);
  for (const id of ['a1', 'a2', 'a3']) await signIn(live, id);
  agent1 = await loginOperator(live, 'agent1', 'agent', 'a1');
  supervisor = await loginOperator(live, 'super', 'supervisor', 'sup1');
  // A supervisor reaches the agents of their own teams only.
  const superId = (await live.services.store.knex('operators').where({ username: 'super' }).first()).id as string;
  await ok(live.admin.request('PUT', `/api/v1/acd/supervisors/${superId}/teams`, { teams: ['front'] }));
  live.services.sim!.network.setLine(OUTSIDE, { kind: 'answer', ringMs: 500 });
});
test.after.always(async () => {
  await live?.close();
});

const a = (ts: number, name: string, freq: number): Party => phoneParty(live, ts, name, freq);

/** A caller connected to a1. */
async function connected(from: string): Promise<{ sim: SimCall; caller: Party; a1: Party }> {
  const sim = await call(live, from);
  await ringing(live, 1);
  await phone(live, 1).answer();
  await until('a1 talking', () => stateOf(live, 'a1') === 'talking' && bridged(live, 'a1'));
  const caller = callerParty(sim);
  const a1 = a(1, 'a1', 1300);
  await talk([caller, a1]);
  return { sim, caller, a1 };
}

/** The agent has joined the call's conference (answered, and bridged). */
function joined(agentId: string): boolean {
  const live1 = [...live.acd().acd.calls.values()][0];
  const party = live1?.parties.get(`agent:${agentId}`);
  return party?.connected === true && party.leg !== undefined && live1!.isMember(party.leg.channel);
}

async function ended(sim: SimCall): Promise<void> {
  await sim.hangUp();
  await until('every agent free', () => ['a1', 'a2', 'a3'].every((id) => stateOf(live, id) === 'available') && live.acd().acd.calls.size === 0);
}

test.serial('hold and retrieve: on hold the caller hears music and not the agent', async (t) => {
  const { sim, caller, a1 } = await connected('13800000101');
  await ok(agent1.post('/api/v1/acd/agents/a1/hold'));
  t.deepEqual(await whoHears(live, [caller, a1], 'hold'), { caller: [], a1: [] });
  t.true(await hearsMusic(live, caller, 'hold'));
  await ok(agent1.post('/api/v1/acd/agents/a1/retrieve'));
  t.deepEqual(await whoHears(live, [caller, a1], 'retrieved'), { caller: ['a1'], a1: ['caller'] });
  await ended(sim);
});

test.serial('blind transfer to an agent: the caller reaches a2, a1 is off the call', async (t) => {
  const { sim, caller } = await connected('13800000102');
  await ok(agent1.post('/api/v1/acd/agents/a1/transfer', { agentId: 'a2' }));
  await ringing(live, 2);
  t.not(stateOf(live, 'a1'), 'talking');
  t.true(await hearsMusic(live, caller, 'to-agent-wait'), 'music while a2 rings');
  await phone(live, 2).answer();
  await until('a2 talking', () => stateOf(live, 'a2') === 'talking' && bridged(live, 'a2'));
  const a2 = a(2, 'a2', 1600);
  await talk([caller, a2]);
  t.deepEqual(await whoHears(live, [caller, a2], 'to-agent'), { caller: ['a2'], a2: ['caller'] });
  await live.services.records.flush();
  const cdr = await live.services.store.knex('cdr').where({ calling: '13800000102' }).first();
  t.like(cdr, { transfer_target: 'agent:a2', agent_id: 'a2' });
  await ended(sim);
});

test.serial('blind transfer to a queue: the caller is offered to that queue\'s agent', async (t) => {
  const { sim, caller } = await connected('13800000103');
  await ok(agent1.post('/api/v1/acd/agents/a1/transfer', { queueId: 'other' }));
  await ringing(live, 2);
  await phone(live, 2).answer();
  await until('a2 talking', () => stateOf(live, 'a2') === 'talking' && bridged(live, 'a2'));
  const a2 = a(2, 'a2', 1600);
  await talk([caller, a2]);
  t.deepEqual(await whoHears(live, [caller, a2], 'to-queue'), { caller: ['a2'], a2: ['caller'] });
  await ended(sim);
});

test.serial('consultative transfer: the caller holds while a1 and a2 talk, then reaches a2', async (t) => {
  const { sim, caller, a1 } = await connected('13800000104');
  await ok(agent1.post('/api/v1/acd/agents/a1/consult', { agentId: 'a2' }));
  t.is(stateOf(live, 'a2'), 'busy', 'the consulted agent gets no queue call meanwhile');
  await ringing(live, 2);
  await phone(live, 2).answer();
  const a2 = a(2, 'a2', 1600);
  await until('consultation connected', () => joined('a2'));
  await talk([a2]);
  t.deepEqual(await whoHears(live, [caller, a1, a2], 'consult'), { caller: [], a1: ['a2'], a2: ['a1'] });
  await ok(agent1.post('/api/v1/acd/agents/a1/consult/complete'));
  await until('a2 has the call', () => stateOf(live, 'a2') === 'talking' && bridged(live, 'a2'));
  t.not(stateOf(live, 'a1'), 'talking');
  t.deepEqual(await whoHears(live, [caller, a2], 'consult-done'), { caller: ['a2'], a2: ['caller'] });
  await ended(sim);
});

test.serial('three-way call: after a consultation everyone hears everyone; a1 leaving hands the call to a2', async (t) => {
  const { sim, caller, a1 } = await connected('13800000105');
  await ok(agent1.post('/api/v1/acd/agents/a1/consult', { agentId: 'a2' }));
  await ringing(live, 2);
  await phone(live, 2).answer();
  await until('consultation connected', () => joined('a2'));
  const a2 = a(2, 'a2', 1600);
  await talk([a2]);
  await ok(agent1.post('/api/v1/acd/agents/a1/three-way'));
  t.deepEqual(await whoHears(live, [caller, a1, a2], 'three-way'), { caller: ['a1', 'a2'], a1: ['caller', 'a2'], a2: ['caller', 'a1'] });
  await phone(live, 1).hangUp();
  await until('a2 takes over', () => stateOf(live, 'a2') === 'talking' && bridged(live, 'a2'));
  t.deepEqual(await whoHears(live, [caller, a2], 'three-way-after'), { caller: ['a2'], a2: ['caller'] });
  await ended(sim);
});

test.serial('conference: a third agent joins and everyone hears everyone; when they leave the call goes on', async (t) => {
  const { sim, caller, a1 } = await connected('13800000106');
  await ok(agent1.post('/api/v1/acd/agents/a1/conference', { agentId: 'a3' }));
  await ringing(live, 3);
  await phone(live, 3).answer();
  await until('a3 joined', () => joined('a3'));
  const a3 = a(3, 'a3', 1900);
  await talk([a3]);
  t.deepEqual(await whoHears(live, [caller, a1, a3], 'conference'), { caller: ['a1', 'a3'], a1: ['caller', 'a3'], a3: ['caller', 'a1'] });
  await phone(live, 3).hangUp();
  await until('a3 free', () => stateOf(live, 'a3') === 'available');
  t.deepEqual(await whoHears(live, [caller, a1], 'conference-after'), { caller: ['a1'], a1: ['caller'] });
  await ended(sim);
});

test.serial('pick-up (代接): a2 takes a call ringing at a1\'s seat', async (t) => {
  const sim = await call(live, '13800000107');
  await ringing(live, 1);
  const agent2 = await loginOperator(live, 'agent2', 'agent', 'a2');
  await ok(agent2.post('/api/v1/acd/agents/a2/pick-up', { agentId: 'a1' }));
  await ringing(live, 2);
  await until('a1 stops ringing', () => !phone(live, 1).ringing);
  t.is(stateOf(live, 'a1'), 'available', 'a1 keeps their place');
  await phone(live, 2).answer();
  const caller = callerParty(sim);
  const a2 = a(2, 'a2', 1600);
  await until('bridged', () => bridged(live, 'a2'));
  await talk([caller, a2]);
  t.deepEqual(await whoHears(live, [caller, a2], 'pickup'), { caller: ['a2'], a2: ['caller'] });
  await ended(sim);
});

test.serial('transfer to an outside number: the caller talks with the number through the trunks; a1 is free', async (t) => {
  const { sim, caller } = await connected('13800000108');
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const seen = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === OUTSIDE)));
  await ok(agent1.post('/api/v1/acd/agents/a1/transfer', { number: OUTSIDE }));
  const outsideCall = await seen;
  await outsideCall.connected();
  const outside: Party = { name: 'outside', freq: 2500, channel: () => live.card.span(outsideCall.span).channel(outsideCall.channel) };
  await until('a1 free', () => stateOf(live, 'a1') === 'available');
  await until('joined', () => {
    const c = [...live.acd().acd.calls.values()][0];
    return c !== undefined && !c.held;
  });
  await talk([caller, outside]);
  t.deepEqual(await whoHears(live, [caller, outside], 'outside'), { caller: ['outside'], outside: ['caller'] });
  await outsideCall.hangUp();
  await sim.ended;
  t.pass();
});

test.serial('supervisor: listen, whisper, barge-in, then force release', async (t) => {
  const { sim, caller, a1 } = await connected('13800000109');
  const started = supervisor.post('/api/v1/acd/agents/a1/monitor', { mode: 'listen' });
  await ringing(live, 10);
  await phone(live, 10).answer();
  await ok(started);
  const sup = a(10, 'sup', 2200);
  await talk([sup]);
  t.deepEqual(await whoHears(live, [caller, a1, sup], 'listen'), { caller: ['a1'], a1: ['caller'], sup: ['caller', 'a1'] });
  await ok(supervisor.request('PUT', '/api/v1/acd/monitor', { mode: 'whisper' }));
  t.deepEqual(await whoHears(live, [caller, a1, sup], 'whisper'), { caller: ['a1'], a1: ['caller', 'sup'], sup: ['caller', 'a1'] });
  await ok(supervisor.request('PUT', '/api/v1/acd/monitor', { mode: 'barge' }));
  t.deepEqual(await whoHears(live, [caller, a1, sup], 'barge'), { caller: ['a1', 'sup'], a1: ['caller', 'sup'], sup: ['caller', 'a1'] });
  await ok(supervisor.post('/api/v1/acd/agents/a1/force-release'));
  await sim.ended;
  await until('a1 free, seat released', () => stateOf(live, 'a1') === 'available' && !phone(live, 10).call);
  const audit = await live.services.store.knex('audit_log').whereIn('action', ['acdAgents.monitor', 'acdMonitor.setMode', 'acdAgents.forceRelease']);
  t.is(audit.length, 4, 'monitoring and force release are audited');
});
