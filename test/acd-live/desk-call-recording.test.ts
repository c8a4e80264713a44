/**
 * Desk calls recorded per policy (recording-policy.ts), checked by audio: an outbound call is
 * recorded per the agent's setting ('inherit': the agent's queues), with the far end's audio in
 * the WAV and no queue in the metadata; an agent-to-agent call only when one of the two agents
 * says always and neither says never.
 */
import test from 'ava';
import { filter } from 'rxjs';
import type { Call } from '../../bindings/index.js';
import { goertzel } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';
import { addAgent, addQueue, manualPhones, nextValue, ok, phone, phoneParty, signIn, startLive, stateOf, talk, until, type LiveServer, type Party } from './harness.js';

let live: LiveServer;

test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'quiet', settings: { recording: 'never' } });
  await addAgent(live, { id: 'd1', timeslot: 1, queues: [], team: 'team-a', recording: 'always' });
  await addAgent(live, { id: 'd2', timeslot: 2, queues: [], recording: 'never' });
  await addAgent(live, { id: 'd3', timeslot: 3, queues: ['quiet'] }); // inherit, only in a queue that is not recorded
  await addAgent(live, { id: 'd4', timeslot: 4, queues: [] }); // inherit, in no queue
  manualPhones(live, 1, 2, 3, 4);
  for (const id of ['d1', 'd2', 'd3', 'd4']) await signIn(live, id);
});
test.after.always(async () => {
  await live?.close();
});

interface RecordingRow {
  id: string;
  agent_id: string | null;
  queue_id: string | null;
  team: string;
  calling: string | null;
  called: string | null;
  status: string;
  file: string;
  duration_ms: number;
}

/** The recordings of a desk call, once none is still being written. */
async function recordingsOf(where: Partial<RecordingRow>): Promise<RecordingRow[]> {
  const knex = live.services.store.knex;
  for (let i = 0; i < 200; i++) {
    await live.services.acd!.deps.activity.flush();
    const rows = (await knex('recordings').where(where)) as RecordingRow[];
    if (rows.every((r) => r.status !== 'recording')) return rows;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('a recording never completed');
}

/** An outbound desk call: the agent talks (1300 Hz) with the far end (2500 Hz) for 2 s. */
async function outbound(agentId: string, timeslot: number, number: string): Promise<void> {
  live.services.sim!.network.setLine(number, { kind: 'answer', ringMs: 300 });
  const networkSpan = live.services.sim!.roles.networkSpans[0]!;
  const seen = nextValue(live.card.span(networkSpan).calls$.pipe(filter((c: Call) => c.called === number)));
  await ok(live.admin.post(`/api/v1/acd/agents/${agentId}/call`, { number }));
  await until(`${agentId} rings`, () => phone(live, timeslot).ringing);
  await phone(live, timeslot).answer();
  const outside = await seen;
  await outside.connected();
  await until('connected', () => live.acd().deskCalls.of(agentId)?.connected === true);
  const far: Party = { name: 'outside', freq: 2500, channel: () => live.card.span(outside.span).channel(outside.channel) };
  await talk([phoneParty(live, timeslot, agentId, 1300), far]);
  await live.card.clock.sleep(2000);
  await outside.hangUp();
  await until(`${agentId} free`, () => stateOf(live, agentId) === 'available' && !live.acd().deskCalls.of(agentId));
}

test.serial('outbound call of an agent whose policy is always: recorded, the far end audible in the WAV, no queue', async (t) => {
  await outbound('d1', 1, '13700000091');
  const rows = await recordingsOf({ called: '13700000091' });
  t.is(rows.length, 1);
  t.like(rows[0], { agent_id: 'd1', queue_id: null, team: 'team-a', calling: '8001', status: 'complete' });
  t.true(rows[0]!.duration_ms >= 1500);
  t.falsy(live.acd().deskCalls.of('d1'), 'the call is over: the recording stopped with it');
  const wav = readWav(live.services.acd!.deps.recorder.pathOf(rows[0]!.file)).samples;
  t.true(goertzel(wav, 2500, 0, wav.length) > 1e5, 'the far end is in the recording');
  t.true(goertzel(wav, 1300, 0, wav.length) > 1e5, 'and the agent');
});

test.serial('outbound call of an agent whose policy is never: no recording', async (t) => {
  await outbound('d2', 2, '13700000092');
  t.deepEqual(await recordingsOf({ called: '13700000092' }), []);
});

test.serial('inherit on an outbound call follows the agent\'s queues (none: recorded as the queue default)', async (t) => {
  await outbound('d3', 3, '13700000093');
  t.deepEqual(await recordingsOf({ called: '13700000093' }), [], 'its only queue records never');
  await outbound('d4', 4, '13700000094');
  t.like((await recordingsOf({ called: '13700000094' }))[0], { agent_id: 'd4', queue_id: null });
});

async function internal(from: { id: string; timeslot: number }, to: { id: string; timeslot: number }): Promise<void> {
  await ok(live.admin.post(`/api/v1/acd/agents/${from.id}/call`, { agentId: to.id }));
  await until(`${from.id} rings`, () => phone(live, from.timeslot).ringing);
  await phone(live, from.timeslot).answer();
  await until(`${to.id} rings`, () => phone(live, to.timeslot).ringing);
  await phone(live, to.timeslot).answer();
  await until('connected', () => live.acd().deskCalls.of(from.id)?.connected === true);
  await talk([phoneParty(live, from.timeslot, from.id, 1300), phoneParty(live, to.timeslot, to.id, 1600)]);
  await live.card.clock.sleep(2000);
  await phone(live, to.timeslot).hangUp();
  await until('both free', () => stateOf(live, from.id) === 'available' && stateOf(live, to.id) === 'available');
}

test.serial('agent to agent: recorded when one says always and neither never', async (t) => {
  await internal({ id: 'd4', timeslot: 4 }, { id: 'd1', timeslot: 1 });
  const rows = await recordingsOf({ calling: '8004', called: '8001' });
  t.is(rows.length, 1);
  t.like(rows[0], { agent_id: 'd1', queue_id: null, status: 'complete' });
  const wav = readWav(live.services.acd!.deps.recorder.pathOf(rows[0]!.file)).samples;
  t.true(goertzel(wav, 1300, 0, wav.length) > 1e5 && goertzel(wav, 1600, 0, wav.length) > 1e5, 'both agents recorded');

  await internal({ id: 'd1', timeslot: 1 }, { id: 'd2', timeslot: 2 });
  t.deepEqual(await recordingsOf({ calling: '8001', called: '8002' }), [], 'never wins over always');
  await internal({ id: 'd3', timeslot: 3 }, { id: 'd4', timeslot: 4 });
  t.deepEqual(await recordingsOf({ calling: '8003', called: '8004' }), [], 'internal calls are not recorded by default');
});
