/**
 * Campaigns that hand answered calls to agents, on the virtual card with simulated agent
 * phones: progressive dials one call per free agent, each agent's desk gets the campaign
 * record in the screen pop; with no agent free within 2 s the callee hears the short message
 * and the call counts as abandoned.
 */
import test from 'ava';
import type { DeskEvent } from '../../src/acd/live/desk-events.js';
import { addQueue, addSignedInAgents, attemptsOf, BEFORE_NINE, ok, startDialler, TENANT, until, upload, type DiallerServer } from './dialler-harness.js';
import { addQueueWithNoAgents, NO_AGENT_QUEUE, promptsHeard, untilFirstCallEnded } from './no-agent-calls.js';

let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000 });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 8000 });
  await addQueue(live, 'sales');
  await addQueueWithNoAgents(live);
  await addSignedInAgents(live, 'sales', [['a1', 1], ['a2', 2]]);
});
test.after.always(async () => {
  await live?.close();
});

async function campaignWith(name: string, body: Record<string, unknown>, phones: string[]): Promise<{ id: string }> {
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name, callingNumber: '95588', maxLines: 10, ...body }));
  await upload(live, campaign.id, Buffer.from(['phone,客户,账单', ...phones.map((p, i) => `${p},客户${i},${100 + i}.00`)].join('\n')), 'list.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  return campaign;
}

test.serial('progressive: one call per free agent; every answer reaches an agent whose desk shows the campaign record', async (t) => {
  const pops: DeskEvent[] = [];
  const sub = live.services.acd!.tenant(TENANT)!.acd.desk$.subscribe((e) => {
    if (e.type === 'screen_pop') pops.push(e);
  });
  const phones = Array.from({ length: 6 }, (_, i) => `1350000000${i}`);
  const campaign = await campaignWith('Sales', { mode: 'progressive', onAnswer: { kind: 'agent', queueId: 'sales' } }, phones);
  let maxLines = 0;
  await until(live, 'all six answered', async () => {
    maxLines = Math.max(maxLines, live.services.outbound!.dialler!.live(campaign.id)?.linesInUse ?? 0);
    return (await attemptsOf(live, campaign.id)).filter((a) => a.outcome === 'answered').length === 6;
  });
  sub.unsubscribe();
  t.true(maxLines <= 2, `never more calls than agents (${maxLines})`);
  const attempts = (await live.db('outbound_attempts').where({ campaign_id: campaign.id })) as Array<{ agent_id: string | null; outcome: string; phone: string }>;
  t.is(attempts.length, 6);
  for (const a of attempts) t.true(a.agent_id === 'a1' || a.agent_id === 'a2', `${a.phone} went to an agent`);
  const records = pops.map((p) => (p['pop'] as { ivrData?: Record<string, string> } | undefined)?.ivrData ?? (p['ivrData'] as Record<string, string> | undefined));
  t.true(records.some((d) => d?.['campaign'] === 'Sales' && d['campaignNumber'] === phones[0] && d['客户'] === '客户0' && d['账单'] === '100.00'), `screen pop carries the record: ${JSON.stringify(pops[0])}`);
  const progress = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
  t.like(progress, { answered: 6, abandoned: 0, abandonRatePct: 0 });
  t.true(progress.agentOccupancyPct > 0);
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'stop' }));
});

test.serial('no agent free within 2 s: the callee hears the short message and the call counts as abandoned', async (t) => {
  const heard = promptsHeard(live);
  const campaign = await campaignWith('Nobody home', { mode: 'trunk_ratio', maxLines: 1, onAnswer: { kind: 'agent', queueId: NO_AGENT_QUEUE } }, ['13600000001']);
  await untilFirstCallEnded(live, campaign.id);
  const [attempt] = await live.db('outbound_attempts').where({ campaign_id: campaign.id });
  t.is(attempt.outcome, 'abandoned');
  t.is(attempt.agent_id, null);
  heard.stop();
  t.deepEqual(heard.ids, ['outbound.safe_message'], 'the short message, nothing else');
  const progress = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
  t.like(progress, { abandoned: 1, answered: 0, abandonRatePct: 100 });
});
