/**
 * Fax objects for the route-walking tests (permissions, tenant isolation, audit), made when
 * the server has the fax module: a fax-on-demand document, a queued fax job and a received
 * fax with a PNG page, per tenant. Labels carry the tenant's marker so a leak is visible.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TellerlineServer } from '../../src/server.js';
import { faxJobRepo } from '../../src/fax/store/fax-job-repo.js';
import { faxRepo } from '../../src/fax/store/fax-repo.js';

/** A 1x1 white PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==', 'base64');

export async function faxFixtures(server: TellerlineServer, tenantId: string, marker: string, phonePrefix: string): Promise<{ ids: Record<string, string>; allIds: string[] }> {
  const fax = server.services.fax;
  if (!fax) return { ids: {}, allIds: [] };
  const db = server.services.store.knex;
  const tmp = await mkdtemp(join(tmpdir(), 'tl-fax-fixture-'));
  try {
    const png = join(tmp, 'page.png');
    await writeFile(png, PNG);
    const doc = await fax.onDemand.add(db, { tenantId, code: `${marker}-doc-${randomUUID().slice(0, 6)}`, title: `${marker} rates`, originalName: `${marker}.png`, path: png, createdBy: `${marker}-admin` });
    const jobId = randomUUID();
    const at = new Date().toISOString();
    await faxJobRepo.insert(db, {
      id: jobId, tenantId, legId: null, number: `${phonePrefix}7`, documentKind: 'document', documentLabel: `${marker} rates`, documentId: doc.id,
      file: fax.files.job(tenantId, jobId), pages: 1, status: 'queued', attempts: 0, maxAttempts: 3, retryIntervalMs: 60_000, nextAttemptAt: at, createdAt: at,
    });
    const faxId = randomUUID();
    const received = fax.files.received(tenantId, faxId);
    await copyFile(fax.files.abs(doc.file), await fax.files.prepare(received.tiff));
    await copyFile(png, await fax.files.prepare(join(received.dir, 'page-1.png')));
    await faxRepo.insert(db, {
      id: faxId, tenantId, direction: 'inbound', origin: 'dialed', startedAt: at, endedAt: at, status: 'ok', pages: 1, calling: `${phonePrefix}6`, called: '95566',
      remoteIdent: `${marker} FAX`.slice(0, 20), file: received.tiff, t30Code: 0, t30Text: 'OK',
    });
    await faxRepo.insertPages(db, [{ faxId, page: 1, width: 1, height: 1, pngFile: join(received.dir, 'page-1.png') }]);
    return { ids: { faxes: faxId, faxJobs: jobId, faxDocuments: doc.id }, allIds: [doc.id, jobId, faxId] };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
