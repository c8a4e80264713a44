/**
 * The fax tables on both databases: rows round-trip (booleans, times, nulls), lists page and
 * filter by tenant, job transitions happen once, and what a crash leaves behind is recovered
 * (running faxes closed as failed, running jobs back in the queue).
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { useBackends } from '../helpers/backends.js';
import { openStore } from '../../src/store/store.js';
import { isUniqueViolation } from '../../src/store/errors.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { faxJobRepo } from '../../src/fax/store/fax-job-repo.js';
import { faxDocumentRepo } from '../../src/fax/store/fax-document-repo.js';

const backends = useBackends(test);

backends.each('faxes, pages, jobs and documents round-trip; crash leftovers are recovered', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const db = store.knex;
    const tenant = await tenantsRepo.insert(db, { id: randomUUID(), code: 'fax-bank', name: 'Fax bank', kind: 'bank', status: 'active' });
    const other = await tenantsRepo.insert(db, { id: randomUUID(), code: 'fax-other', name: 'Other', kind: 'bank', status: 'active' });
    const at = '2026-03-01T08:00:00.123Z';

    const faxId = randomUUID();
    await faxRepo.insert(db, { id: faxId, tenantId: tenant.id, direction: 'inbound', origin: 'dialed', startedAt: at, calling: '02188886666', called: '95566', span: 0, channel: 3 });
    await faxRepo.update(db, faxId, { status: 'ok', pages: 3, xRes: 204, yRes: 196, bitRate: 9600, ecm: false, t30Code: 0, t30Text: 'OK', remoteIdent: 'CUSTOMER', durationMs: 61_234, endedAt: '2026-03-01T08:01:01.357Z', file: 'x/received/y/fax.tiff' });
    await faxRepo.insertPages(db, [1, 2, 3].map((page) => ({ faxId, page, width: 1728, height: 2286, pngFile: `x/page-${page}.png` })));
    const got = await faxRepo.get(db, faxId, tenant.id);
    t.like(got, { status: 'ok', pages: 3, ecm: false, yRes: 196, t30Code: 0, startedAt: at, endedAt: '2026-03-01T08:01:01.357Z', jobId: null, documentKind: null });
    t.is(await faxRepo.get(db, faxId, other.id), undefined, 'another tenant does not see it');
    t.deepEqual((await faxRepo.pages(db, faxId)).map((p) => p.page), [1, 2, 3]);
    const running = randomUUID();
    await faxRepo.insert(db, { id: running, tenantId: tenant.id, direction: 'outbound', origin: 'job', startedAt: '2026-03-01T09:00:00.000Z', ecm: true });
    t.is((await faxRepo.list(db, tenant.id, { status: 'running' }, { limit: 10, offset: 0 })).items[0]?.ecm, true);
    t.is(await faxRepo.closeRunning(db, '2026-03-01T10:00:00.000Z'), 1);
    t.like(await faxRepo.get(db, running), { status: 'failed', t30Text: 'interrupted by a server restart', endedAt: '2026-03-01T10:00:00.000Z' });
    const page = await faxRepo.list(db, tenant.id, {}, { limit: 1, offset: 0 });
    t.is(page.items[0]!.id, running, 'newest first');
    t.is(page.nextOffset, 1);
    t.deepEqual((await faxRepo.list(db, other.id, {}, { limit: 10, offset: 0 })).items, []);

    const jobId = randomUUID();
    await faxJobRepo.insert(db, { id: jobId, tenantId: tenant.id, legId: null, number: '62000001', documentKind: 'statement', documentLabel: '1001 **** **** 4001', documentId: null, file: 'x/jobs/j.tiff', pages: 2, status: 'queued', attempts: 0, maxAttempts: 3, retryIntervalMs: 300_000, nextAttemptAt: at, createdAt: at });
    t.true(await faxJobRepo.transition(db, jobId, 'queued', { status: 'running', attempts: 1, nextAttemptAt: null, updatedAt: at }));
    t.false(await faxJobRepo.transition(db, jobId, 'queued', { status: 'running', attempts: 1, nextAttemptAt: null, updatedAt: at }), 'a job runs once');
    t.is(await faxJobRepo.requeueRunning(db, '2026-03-01T11:00:00.000Z'), 1);
    const pending = await faxJobRepo.pending(db);
    t.deepEqual(pending.map((j) => [j.id, j.status, j.attempts, j.nextAttemptAt]), [[jobId, 'queued', 1, '2026-03-01T11:00:00.000Z']]);

    const doc = { id: randomUUID(), tenantId: tenant.id, code: 'deposit-rates', title: '存款利率表', originalName: '利率.pdf', originalType: 'pdf', originalBytes: 1234, resolution: 'fine' as const, pages: 2, tiffBytes: 4567, file: 'x/documents/d.tiff', createdBy: 'admin', createdAt: at };
    await faxDocumentRepo.insert(db, doc);
    t.deepEqual(await faxDocumentRepo.find(db, tenant.id, 'deposit-rates'), doc);
    t.deepEqual(await faxDocumentRepo.find(db, tenant.id, doc.id), doc);
    t.is(await faxDocumentRepo.find(db, other.id, 'deposit-rates'), undefined);
    const dup = await faxDocumentRepo.insert(db, { ...doc, id: randomUUID() }).then(() => undefined, (err: unknown) => err);
    t.true(isUniqueViolation(dup), 'codes are unique per tenant');
    await faxDocumentRepo.insert(db, { ...doc, id: randomUUID(), tenantId: other.id });
    t.true(await faxDocumentRepo.delete(db, tenant.id, doc.id));
    t.false(await faxDocumentRepo.delete(db, tenant.id, doc.id));
  } finally {
    await store.close();
  }
});

backends.each('retention: old faxes and finished jobs are found by age, marked purged once, and the mark round-trips', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const db = store.knex;
    const tenant = await tenantsRepo.insert(db, { id: randomUUID(), code: 'fax-keep', name: 'Keep', kind: 'bank', status: 'active' });
    const ids = [randomUUID(), randomUUID(), randomUUID()].sort();
    const [old, fresh, running] = ids as [string, string, string];
    await faxRepo.insert(db, { id: old, tenantId: tenant.id, direction: 'inbound', origin: 'dialed', startedAt: '2026-01-01T00:00:00.000Z', status: 'ok' });
    await faxRepo.insert(db, { id: fresh, tenantId: tenant.id, direction: 'inbound', origin: 'dialed', startedAt: '2026-03-01T00:00:00.000Z', status: 'ok' });
    await faxRepo.insert(db, { id: running, tenantId: tenant.id, direction: 'inbound', origin: 'dialed', startedAt: '2026-01-01T00:00:00.000Z' });
    const before = '2026-02-01T00:00:00.000Z';
    t.deepEqual((await faxRepo.purgeCandidates(db, before, '', 10)).map((f) => f.id), [old], 'not the fresh one, not one still running');
    t.deepEqual(await faxRepo.purgeCandidates(db, before, old, 10), [], 'after the last id seen');
    await faxRepo.markPurged(db, old, '2026-03-02T03:04:05.678Z');
    t.is((await faxRepo.get(db, old))!.purgedAt, '2026-03-02T03:04:05.678Z');
    t.is((await faxRepo.get(db, fresh))!.purgedAt, null);
    t.deepEqual(await faxRepo.purgeCandidates(db, before, '', 10), []);

    const job = (status: 'queued' | 'sent', id = randomUUID()) => ({ id, tenantId: tenant.id, legId: null, number: '62000001', documentKind: 'document' as const, documentLabel: 'Rates', documentId: null, file: `x/jobs/${id}.tiff`, pages: 1, status, attempts: 1, maxAttempts: 3, retryIntervalMs: 60_000, nextAttemptAt: null, createdAt: '2026-01-01T00:00:00.000Z' });
    const sent = job('sent');
    const queued = job('queued');
    await faxJobRepo.insert(db, sent);
    await faxJobRepo.insert(db, queued);
    await faxJobRepo.update(db, sent.id, { finishedAt: '2026-01-02T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
    t.deepEqual((await faxJobRepo.purgeCandidates(db, before, '', 10)).map((j) => j.id), [sent.id], 'only finished jobs');
    t.deepEqual([...(await faxJobRepo.statuses(db, [sent.id, queued.id])).entries()].sort(), [[sent.id, 'sent'], [queued.id, 'queued']].sort());
    await faxJobRepo.markPurged(db, sent.id, '2026-03-02T00:00:00.000Z');
    t.is((await faxJobRepo.get(db, sent.id))!.purgedAt, '2026-03-02T00:00:00.000Z');
    t.deepEqual(await faxJobRepo.purgeCandidates(db, before, '', 10), []);
  } finally {
    await store.close();
  }
});
