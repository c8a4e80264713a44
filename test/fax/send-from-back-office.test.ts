/**
 * Back-office "send a fax" (POST /fax-jobs): a bank administrator uploads a document, sends it
 * to a simulated fax machine on the virtual card, and the job runs through the job runner to
 * `sent` with every page received; the send is audited (who, what, which number). Roles
 * without fax:send get 403, a malformed body 422, an unknown or foreign document 404, a
 * document whose TIFF is missing 409.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { closeFaxDocuments, compareFaxImages, faxDocumentInfo } from '../../src/fax/documents/index.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makeOperator, makeTenant } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { makePdf } from '../fax-documents/helpers/make-pdf.js';
import { jobSettled, lineQuiet, removeScratch, scratch, startFaxServer, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
let dir: string;
let strangerDocId: string;

test.before(async () => {
  server = await startFaxServer({ settings: { jobs: { maxAttempts: 2, retryIntervalMs: 5000, ringTimeoutMs: 20_000 } } });
  dir = await scratch('send');
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'send-admin', role: 'bank_admin' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'send-supervisor', role: 'supervisor' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'send-agent', role: 'agent' });
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'send-auditor', role: 'auditor' });
  const other = await makeTenant(server.server, 'send-other', 'Other bank');
  await makeOperator(server.server, { tenantId: other.id, username: 'send-stranger', role: 'bank_admin' });
  const stranger = await loginAs(server.url, 'send-stranger');
  const doc = await stranger.post('/api/v1/fax-documents', { code: 'other-rates', title: 'Other rates', contentBase64: makePdf({ pages: 1 }).toString('base64') });
  strangerDocId = doc.body.id;
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await removeScratch(dir);
});

/** Uploads a PDF as the web admin does (multipart/form-data). */
async function upload(code: string, pages: number): Promise<{ id: string; pages: number }> {
  const admin = await loginAs(server.url, 'send-admin');
  const form = new FormData();
  form.set('code', code);
  form.set('title', `${code} 申请表`);
  form.set('file', new Blob([makePdf({ pages })]), `${code}.pdf`);
  const res = await fetch(`${server.url}/api/v1/fax-documents/upload`, { method: 'POST', body: form, headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf! } });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; pages: number };
}

test.serial('a bank administrator sends an uploaded document to a fax machine: the job is sent, every page arrives, the send is audited', async (t) => {
  const doc = await upload('account-forms', 2);
  const received = join(dir, 'machine.tiff');
  server.services.sim!.network.setLine('64000001', { kind: 'fax', ringMs: 500, receiveInto: received });
  const admin = await loginAs(server.url, 'send-admin');
  const res = await admin.post('/api/v1/fax-jobs', { number: '64000001', documentId: doc.id, maxAttempts: 3, retryIntervalMs: 60_000 });
  t.is(res.status, 201, res.text);
  t.is(res.body.number, '64000001');
  t.is(res.body.documentId, doc.id);
  t.is(res.body.documentKind, 'document');
  t.is(res.body.maxAttempts, 3);
  t.is(res.body.retryIntervalMs, 60_000);
  t.is(res.body.legId, null, 'no call asked for it');
  t.is(res.body.requestedBy, 'send-admin', 'the job names the operator who sent it');
  t.false('file' in res.body);

  const job = await jobSettled(server, res.body.id);
  t.is(job.status, 'sent', `${job.lastOutcome} ${job.lastError}`);
  t.is(job.attempts, 1);
  t.is(job.lastT30Code, 0);
  const view = await admin.get(`/api/v1/fax-jobs/${job.id}`);
  t.is(view.body.status, 'sent');
  const attempts = await faxRepo.list(server.services.store.knex, DEFAULT_BANK_TENANT_ID, { jobId: job.id }, { limit: 10, offset: 0 });
  t.is(attempts.items.length, 1);
  t.is(attempts.items[0]!.pages, 2);
  t.is(attempts.items[0]!.called, '64000001');
  const line = await server.simFaxes.wait((r) => r.role === 'line' && r.to === '64000001');
  t.true(line.result?.success, line.result?.text);
  t.is((await faxDocumentInfo(received)).pages, 2, 'the fax machine printed both pages');
  t.true((await compareFaxImages(server.fax.files.abs(`${DEFAULT_BANK_TENANT_ID}/documents/${doc.id}.tiff`), received)).identical);

  const entry = await server.services.store.knex('audit_log').where({ action: 'faxJobs.create', target_id: job.id }).first();
  t.is(entry.outcome, 'ok');
  t.is(entry.actor_name, 'send-admin');
  t.is(entry.tenant_id, DEFAULT_BANK_TENANT_ID);
  const after = JSON.parse(entry.after_json);
  t.is(after.number, '64000001');
  t.is(after.documentId, doc.id);
  t.is(after.documentCode, 'account-forms');
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('a supervisor may send; an agent and an auditor may not (403, audited as denied)', async (t) => {
  const doc = await upload('rates-sheet', 1);
  server.services.sim!.network.setLine('+64000002', { kind: 'busy' });
  const supervisor = await loginAs(server.url, 'send-supervisor');
  const ok = await supervisor.post('/api/v1/fax-jobs', { number: '+64000002', documentId: doc.id, maxAttempts: 1 });
  t.is(ok.status, 201, ok.text);
  t.is(ok.body.number, '+64000002', 'a leading + is kept and dialled as given');
  const job = await jobSettled(server, ok.body.id);
  t.is(job.status, 'failed');
  t.is(job.lastOutcome, 'busy');
  for (const username of ['send-agent', 'send-auditor']) {
    const client = await loginAs(server.url, username);
    const res = await client.post('/api/v1/fax-jobs', { number: '64000001', documentId: doc.id });
    t.is(res.status, 403, username);
    t.is(res.body.error.code, 'forbidden');
  }
  const denied = await server.services.store.knex('audit_log').where({ action: 'faxJobs.create', outcome: 'denied' });
  t.deepEqual(denied.map((e) => e.actor_name).sort(), ['send-agent', 'send-auditor']);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('a malformed body is refused with 422; an unknown or foreign document with 404; a document without its TIFF with 409', async (t) => {
  const doc = await upload('missing-tiff', 1);
  const admin = await loginAs(server.url, 'send-admin');
  const before = Number(((await server.services.store.knex('fax_jobs').count({ n: '*' }).first()) as { n: number | string }).n);
  for (const body of [
    { number: '6400-0001', documentId: doc.id },
    { number: 'fax me', documentId: doc.id },
    { number: '12', documentId: doc.id },
    { number: '1'.repeat(21), documentId: doc.id },
    { number: '64000001', documentId: 'account-forms' },
    { number: '64000001' },
    { documentId: doc.id },
    { number: '64000001', documentId: doc.id, maxAttempts: 0 },
    { number: '64000001', documentId: doc.id, maxAttempts: 11 },
    { number: '64000001', documentId: doc.id, retryIntervalMs: 10 },
    { number: '64000001', documentId: doc.id, priority: 'high' },
  ]) {
    const res = await admin.post('/api/v1/fax-jobs', body);
    t.is(res.status, 422, JSON.stringify(body));
    t.is(res.body.error.code, 'validation_failed');
  }
  const bad = await admin.post('/api/v1/fax-jobs', { number: '64-01', documentId: doc.id });
  t.regex(JSON.stringify(bad.body.error.details), /body\.number/);

  const unknown = await admin.post('/api/v1/fax-jobs', { number: '64000001', documentId: randomUUID() });
  t.is(unknown.status, 404);
  t.is(unknown.body.error.code, 'not_found');
  const foreign = await admin.post('/api/v1/fax-jobs', { number: '64000001', documentId: strangerDocId });
  t.is(foreign.status, 404, 'another tenant\'s document is not found, exactly as a missing one');

  await rm(server.fax.files.abs(`${DEFAULT_BANK_TENANT_ID}/documents/${doc.id}.tiff`));
  const missing = await admin.post('/api/v1/fax-jobs', { number: '64000001', documentId: doc.id });
  t.is(missing.status, 409);
  t.is(missing.body.error.code, 'fax_document_unavailable');

  const after = Number(((await server.services.store.knex('fax_jobs').count({ n: '*' }).first()) as { n: number | string }).n);
  t.is(after, before, 'no job was queued by a refused request');
  const failed = await server.services.store.knex('audit_log').where({ action: 'faxJobs.create', outcome: 'failed' });
  t.deepEqual(failed.map((e) => JSON.parse(e.after_json).error).sort(), ['document-unavailable', 'no-such-document', 'no-such-document']);
});
