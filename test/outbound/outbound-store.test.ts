/**
 * The outbound tables on both databases: campaigns round-trip their JSON rules and state, a
 * state change is conditional on the state read, numbers keep their text and variables, the
 * do-not-call list is per tenant, and deleting a campaign takes its numbers with it.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { useBackends } from '../helpers/backends.js';
import { openStore } from '../../src/store/store.js';
import { isUniqueViolation } from '../../src/store/errors.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { campaignCreateSchema } from '../../src/outbound/campaign-settings.js';
import { campaignsRepo } from '../../src/outbound/store/campaigns-repo.js';
import { campaignNumbersRepo } from '../../src/outbound/store/campaign-numbers-repo.js';
import { doNotCallRepo } from '../../src/outbound/store/do-not-call-repo.js';

const backends = useBackends(test);

backends.each('campaigns, numbers and the do-not-call list round-trip per tenant', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const db = store.knex;
    const tenant = (await tenantsRepo.insert(db, { id: randomUUID(), code: 'ob-store', name: 'Store bank', kind: 'bank', status: 'active' })).id;
    const other = (await tenantsRepo.insert(db, { id: randomUUID(), code: 'ob-other', name: 'Other bank', kind: 'bank', status: 'active' })).id;
    const settings = campaignCreateSchema.parse({ name: '到期提醒', callingNumber: '+8675595588', timeWindows: [{ days: [6], from: '10:00', to: '11:30' }], retryRules: { busy: { retries: 5, intervalMinutes: 3 }, no_answer: { retries: 0, intervalMinutes: 1 }, machine: { retries: 1, intervalMinutes: 60 }, fax: { retries: 0, intervalMinutes: 60 }, congestion: { retries: 2, intervalMinutes: 2 }, failed: { retries: 0, intervalMinutes: 30 } } });
    const campaign = await campaignsRepo.insert(db, { ...settings, id: randomUUID(), tenantId: tenant, createdBy: 'admin' });
    t.like(campaign, { name: '到期提醒', callingNumber: '+8675595588', state: 'draft', maxAttemptsPerDay: 3, maxLines: 10, recordingPolicy: 'answered' });
    t.deepEqual(campaign.timeWindows, [{ days: [6], from: '10:00', to: '11:30' }]);
    t.is(campaign.retryRules.busy.retries, 5);
    t.is(await campaignsRepo.get(db, other, campaign.id), null, 'another tenant does not see it');

    t.true(await campaignsRepo.setState(db, tenant, campaign.id, 'draft', 'running'));
    t.false(await campaignsRepo.setState(db, tenant, campaign.id, 'draft', 'stopped'), 'a change from a state no longer current does nothing');
    t.is((await campaignsRepo.get(db, tenant, campaign.id))!.state, 'running');

    await campaignNumbersRepo.insertMany(db, tenant, campaign.id, Array.from({ length: 250 }, (_, i) => ({ phone: `0${String(i).padStart(10, '0')}`, variables: { 姓名: `客户${i}` }, sourceRow: i + 2 })));
    t.is(await campaignNumbersRepo.count(db, tenant, campaign.id), 250);
    t.is(await campaignNumbersRepo.count(db, other, campaign.id), 0);
    const page = await campaignNumbersRepo.list(db, tenant, campaign.id, { limit: 2, offset: 0 });
    t.like(page.items[0], { phone: '00000000000', variables: { 姓名: '客户0' }, sourceRow: 2, attempts: 0, lastAttemptAt: null });
    t.is(page.nextOffset, 2);
    t.deepEqual([...(await campaignNumbersRepo.existing(db, campaign.id, ['00000000001', '19999999999']))], ['00000000001']);
    const dup = await campaignNumbersRepo.insertMany(db, tenant, campaign.id, [{ phone: '00000000001', variables: {}, sourceRow: 9 }]).then(
      () => undefined,
      (err: unknown) => err,
    );
    t.true(isUniqueViolation(dup), 'a number is in a campaign once');

    await doNotCallRepo.insert(db, { id: randomUUID(), tenantId: tenant, phone: '00000000001', note: null, createdBy: 'admin' });
    t.deepEqual([...(await doNotCallRepo.listed(db, tenant, ['00000000001', '00000000002']))], ['00000000001']);
    t.is((await doNotCallRepo.listed(db, other, ['00000000001'])).size, 0, 'the list is per tenant');

    await campaignsRepo.remove(db, tenant, campaign.id);
    t.is(await campaignNumbersRepo.count(db, tenant, campaign.id), 0);
  } finally {
    await store.close();
  }
});
