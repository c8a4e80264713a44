/**
 * The first of two servers on one database: takes the dialler lease, runs a campaign on its
 * virtual card and prints "DIALLING <campaignId>" once calls are up; the parent then kills it
 * with SIGKILL.
 */
import { LEASE_MS, LEASE_NUMBERS } from './dialler-lease-setup.js';
import { BEFORE_NINE, ok, startDialler, until, upload } from './dialler-harness.js';
import { addQueueWithNoAgents } from './no-agent-calls.js';

const dir = process.env['TL_OB_DIR']!;
const live = await startDialler({ dir, nodeId: 'node-a', epochMs: BEFORE_NINE + 60_000, outbound: { diallerLeaseMs: LEASE_MS } });
live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 4000, hangupAfterMs: 60_000 });
await addQueueWithNoAgents(live);
const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Leased', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 2, maxAttemptsPerDay: 3, onAnswer: { kind: 'agent', queueId: 'empty' } }));
await upload(live, campaign.id, Buffer.from(['phone', ...LEASE_NUMBERS].join('\n')), 'list.csv');
await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
await until(live, 'calls up', async () => {
  const rows = (await live.db('outbound_attempts').where({ campaign_id: campaign.id })) as Array<{ outcome: string }>;
  return rows.some((r) => r.outcome === 'in_flight') && rows.some((r) => r.outcome !== 'in_flight');
});
process.stdout.write(`DIALLING ${campaign.id}\n`);
// Keeps the process (and its lease) alive until killed.
setInterval(() => undefined, 1000);
