/**
 * Queued outbound faxes (the caller keyed in a fax number): the job runner dials the
 * simulated network, sends as the calling party, retries busy / no answer / fax failures and
 * reaches a final status with the right outcome, cause and T.30 error, leaving no call,
 * fax or channel behind.
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cause } from '../../bindings/index.js';
import { closeFaxDocuments, compareFaxImages } from '../../src/fax/documents/index.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import type { FaxOnDemandDocument } from '../../src/fax/store/fax-document-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makePdf } from '../fax-documents/helpers/make-pdf.js';
import { jobSettled, lineQuiet, removeScratch, scratch, startFaxServer, type FaxTestServer } from './helpers.js';

const T30_OK = 0;
const T30_ERR_CALLDROPPED = 49;

let server: FaxTestServer;
let dir: string;
let threePages: FaxOnDemandDocument;

test.before(async () => {
  server = await startFaxServer({ settings: { jobs: { maxAttempts: 2, retryIntervalMs: 5000, ringTimeoutMs: 20_000 } } });
  dir = await scratch('outbound');
  const pdf = join(dir, 'three.pdf');
  await writeFile(pdf, makePdf({ pages: 3 }));
  threePages = await server.fax.onDemand.add(server.services.store.knex, { tenantId: DEFAULT_BANK_TENANT_ID, code: 'three-pages', title: 'Three pages', originalName: 'three.pdf', path: pdf, createdBy: 'test' });
});
test.after.always(async () => {
  await server?.stop();
  await closeFaxDocuments();
  await removeScratch(dir);
});

function queue(number: string) {
  return server.fax.port.queueJob({ tenantId: DEFAULT_BANK_TENANT_ID, legId: null, document: { kind: 'document', documentId: 'three-pages' }, number });
}

async function attemptsOf(jobId: string) {
  const page = await faxRepo.list(server.services.store.knex, DEFAULT_BANK_TENANT_ID, { jobId }, { limit: 50, offset: 0 });
  return page.items.sort((a, b) => (a.attempt ?? 0) - (b.attempt ?? 0));
}

test.serial('a 3-page fax with ECM and one without both arrive intact', async (t) => {
  t.is(threePages.pages, 3);
  const network = server.services.sim!.network;
  const withEcm = join(dir, 'ecm.tiff');
  const withoutEcm = join(dir, 'no-ecm.tiff');
  network.setLine('62000001', { kind: 'fax', ringMs: 1000, receiveInto: withEcm, ecm: true });
  network.setLine('62000002', { kind: 'fax', ringMs: 1000, receiveInto: withoutEcm, ecm: false });
  const [a, b] = await Promise.all([queue('62000001'), queue('62000002')]);
  t.is(a.kind, 'queued');
  t.is(b.kind, 'queued');
  const jobs = await Promise.all([a, b].map((o) => jobSettled(server, o.kind === 'queued' ? o.jobId : '')));
  for (const [job, ecm, file] of [[jobs[0]!, true, withEcm], [jobs[1]!, false, withoutEcm]] as const) {
    t.is(job.status, 'sent', `${job.number}: ${job.lastOutcome} ${job.lastError}`);
    t.is(job.attempts, 1);
    t.is(job.lastT30Code, T30_OK);
    const [fax] = await attemptsOf(job.id);
    t.is(fax!.status, 'ok');
    t.is(fax!.origin, 'job');
    t.is(fax!.direction, 'outbound');
    t.is(fax!.pages, 3);
    t.is(fax!.pagesInDocument, 3);
    t.is(fax!.ecm, ecm, `${job.number} negotiated ECM ${ecm}`);
    t.is(fax!.called, job.number);
    t.is(fax!.remoteIdent, `SIM ${job.number}`);
    const line = await server.simFaxes.wait((r) => r.role === 'line' && r.to === job.number);
    t.true(line.result?.success, line.result?.text);
    t.is(line.result?.ecm, ecm);
    t.is(line.result?.remoteIdent, server.fax.settings.ident);
    const cmp = await compareFaxImages(server.fax.files.abs(job.file), file);
    t.true(cmp.identical, `${job.number}: ${JSON.stringify(cmp.pages)}`);
  }
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('busy: retried, then failed with cause 17 on every attempt', async (t) => {
  server.services.sim!.network.setLine('62000003', { kind: 'busy' });
  const queued = await queue('62000003');
  const job = await jobSettled(server, queued.kind === 'queued' ? queued.jobId : '');
  t.is(job.status, 'failed');
  t.is(job.attempts, 2);
  t.is(job.lastOutcome, 'busy');
  t.truthy(job.finishedAt);
  const attempts = await attemptsOf(job.id);
  t.deepEqual(attempts.map((f) => [f.attempt, f.status, f.cause]), [[1, 'busy', Cause.USER_BUSY], [2, 'busy', Cause.USER_BUSY]]);
  // The retry waited its interval (engine time, on the card's clock).
  t.true(Date.parse(attempts[1]!.startedAt) - Date.parse(attempts[0]!.startedAt) >= 5000);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('no answer: the bank stops ringing, retries, then fails with no-answer', async (t) => {
  server.services.sim!.network.setLine('62000004', { kind: 'no-answer' });
  const queued = await queue('62000004');
  const job = await jobSettled(server, queued.kind === 'queued' ? queued.jobId : '');
  t.is(job.status, 'failed');
  t.is(job.attempts, 2);
  t.is(job.lastOutcome, 'no-answer');
  const attempts = await attemptsOf(job.id);
  t.deepEqual(attempts.map((f) => f.status), ['no-answer', 'no-answer']);
  t.true(attempts.every((f) => f.cause === Cause.NO_ANSWER), JSON.stringify(attempts.map((f) => f.cause)));
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('the far end hangs up in the middle of page 2: T.30 "call dropped", one page through, retried, failed', async (t) => {
  server.services.sim!.network.setLine('62000005', { kind: 'fax', ringMs: 500, receiveInto: join(dir, 'cut.tiff'), hangupMidPage: 2 });
  const queued = await queue('62000005');
  const job = await jobSettled(server, queued.kind === 'queued' ? queued.jobId : '');
  t.is(job.status, 'failed');
  t.is(job.attempts, 2);
  t.is(job.lastOutcome, 'failed');
  t.is(job.lastT30Code, T30_ERR_CALLDROPPED);
  t.is(job.lastError, 'The call dropped prematurely');
  const attempts = await attemptsOf(job.id);
  for (const fax of attempts) {
    t.is(fax.status, 'failed');
    t.is(fax.t30Code, T30_ERR_CALLDROPPED);
    t.is(fax.pages, 1, 'page 1 was confirmed before the line went');
    t.truthy(fax.endedAt);
  }
  const line = await server.simFaxes.wait((r) => r.role === 'line' && r.to === '62000005');
  t.true(line.hungUp);
  t.deepEqual(await lineQuiet(server), { calls: 0, faxes: 0, busyChannels: [] });
});

test.serial('a number that does not exist is not retried; a malformed one is refused at once', async (t) => {
  server.services.sim!.network.setLine('62000006', { kind: 'unallocated' });
  const queued = await queue('62000006');
  const job = await jobSettled(server, queued.kind === 'queued' ? queued.jobId : '');
  t.is(job.status, 'failed');
  t.is(job.attempts, 1);
  t.is(job.lastOutcome, 'call-failed');
  t.regex(job.lastError ?? '', /cause 1\)/);
  t.deepEqual(await queue('12'), { kind: 'failed', reason: 'invalid-number' });
  t.deepEqual(await server.fax.port.queueJob({ tenantId: DEFAULT_BANK_TENANT_ID, legId: null, document: { kind: 'document', documentId: 'nope' }, number: '62000001' }), { kind: 'failed', reason: 'no-such-document' });
});

test.serial('job progress and the final status are published on the event bus', async (t) => {
  const seen: Array<Record<string, unknown>> = [];
  const sub = server.services.bus.events$.subscribe((e) => {
    if (e.type === ('fax.job' as string)) seen.push(e as unknown as Record<string, unknown>);
  });
  t.teardown(() => sub.unsubscribe());
  server.services.sim!.network.setLine('62000007', { kind: 'busy' });
  const queued = await queue('62000007');
  const job = await jobSettled(server, queued.kind === 'queued' ? queued.jobId : '');
  await new Promise((r) => setTimeout(r, 50));
  const mine = seen.filter((e) => e['jobId'] === job.id).map((e) => `${e['status']}:${e['attempts']}`);
  t.deepEqual(mine, ['queued:0', 'running:1', 'queued:1', 'running:2', 'failed:2']);
});
