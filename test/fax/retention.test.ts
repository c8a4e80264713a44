/**
 * Retention of fax files (fax.retentionDays): the sweep deletes the files of faxes and
 * finished jobs older than the limit and marks their rows purged (the rows stay); their TIFF
 * and PNG routes answer 410 `fax_purged`. Newer faxes, jobs still to run and fax-on-demand
 * documents are untouched; 0 days keeps everything; a file already gone does not stop the
 * sweep, nor does one that cannot be deleted (its row waits for the next sweep).
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { faxModule } from '../../src/fax/module.js';
import { FaxRetention } from '../../src/fax/fax-retention.js';
import type { FaxRuntime } from '../../src/fax/fax-runtime.js';
import { faxJobRepo, type FaxJobStatus } from '../../src/fax/store/fax-job-repo.js';
import { faxRepo, type FaxInsert } from '../../src/fax/store/fax-repo.js';
import { closeFaxDocuments } from '../../src/fax/documents/index.js';
import { DEFAULT_BANK_TENANT_ID as TENANT } from '../../src/tenants/default-bank.js';
import { makeOperator, quietLogger, startTestServer, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';

const DAY = 86_400_000;
/** A 1x1 white PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==', 'base64');

let ts: TestServer;
let fax: FaxRuntime;
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();

test.before(async () => {
  ts = await startTestServer({ modules: [faxModule({ settings: { retentionDays: 30 } })] });
  fax = ts.server.services.fax!;
  await makeOperator(ts.server, { tenantId: TENANT, username: 'keeper', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
  await closeFaxDocuments();
});

const db = () => ts.server.services.store.knex;

async function put(relative: string, data: Buffer = Buffer.from('II*\0fake tiff')): Promise<string> {
  const abs = await fax.files.prepare(relative);
  await writeFile(abs, data);
  return abs;
}

/** A received fax of `age` days with its TIFF and two PNG pages. */
async function received(age: number): Promise<{ id: string; files: string[] }> {
  const id = randomUUID();
  const r = fax.files.received(TENANT, id);
  const files = [await put(r.tiff), await put(join(r.dir, 'page-1.png'), PNG), await put(join(r.dir, 'page-2.png'), PNG)];
  await faxRepo.insert(db(), { id, tenantId: TENANT, direction: 'inbound', origin: 'dialed', startedAt: daysAgo(age), endedAt: daysAgo(age), status: 'ok', pages: 2, file: r.tiff, calling: '02188886666' });
  await faxRepo.insertPages(db(), [1, 2].map((page) => ({ faxId: id, page, width: 1, height: 1, pngFile: join(r.dir, `page-${page}.png`) })));
  return { id, files };
}

async function outbound(age: number, fields: Partial<FaxInsert>): Promise<string> {
  const id = randomUUID();
  await faxRepo.insert(db(), { id, tenantId: TENANT, direction: 'outbound', origin: 'to-caller', startedAt: daysAgo(age), endedAt: daysAgo(age), status: 'ok', pages: 1, documentKind: 'document', ...fields });
  return id;
}

/** A job (its own copy of the document) with one attempt `age` days ago. */
async function job(age: number, status: FaxJobStatus): Promise<{ id: string; file: string; attempt: string }> {
  const id = randomUUID();
  const file = fax.files.job(TENANT, id);
  const abs = await put(file);
  const at = daysAgo(age);
  await faxJobRepo.insert(db(), { id, tenantId: TENANT, legId: null, number: '62000001', documentKind: 'document', documentLabel: 'Rates', documentId: null, file, pages: 1, status, attempts: 1, maxAttempts: 3, retryIntervalMs: 60_000, nextAttemptAt: status === 'queued' ? now.toISOString() : null, createdAt: at });
  if (status !== 'queued') await faxJobRepo.update(db(), id, { finishedAt: at, updatedAt: at });
  const attempt = await outbound(age, { origin: 'job', jobId: id, attempt: 1, file, status: status === 'queued' ? 'busy' : 'ok' });
  return { id, file: abs, attempt };
}

async function purgedAt(table: 'faxes' | 'fax_jobs', id: string): Promise<unknown> {
  return ((await db()(table).where({ id }).first('purged_at')) as { purged_at: unknown }).purged_at;
}

test.serial('old faxes lose their files and answer 410; newer ones, jobs still to run and fax-on-demand documents are untouched', async (t) => {
  const old = await received(40);
  const fresh = await received(10);
  // A statement sent on the caller's call (its own file) and a fax-on-demand document sent on a
  // call (the row points at the document itself, which the bank keeps).
  const sentFile = fax.files.sent(TENANT, randomUUID());
  const sentAbs = await put(sentFile);
  const statement = await outbound(45, { documentKind: 'statement', file: sentFile });
  const pdf = join(ts.dir, 'doc.png');
  await writeFile(pdf, PNG);
  const doc = await fax.onDemand.add(db(), { tenantId: TENANT, code: 'kept-rates', title: 'Kept', originalName: null, path: pdf, createdBy: null });
  const onDemand = await outbound(50, { documentId: doc.id, file: doc.file });
  const finished = await job(60, 'sent');
  const waiting = await job(60, 'queued');
  const newJob = await job(5, 'failed');
  // Already gone (deleted by hand, a lost disk): the sweep carries on and marks it.
  const gone = await received(35);
  await rm(join(gone.files[0]!, '..'), { recursive: true });

  // Retention 0 keeps everything, however old.
  const keepAll = new FaxRetention({ db: db(), files: fax.files, settings: { retentionDays: 0 }, now: () => now, logger: quietLogger() });
  t.deepEqual(await keepAll.sweep(new Date(now.getTime() + 3650 * DAY)), { faxes: 0, jobs: 0, failed: 0 });
  t.true([...old.files, sentAbs, finished.file].every((f) => existsSync(f)));

  const result = await fax.retention.sweep(now);
  t.deepEqual(result, { faxes: 5, jobs: 1, failed: 0 }, 'old, statement, on-demand, finished job\'s attempt, gone; the finished job');
  for (const f of [...old.files, sentAbs, finished.file]) t.false(existsSync(f), f);
  t.false(existsSync(join(old.files[0]!, '..')), 'the received fax\'s directory is removed');
  for (const f of [...fresh.files, waiting.file, newJob.file, fax.files.abs(doc.file)]) t.true(existsSync(f), f);
  for (const id of [old.id, statement, onDemand, finished.attempt, gone.id]) t.truthy(await purgedAt('faxes', id), id);
  for (const id of [fresh.id, waiting.attempt, newJob.attempt]) t.is(await purgedAt('faxes', id), null, id);
  t.truthy(await purgedAt('fax_jobs', finished.id));
  t.is(await purgedAt('fax_jobs', waiting.id), null);
  t.is(await purgedAt('fax_jobs', newJob.id), null);
  t.deepEqual(await fax.retention.sweep(now), { faxes: 0, jobs: 0, failed: 0 }, 'a second sweep has nothing to do');

  const admin = await loginAs(ts.url, 'keeper');
  for (const path of [`/api/v1/faxes/${old.id}/tiff`, `/api/v1/faxes/${old.id}/png?page=1`, `/api/v1/faxes/${statement}/tiff`]) {
    const res = await admin.get(path);
    t.is(res.status, 410, path);
    t.is(res.body.error.code, 'fax_purged');
    t.regex(res.body.error.message, /retention/);
  }
  const row = await admin.get(`/api/v1/faxes/${old.id}`);
  t.is(row.status, 200, 'the record stays');
  t.truthy(row.body.purgedAt);
  t.false(row.body.hasTiff);
  t.is(row.body.calling, '02188886666');
  t.is(row.body.pngPages.length, 2);
  t.truthy((await admin.get(`/api/v1/fax-jobs/${finished.id}`)).body.purgedAt);
  const kept = await admin.get(`/api/v1/faxes/${fresh.id}`);
  t.is(kept.body.purgedAt, null);
  t.true(kept.body.hasTiff);
  t.is((await admin.get(`/api/v1/faxes/${fresh.id}/tiff`)).status, 200);
  t.is((await admin.get(`/api/v1/faxes/${fresh.id}/png?page=2`)).status, 200);
  t.is((await admin.get(`/api/v1/fax-documents/${doc.id}/tiff`)).status, 200, 'fax-on-demand documents are never purged');

  // Once the waiting job is over (and old enough), its copy goes too.
  await faxJobRepo.update(db(), waiting.id, { status: 'failed', finishedAt: daysAgo(31), updatedAt: daysAgo(31) });
  t.deepEqual(await fax.retention.sweep(now), { faxes: 1, jobs: 1, failed: 0 });
  t.false(existsSync(waiting.file));
});

test.serial('a file that cannot be deleted leaves its row for the next sweep; the others are purged', async (t) => {
  const stuck = await received(90);
  const other = await received(90);
  // A directory where the TIFF should be: rm without recursive refuses it.
  await rm(stuck.files[0]!);
  await mkdir(join(stuck.files[0]!, 'x'), { recursive: true });
  const result = await fax.retention.sweep(now);
  t.is(result.failed, 1);
  t.is(result.faxes, 1);
  t.is(await purgedAt('faxes', stuck.id), null);
  t.truthy(await purgedAt('faxes', other.id));
  await rm(stuck.files[0]!, { recursive: true });
  t.deepEqual(await fax.retention.sweep(now), { faxes: 1, jobs: 0, failed: 0 });
  t.truthy(await purgedAt('faxes', stuck.id));
});

test.serial('start() sweeps at once and then on its interval; stop() ends the sweeps', async (t) => {
  let clock = now.getTime();
  const retention = new FaxRetention({ db: db(), files: fax.files, settings: { retentionDays: 30 }, now: () => new Date(clock), logger: quietLogger() });
  const first = await received(31);
  retention.start(40);
  await waitFor(async () => (await purgedAt('faxes', first.id)) !== null);
  t.false(existsSync(first.files[0]!), 'the first sweep runs at start');
  const second = await received(20);
  clock += 11 * DAY;
  await waitFor(async () => (await purgedAt('faxes', second.id)) !== null);
  t.pass('the next sweep came on the timer, with the injected clock');
  await retention.stop();
  const third = await received(20);
  clock += 30 * DAY;
  await new Promise((r) => setTimeout(r, 200));
  t.is(await purgedAt('faxes', third.id), null, 'no sweep after stop()');
  t.true(existsSync(third.files[0]!));
});

async function waitFor(check: () => Promise<boolean>, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
