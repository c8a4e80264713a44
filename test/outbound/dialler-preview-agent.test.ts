/**
 * A preview call reaches the agent who dialled it: the agent is kept (busy) while it rings, the
 * answered callee is connected to them and nobody else, with the campaign record on their desk;
 * a record held past the hold time goes back to the list for anyone.
 */
import test from 'ava';
import type { DeskEvent } from '../../src/acd/live/desk-events.js';
import { addQueue, addSignedInAgents, agentClient, attemptsOf, BEFORE_NINE, ok, startDialler, TENANT, until, upload, type DiallerServer } from './dialler-harness.js';

let live: DiallerServer;
const HOLD_MS = 60_000;

function agentState(agentId: string): string {
  return live.services.acd!.tenant(TENANT)!.acd.queues.agent(agentId).state;
}

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000, outbound: { previewHoldMs: HOLD_MS } });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 3000 });
  await addQueue(live, 'pa');
  await addSignedInAgents(live, 'pa', [['a1', 1], ['a2', 2], ['a3', 3]], '81');
});
test.after.always(async () => {
  await live?.close();
});

test.serial('each preview call is connected to the agent who dialled it, with the record on their desk', async (t) => {
  const pops: DeskEvent[] = [];
  const sub = live.services.acd!.tenant(TENANT)!.acd.desk$.subscribe((e) => {
    if (e.type === 'screen_pop') pops.push(e);
  });
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Own calls', callingNumber: '95588', mode: 'preview', onAnswer: { kind: 'agent', queueId: 'pa' } }));
  await upload(live, campaign.id, Buffer.from('phone,ref\n13300000011,R-1\n13300000012,R-2\n13300000013,R-3\n'), 'list.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));

  // Every agent dials one; each answer must come back to its own agent, not to whoever is free.
  const dialled: Array<{ agentId: string; phone: string; ref: string }> = [];
  for (const agentId of ['a3', 'a2', 'a1']) {
    const client = await agentClient(live, `agent-${agentId}`, agentId);
    const record = await ok(client.get('/api/v1/outbound/preview/next'));
    await ok(client.post(`/api/v1/outbound/preview/${record.attemptId}/dial`, {}));
    t.is(agentState(agentId), 'busy', `${agentId} is kept for the call while it rings`);
    dialled.push({ agentId, phone: record.phone, ref: record.variables.ref });
  }
  await until(live, 'all three answered and ended', async () => {
    const attempts = await attemptsOf(live, campaign.id);
    return attempts.length === 3 && attempts.every((a) => a.outcome === 'answered') ? attempts : undefined;
  });
  sub.unsubscribe();
  const rows = (await live.db('outbound_attempts').where({ campaign_id: campaign.id })) as Array<{ phone: string; agent_id: string | null }>;
  for (const { agentId, phone, ref } of dialled) {
    t.is(rows.find((r) => r.phone === phone)?.agent_id, agentId, `${phone} reached ${agentId}`);
    const pop = pops.find((p) => p.agentId === agentId);
    const data = (pop?.['pop'] as { ivrData?: Record<string, string> } | undefined)?.ivrData ?? (pop?.['ivrData'] as Record<string, string> | undefined);
    t.like(data, { campaign: 'Own calls', campaignNumber: phone, ref });
  }
  // Recorded once, by the campaign's policy (default 'answered'), not a second time by the queue.
  const answered = (await live.db('outbound_attempts').where({ campaign_id: campaign.id })) as Array<{ call_id: string; recording_id: string | null }>;
  for (const a of answered) {
    t.truthy(a.recording_id);
    const recordings = await until(live, 'the recording row', async () => {
      const rows = (await live.db('recordings').where({ call_id: a.call_id })) as Array<{ id: string }>;
      return rows.length > 0 ? rows : undefined;
    });
    t.deepEqual(recordings.map((r) => r.id), [a.recording_id], 'one recording of the call');
  }
  await until(live, 'agents free again', () => ['a1', 'a2', 'a3'].every((a) => agentState(a) === 'available') || undefined);
});

test.serial('an unanswered preview call frees its agent; a record held too long goes back to the list', async (t) => {
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Held', callingNumber: '95588', mode: 'preview', onAnswer: { kind: 'agent', queueId: 'pa' } }));
  await upload(live, campaign.id, Buffer.from('phone\n13300000021\n13300000022\n'), 'held.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  const a1 = await agentClient(live, 'agent-a1b', 'a1');
  const a2 = await agentClient(live, 'agent-a2b', 'a2');

  live.services.sim!.network.setDefault({ kind: 'busy' });
  const busyOne = await ok(a1.get('/api/v1/outbound/preview/next'));
  await ok(a1.post(`/api/v1/outbound/preview/${busyOne.attemptId}/dial`, {}));
  await until(live, 'the busy attempt closed', async () => (await attemptsOf(live, campaign.id)).some((a) => a.outcome === 'busy') || undefined);
  await until(live, 'a1 free after the busy line', () => agentState('a1') === 'available' || undefined);

  const held = await ok(a1.get('/api/v1/outbound/preview/next'));
  t.not(held.phone, busyOne.phone);
  t.is((await a2.get('/api/v1/outbound/preview/next')).status, 404, 'held by a1: nothing for a2');
  await live.card.clock.sleep(HOLD_MS + 1000);
  const released = await ok(a2.get('/api/v1/outbound/preview/next'));
  t.is(released.phone, held.phone, 'past the hold time, another agent gets it');
  t.is((await a1.post(`/api/v1/outbound/preview/${held.attemptId}/dial`, {})).status, 409, 'the lapsed hold is no longer a1\'s');
  const numbers = (await live.db('outbound_numbers').where({ campaign_id: campaign.id, phone: held.phone })) as Array<{ attempts: number }>;
  t.is(Number(numbers[0]!.attempts), 0, 'a lapsed hold is no attempt');
});
