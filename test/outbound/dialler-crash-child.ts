/**
 * The server that gets killed: runs a campaign on the virtual card in TL_OB_DIR and prints
 * "CALLS_UP <campaignId>" once some calls have ended and others are up, then keeps dialling
 * until the parent kills it with SIGKILL.
 */
import { CRASH_FLOW, CRASH_LINES, CRASH_NUMBERS, CRASH_RETRIES } from './dialler-crash-setup.js';
import { BEFORE_NINE, ok, startDialler, until, upload } from './dialler-harness.js';

const dir = process.env['TL_OB_DIR']!;
const live = await startDialler({ dir, epochMs: BEFORE_NINE + 60_000, setup: (services) => CRASH_LINES(services.sim!.network) });
const { flow } = await ok(live.admin.post('/api/v1/ivr/flows', { name: 'crash-notice', definition: CRASH_FLOW, activate: true }));
const campaign = await ok(
  live.admin.post('/api/v1/outbound/campaigns', { name: 'Crash', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 4, maxAttemptsPerDay: 3, retryRules: CRASH_RETRIES, onAnswer: { kind: 'flow', flowId: flow.id } }),
);
await upload(live, campaign.id, Buffer.from(['phone,name', ...CRASH_NUMBERS.map((p, i) => `${p},n${i}`)].join('\n')), 'list.csv');
await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
await until(live, 'calls ended and calls up', async () => {
  const rows = (await live.db('outbound_attempts').where({ campaign_id: campaign.id })) as Array<{ outcome: string }>;
  return rows.filter((r) => r.outcome === 'in_flight').length >= 2 && rows.filter((r) => r.outcome !== 'in_flight').length >= 4;
});
process.stdout.write(`CALLS_UP ${campaign.id}\n`);
