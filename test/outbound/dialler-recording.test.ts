/**
 * The campaign's recording policy on its calls: 'answered' records the calls a person answered,
 * 'all' every answered call (machines too), 'none' nothing; each attempt links its recording,
 * which the ACD's recorder wrote like an agent call's, and the results export carries it.
 */
import { existsSync } from 'node:fs';
import test from 'ava';
import { attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';
import { addQueueWithNoAgents } from './no-agent-calls.js';

let live: DiallerServer;
const PERSON = '13700000001';
const MACHINE = '13700000009';

test.before(async () => {
  live = await startDialler({
    epochMs: BEFORE_NINE + 60_000,
    // Numbers ending in 9 are answering machines; the rest people.
    outbound: { classifyAnswer: async (session) => (session.called.endsWith('9') ? 'machine' : 'person') },
  });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 1000, hangupAfterMs: 6000 });
  await addQueueWithNoAgents(live);
});
test.after.always(async () => {
  await live?.close();
});

async function runCampaign(policy: 'none' | 'answered' | 'all'): Promise<Array<{ phone: string; outcome: string; recording_id: string | null }>> {
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: `Rec ${policy}`, callingNumber: '95588', mode: 'trunk_ratio', maxLines: 1, recordingPolicy: policy, onAnswer: { kind: 'agent', queueId: 'empty' } }));
  await upload(live, campaign.id, Buffer.from(`phone\n${PERSON}\n${MACHINE}\n`), `${policy}.csv`);
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  await until(live, `both calls of ${policy} ended`, async () => {
    const attempts = await attemptsOf(live, campaign.id);
    return attempts.length === 2 && attempts.every((a) => a.outcome !== 'in_flight') || undefined;
  });
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'stop' }));
  const rows = (await live.db('outbound_attempts').where({ campaign_id: campaign.id }).orderBy('phone')) as Array<{ phone: string; outcome: string; recording_id: string | null }>;
  const csv = await (await fetch(`${live.url}/api/v1/outbound/campaigns/${campaign.id}/results.csv`, { headers: { cookie: live.admin.cookie! } })).text();
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  const column = lines[0]!.split(',').indexOf('recording');
  if (column < 0) throw new Error(`no recording column: ${lines[0]}`);
  for (const row of rows) {
    const line = lines.find((l) => l.startsWith(row.phone))!.split(',');
    if ((line[column] || null) !== row.recording_id) throw new Error(`export of ${row.phone}: ${line[column]} vs ${row.recording_id}`);
  }
  return rows;
}

async function recordingFile(id: string): Promise<string | undefined> {
  const row = await until(live, 'the recording row complete', async () => {
    const r = (await live.db('recordings').where({ id }).first()) as { status: string; file: string; called: string } | undefined;
    return r && r.status !== 'recording' ? r : undefined;
  });
  return row.status === 'complete' ? row.file : undefined;
}

test.serial('answered: the person\'s call is recorded and linked, the machine\'s not', async (t) => {
  const rows = await runCampaign('answered');
  const person = rows.find((r) => r.phone === PERSON)!;
  const machine = rows.find((r) => r.phone === MACHINE)!;
  t.is(machine.outcome, 'machine');
  t.is(machine.recording_id, null);
  t.truthy(person.recording_id);
  const file = await recordingFile(person.recording_id!);
  t.truthy(file, 'the recording completed');
  t.true(existsSync(live.services.acd!.deps.recorder.pathOf(file!)));
  t.like(await live.db('recordings').where({ id: person.recording_id }).first(), { called: PERSON, calling: '95588', queue_id: 'empty' });
});

test.serial('all: machines recorded too; none: nothing', async (t) => {
  const all = await runCampaign('all');
  t.true(all.every((r) => r.recording_id !== null), JSON.stringify(all));
  const none = await runCampaign('none');
  t.true(none.every((r) => r.recording_id === null));
});
