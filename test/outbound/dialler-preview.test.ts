/**
 * Preview dialling through the API on the virtual card: an agent gets the next record of a
 * preview campaign (held for them), another agent gets the next one and passes it, the first
 * dials theirs and the answered call reaches an agent with the record in the screen pop.
 */
import test from 'ava';
import type { DeskEvent } from '../../src/acd/live/desk-events.js';
import { addQueue, addSignedInAgents, agentClient, attemptsOf, BEFORE_NINE, ok, startDialler, TENANT, until, upload, type DiallerServer } from './dialler-harness.js';

let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000 });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 5000 });
  await addQueue(live, 'pv');
  await addSignedInAgents(live, 'pv', [['p1', 1], ['p2', 2]]);
});
test.after.always(async () => {
  await live?.close();
});

test.serial('an agent previews, holds, and dials a record; another passes one; the answer reaches an agent with the record', async (t) => {
  const pops: DeskEvent[] = [];
  const sub = live.services.acd!.tenant(TENANT)!.acd.desk$.subscribe((e) => {
    if (e.type === 'screen_pop') pops.push(e);
  });
  const p1 = await agentClient(live, 'agent-p1', 'p1');
  const p2 = await agentClient(live, 'agent-p2', 'p2');
  t.is((await p1.get('/api/v1/outbound/preview/next')).status, 404, 'no preview campaign yet');

  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Callbacks', callingNumber: '95588', mode: 'preview', onAnswer: { kind: 'agent', queueId: 'pv' } }));
  await upload(live, campaign.id, Buffer.from('phone,投诉单号\n13300000001,T-1001\n13300000002,T-1002\n'), 'list.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  t.deepEqual(await attemptsOf(live, campaign.id), [], 'preview: the dialler dials nothing by itself');

  const mine = await ok(p1.get('/api/v1/outbound/preview/next'));
  t.like(mine, { campaignId: campaign.id, campaignName: 'Callbacks', phone: '13300000001', variables: { 投诉单号: 'T-1001' } });
  t.is((await ok(p1.get('/api/v1/outbound/preview/next'))).attemptId, mine.attemptId, 'held for me');
  const theirs = await ok(p2.get('/api/v1/outbound/preview/next'));
  t.is(theirs.phone, '13300000002', 'another agent gets the next one');
  t.is((await p2.post(`/api/v1/outbound/preview/${mine.attemptId}/dial`, {})).status, 409, 'not theirs to dial');
  t.is((await p2.post(`/api/v1/outbound/preview/${theirs.attemptId}/skip`, {})).status, 204);
  t.is((await p2.get('/api/v1/outbound/preview/next')).status, 404, 'the passed record is not due again at once');

  await ok(p1.post(`/api/v1/outbound/preview/${mine.attemptId}/dial`, {}));
  await until(live, 'the previewed call answered', async () => (await attemptsOf(live, campaign.id)).some((a) => a.outcome === 'answered') || undefined);
  sub.unsubscribe();
  const attempts = (await live.db('outbound_attempts').where({ campaign_id: campaign.id }).orderBy('phone')) as Array<{ phone: string; outcome: string; agent_id: string | null }>;
  t.deepEqual(attempts.map((a) => [a.phone, a.outcome]), [['13300000001', 'answered'], ['13300000002', 'skipped']]);
  t.true(attempts[0]!.agent_id === 'p1' || attempts[0]!.agent_id === 'p2');
  const numbers = (await live.db('outbound_numbers').where({ campaign_id: campaign.id }).orderBy('phone')) as Array<{ attempts: number }>;
  t.deepEqual(numbers.map((n) => Number(n.attempts)), [1, 0], 'a pass is no attempt');
  const records = pops.map((p) => (p['pop'] as { ivrData?: Record<string, string> } | undefined)?.ivrData ?? (p['ivrData'] as Record<string, string> | undefined));
  t.true(records.some((d) => d?.['campaign'] === 'Callbacks' && d['投诉单号'] === 'T-1001'));
  const audited = (await live.db('audit_log').whereIn('target_id', [mine.attemptId, theirs.attemptId]).orderBy('at')) as Array<{ action: string; target_id: string; actor_name: string }>;
  t.deepEqual(audited.map((a) => [a.action, a.target_id, a.actor_name]), [['outboundPreview.skip', theirs.attemptId, 'agent-p2'], ['outboundPreview.dial', mine.attemptId, 'agent-p1']]);
});
