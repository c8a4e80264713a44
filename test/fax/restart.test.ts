/**
 * A crash in the middle of a fax: at the next start the fax left running is closed as failed,
 * and its job goes back to the queue and is sent.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closeFaxDocuments, compareFaxImages } from '../../src/fax/documents/index.js';
import { faxJobRepo } from '../../src/fax/store/fax-job-repo.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makePdf } from '../fax-documents/helpers/make-pdf.js';
import { jobSettled, lineQuiet, removeScratch, scratch, startFaxServer } from './helpers.js';

test('after a crash, a running fax is closed as failed and its job is sent at the next start', async (t) => {
  const dir = await scratch('restart');
  t.teardown(async () => {
    await closeFaxDocuments();
    await removeScratch(dir);
  });
  const jobId = randomUUID();
  const faxId = randomUUID();
  const first = await startFaxServer({ dir });
  let jobFile: string;
  try {
    const pdf = join(dir, 'one.pdf');
    await writeFile(pdf, makePdf({ pages: 1 }));
    const db = first.services.store.knex;
    await first.fax.onDemand.add(db, { tenantId: DEFAULT_BANK_TENANT_ID, code: 'one', title: 'One', originalName: null, path: pdf, createdBy: null });
    // What a crash in the middle of the first attempt leaves behind.
    await first.fax.runner!.stop();
    const queued = await first.fax.port.queueJob({ tenantId: DEFAULT_BANK_TENANT_ID, legId: null, document: { kind: 'document', documentId: 'one' }, number: '64000001' });
    t.is(queued.kind, 'queued');
    const job = (await faxJobRepo.get(db, queued.kind === 'queued' ? queued.jobId : ''))!;
    jobFile = first.fax.files.abs(job.file);
    await db('fax_jobs').where({ id: job.id }).update({ id: jobId, status: 'running', attempts: 1 });
    await faxRepo.insert(db, { id: faxId, tenantId: DEFAULT_BANK_TENANT_ID, direction: 'outbound', origin: 'job', jobId, attempt: 1, startedAt: new Date().toISOString() });
  } finally {
    await first.stop();
  }

  const second = await startFaxServer({ dir, beforeStart: (s) => s.sim!.network.setLine('64000001', { kind: 'fax', ringMs: 500, receiveInto: join(dir, 'after.tiff') }) });
  try {
    const interrupted = await faxRepo.get(second.services.store.knex, faxId);
    t.is(interrupted?.status, 'failed');
    t.is(interrupted?.t30Text, 'interrupted by a server restart');
    const job = await jobSettled(second, jobId);
    t.is(job.status, 'sent');
    t.is(job.attempts, 2);
    t.true((await compareFaxImages(jobFile, join(dir, 'after.tiff'))).identical);
    t.deepEqual(await lineQuiet(second), { calls: 0, faxes: 0, busyChannels: [] });
  } finally {
    await second.stop();
  }
});
