/**
 * Outbound objects for the route-walking tests (permissions, tenant isolation, audit), made
 * when the server runs the outbound module: a draft campaign with two numbers and a
 * do-not-call entry per tenant, labelled with the tenant's marker so a leak is visible.
 */
import { randomUUID } from 'node:crypto';
import type { TellerlineServer } from '../../src/server.js';
import { campaignCreateSchema } from '../../src/outbound/campaign-settings.js';
import { createCampaign } from '../../src/outbound/campaigns.js';
import { campaignNumbersRepo } from '../../src/outbound/store/campaign-numbers-repo.js';
import { doNotCallRepo } from '../../src/outbound/store/do-not-call-repo.js';
import { attemptsRepo } from '../../src/outbound/store/attempts-repo.js';

export async function outboundFixtures(server: TellerlineServer, tenantId: string, marker: string, phonePrefix: string): Promise<{ ids: Record<string, string>; allIds: string[] }> {
  if (!server.services.outbound) return { ids: {}, allIds: [] };
  const db = server.services.store.knex;
  const campaign = await createCampaign(db, tenantId, campaignCreateSchema.parse({ name: `${marker} campaign ${randomUUID().slice(0, 6)}`, callingNumber: '95566' }), `${marker}-bank_admin`);
  await campaignNumbersRepo.insertMany(db, tenantId, campaign.id, [
    { phone: `${phonePrefix}51`, variables: { name: `${marker} customer` }, sourceRow: 2 },
    { phone: `${phonePrefix}52`, variables: { name: `${marker} customer 2` }, sourceRow: 3 },
  ]);
  // One number per call, and the audit walk calls this once per write route: 10^8 keeps them apart.
  const dnc = await doNotCallRepo.insert(db, { id: randomUUID(), tenantId, phone: `${phonePrefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, note: `${marker} opted out`, createdBy: `${marker}-bank_admin` });
  // A preview record held by the tenant's first agent (the preview routes' :attemptId).
  const number = (await db('outbound_numbers').where({ campaign_id: campaign.id }).orderBy('id').first()) as { id: number; phone: string };
  const attemptId = randomUUID();
  await attemptsRepo.insert(db, { id: attemptId, tenantId, campaignId: campaign.id, numberId: number.id, phone: number.phone, mode: 'preview', startedAt: new Date(), outcome: 'reserved', agentId: `${marker}-agent-1` });
  return { ids: { outboundCampaigns: campaign.id, outboundDoNotCall: dnc.id, outboundPreview: attemptId }, allIds: [campaign.id, dnc.id, attemptId] };
}

/** A small CSV list, as the import route takes it (multipart/form-data, field "file"). */
export function outboundImportForm(): FormData {
  const form = new FormData();
  form.set('file', new Blob([Buffer.from(`phone,name\n0755${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')},audit\n`, 'utf8')]), 'list.csv');
  return form;
}
