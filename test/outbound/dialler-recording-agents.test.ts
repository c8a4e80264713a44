/**
 * A campaign's recording policy wins over the ACD's for its calls, on the virtual card with a
 * simulated agent phone: the queue and the agent both say "always record" (as they would for
 * inbound calls), yet a campaign whose policy is none leaves no recording of its answered call,
 * and one whose policy is answered leaves exactly one (the campaign's, no second ACD copy).
 */
import test from 'ava';
import { addQueue, attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000, outbound: { classifyAnswer: async () => 'person' } });
  // The callee answers after a second and hangs up six seconds later.
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 1000, hangupAfterMs: 6000 });
  await addQueue(live, 'rec', { settings: { recording: 'always' } });
  await ok(live.admin.post('/api/v1/acd/agents', { id: 'r1', name: 'r1', extension: '801', phone: { station: 0, timeslot: 1 }, recording: 'always', queues: [{ queueId: 'rec' }] }));
  await ok(live.admin.post('/api/v1/acd/agents/r1/sign-in', {}));
});
test.after.always(async () => {
  await live?.close();
});

/** Runs a one-number campaign to its end; its attempt and every recording of the number called. */
async function callOnce(policy: 'none' | 'answered', phone: string) {
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: `Agents ${policy}`, callingNumber: '95588', mode: 'progressive', maxLines: 1, recordingPolicy: policy, onAnswer: { kind: 'agent', queueId: 'rec' } }));
  await upload(live, campaign.id, Buffer.from(`phone\n${phone}\n`), `${policy}.csv`);
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  const [attempt] = await until(live, `the ${policy} call ended`, async () => {
    const attempts = await attemptsOf(live, campaign.id);
    return attempts.length === 1 && attempts[0]!.outcome !== 'in_flight' ? attempts : undefined;
  });
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'stop' }));
  // The ACD's recorder writes its row when it starts (at the agent's answer); by the end of the
  // call it would be there. Wait for whatever rows there are to be closed.
  const recordings = await until(live, 'recordings of the call closed', async () => {
    const rows = (await live.db('recordings').where({ called: phone })) as Array<{ id: string; status: string; agent_id: string | null }>;
    return rows.every((r) => r.status !== 'recording') ? rows : undefined;
  });
  const row = (await live.db('outbound_attempts').where({ campaign_id: campaign.id }).first()) as { agent_id: string | null; recording_id: string | null };
  return { attempt: attempt!, row, recordings };
}

test.serial('policy none: the agent took the call and nothing recorded it, though queue and agent say always', async (t) => {
  const { attempt, row, recordings } = await callOnce('none', '13800000001');
  t.is(attempt.outcome, 'answered');
  t.is(row.agent_id, 'r1', 'the agent took it (the ACD would have recorded it)');
  t.is(row.recording_id, null);
  t.deepEqual(recordings, [], 'no recording of the number called');
});

test.serial('policy answered: one recording, the campaign\'s, linked to the attempt', async (t) => {
  const { attempt, row, recordings } = await callOnce('answered', '13800000002');
  t.is(attempt.outcome, 'answered');
  t.is(row.agent_id, 'r1');
  t.truthy(row.recording_id);
  t.deepEqual(recordings.map((r) => r.id), [row.recording_id], 'exactly the campaign\'s recording');
});
