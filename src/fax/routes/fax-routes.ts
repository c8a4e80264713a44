/**
 * HTTP routes of the fax layer (/api/v1), all tenant-scoped (objects of another tenant answer
 * 404, exactly as missing ones; platform administrators see every tenant):
 *
 *   GET    /faxes                       faxes sent and received, newest first   fax:read
 *   GET    /faxes/:id                   one fax, with its PNG pages             fax:read
 *   GET    /faxes/:id/tiff              the TIFF (received, or what was sent)   fax:read
 *   GET    /faxes/:id/png?page=n        a received page as PNG, for the browser fax:read
 *   GET    /fax-jobs                    outbound fax jobs                       fax:read
 *   GET    /fax-jobs/:id                one job                                 fax:read
 *   POST   /fax-jobs                    send a fax-on-demand document to a number (audited)  fax:send
 *   POST   /fax-jobs/:id/cancel         cancel a queued job (audited)           fax:write
 *   GET    /fax-documents               fax-on-demand documents                 fax:read
 *   GET    /fax-documents/:id           one document                            fax:read
 *   GET    /fax-documents/:id/tiff      its TIFF/F                              fax:read
 *   GET    /fax-documents/:id/png?page=n  a page as PNG                         fax:read
 *   POST   /fax-documents/upload        upload (multipart/form-data: file, code, title), audited  fax:write
 *   POST   /fax-documents               upload as JSON (contentBase64), audited fax:write
 *   DELETE /fax-documents/:id           delete (audited)                        fax:write
 *
 * Uploads are converted to TIFF/F before they are stored: a file that cannot be faxed is
 * refused (422) with the document layer's code and message, and the refusal is audited.
 * The files of a fax purged by the retention sweep (fax.retentionDays) answer 410 `fax_purged`.
 */
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineRoute, type AnyRoute, type RouteContext } from '../../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape, isoTime } from '../../http/schemas.js';
import { NotFoundError, PayloadTooLargeError, ServiceUnavailableError, ValidationError } from '../../http/errors.js';
import { FaxError } from '../fax-errors.js';
import { telephonyErrors } from '../../telephony/telephony-errors.js';
import { tenantsRepo } from '../../tenants/store/tenants-repo.js';
import { numberNotAllowed, outsideNumberAllowed } from '../../telephony/outside-numbers.js';
import type { AppServices } from '../../services.js';
import { FaxDocumentError } from '../documents/index.js';
import { DocumentCodeTakenError } from '../fax-on-demand.js';
import type { FaxRuntime } from '../fax-runtime.js';
import { faxDocumentRepo, type FaxOnDemandDocument } from '../store/fax-document-repo.js';
import { FAX_JOB_STATUSES, faxJobRepo, type FaxJob } from '../store/fax-job-repo.js';
import { FAX_DIRECTIONS, FAX_STATUSES, faxRepo, type FaxRecord } from '../store/fax-repo.js';
import { faxDetailSchema, faxDetailView, faxDocumentSchema, faxDocumentView, faxJobCreateSchema, faxJobSchema, faxJobView, faxSchema, faxView, fileResponse } from './fax-schemas.js';
import { receiveMultipartUpload } from '../../http/multipart-upload.js';
import { platformErrors } from '../../http/errors.js';
import { faxErrors } from '../fax-errors.js';
import { faxDocumentErrors } from '../documents/errors.js';

type Ctx = RouteContext<unknown, unknown, unknown>;

const documentCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (what the IVR menu names)');
const documentTitle = z.string().trim().min(1).max(200);
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) }).strict();

/** A 1x1 white PNG: the example upload (and the one the route-walking tests send). */
const EXAMPLE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==';

function runtime(services: AppServices): FaxRuntime {
  if (!services.fax) throw new ServiceUnavailableError('the fax service is not running');
  return services.fax;
}

function visible<T extends { tenantId: string }>(ctx: Ctx, item: T | undefined, what: string): T {
  const p = ctx.principal!;
  if (!item || (item.tenantId !== p.tenantId && p.role !== 'platform_admin')) throw new NotFoundError(what);
  return item;
}

async function sendFile(ctx: Ctx, path: string, type: 'image/tiff' | 'image/png', download: string | undefined): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    throw new NotFoundError('file');
  }
  ctx.koa.type = type;
  ctx.koa.set('Content-Disposition', download ? `attachment; filename="${download}"` : 'inline');
  return data;
}

/** The retention sweep deleted the fax's files: the row stays, the files are gone for good. */
function notPurged(fax: FaxRecord): FaxRecord {
  if (fax.purgedAt) throw new FaxError('fax_purged', `the files of this fax were deleted on ${fax.purgedAt} under the bank's retention period (fax.retentionDays)`);
  return fax;
}

async function addDocument(ctx: Ctx, input: { tenantId: string; code: string; title: string; originalName: string | null; path: string; resolution?: 'standard' | 'fine' | undefined }): Promise<FaxOnDemandDocument> {
  const fax = runtime(ctx.services);
  try {
    const doc = await fax.onDemand.add(ctx.db, { ...input, createdBy: ctx.principal!.name ?? ctx.principal!.id, ...(input.resolution ? { resolution: input.resolution } : {}) });
    await ctx.audit({ targetType: 'faxDocuments', targetId: doc.id, tenantId: doc.tenantId, after: faxDocumentView(doc) });
    return doc;
  } catch (err) {
    if (err instanceof FaxDocumentError || err instanceof DocumentCodeTakenError) {
      await ctx.audit({ targetType: 'faxDocuments', tenantId: input.tenantId, outcome: 'failed', after: { code: input.code, title: input.title, originalName: input.originalName, error: err.code } });
      throw err;
    }
    throw err;
  }
}

export const faxRoutes: AnyRoute[] = [
  defineRoute({
    id: 'faxes.list',
    method: 'GET',
    path: '/faxes',
    resource: 'faxes',
    summary: 'Faxes sent and received, newest first',
    access: 'fax:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        direction: z.enum(FAX_DIRECTIONS).optional(),
        status: z.enum(FAX_STATUSES).optional(),
        jobId: z.uuid().optional(),
        from: isoTime.optional().describe('inclusive'),
        to: isoTime.optional().describe('exclusive'),
      })
      .strict(),
    response: pageOf(faxSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await faxRepo.list(db, scopeTenant(query.tenantId), query, query);
      return { ...page, items: page.items.map(faxView) };
    },
  }),
  defineRoute({
    id: 'faxes.get',
    method: 'GET',
    path: '/faxes/:id',
    resource: 'faxes',
    summary: 'One fax: its T.30 result and, when received, its pages',
    access: 'fax:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: faxDetailSchema,
    handler: async (ctx) => {
      const fax = visible(ctx, await faxRepo.get(ctx.db, ctx.params.id), 'fax');
      return faxDetailView(fax, await faxRepo.pages(ctx.db, fax.id));
    },
  }),
  defineRoute({
    id: 'faxes.tiff',
    method: 'GET',
    path: '/faxes/:id/tiff',
    resource: 'faxes',
    summary: 'The fax as a TIFF file (image/tiff)',
    access: 'fax:read',
    errors: [platformErrors.not_found, faxErrors.fax_purged],
    params: idParams,
    response: fileResponse,
    handler: async (ctx) => {
      const fax: FaxRecord = notPurged(visible(ctx, await faxRepo.get(ctx.db, ctx.params.id), 'fax'));
      if (!fax.file) throw new NotFoundError('fax file');
      return sendFile(ctx, runtime(ctx.services).files.abs(fax.file), 'image/tiff', `fax-${fax.id}.tiff`);
    },
  }),
  defineRoute({
    id: 'faxes.png',
    method: 'GET',
    path: '/faxes/:id/png',
    resource: 'faxes',
    summary: 'A page of a received fax as PNG (image/png), for the browser',
    access: 'fax:read',
    errors: [platformErrors.not_found, faxErrors.fax_purged],
    params: idParams,
    query: pageQuery,
    response: fileResponse,
    example: { query: { page: '1' } },
    handler: async (ctx) => {
      const fax = notPurged(visible(ctx, await faxRepo.get(ctx.db, ctx.params.id), 'fax'));
      const page = (await faxRepo.pages(ctx.db, fax.id)).find((p) => p.page === ctx.query.page);
      if (!page) throw new NotFoundError('fax page');
      return sendFile(ctx, runtime(ctx.services).files.abs(page.pngFile), 'image/png', undefined);
    },
  }),
  defineRoute({
    id: 'faxJobs.list',
    method: 'GET',
    path: '/fax-jobs',
    resource: 'faxJobs',
    summary: 'Outbound fax jobs (to numbers callers keyed in, or sent from the back office), newest first',
    access: 'fax:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, status: z.enum(FAX_JOB_STATUSES).optional() }).strict(),
    response: pageOf(faxJobSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await faxJobRepo.list(db, scopeTenant(query.tenantId), query, query);
      return { ...page, items: page.items.map(faxJobView) };
    },
  }),
  defineRoute({
    id: 'faxJobs.get',
    method: 'GET',
    path: '/fax-jobs/:id',
    resource: 'faxJobs',
    summary: 'One outbound fax job: attempts, last outcome, final status',
    access: 'fax:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: faxJobSchema,
    handler: async (ctx) => faxJobView(visible(ctx, await faxJobRepo.get(ctx.db, ctx.params.id), 'fax job')),
  }),
  defineRoute({
    id: 'faxJobs.create',
    method: 'POST',
    path: '/fax-jobs',
    resource: 'faxJobs',
    summary: 'Send a fax-on-demand document to a fax number (queued; retried like the IVR\'s jobs)',
    description:
      'The job keeps its own copy of the document and runs through the job runner: busy, no answer and fax failures are retried up to maxAttempts, and GET /fax-jobs/:id shows the final status. 404 for an unknown document, 409 fax_document_unavailable when its TIFF is missing, 422 for a malformed number. Without a card the job waits, queued, for a server with one.',
    access: 'fax:send',
    errors: [platformErrors.not_found, faxErrors.fax_document_unavailable, faxErrors.fax_job_refused, telephonyErrors.number_not_allowed],
    body: faxJobCreateSchema,
    response: faxJobSchema,
    successStatus: 201,
    // Copying the document and queueing use the store's own connection (the port's); the job
    // row and its audit entry are written one after the other, not in one transaction.
    transaction: false,
    example: { body: { number: '02188886666', documentId: '00000000-0000-4000-8000-000000000000' } },
    handler: async (ctx) => {
      const fax = runtime(ctx.services);
      const tenantId = ctx.scopeTenant(ctx.body.tenantId);
      const { number, documentId } = ctx.body;
      const refused = async (error: string) => ctx.audit({ targetType: 'faxJobs', tenantId, outcome: 'failed', after: { number, documentId, error } });
      const tenant = await tenantsRepo.get(ctx.db, tenantId);
      if (!outsideNumberAllowed(ctx.services.config, tenant?.code, number)) {
        await refused('number-not-allowed');
        throw numberNotAllowed('faxes may not be sent to this number');
      }
      const doc = await faxDocumentRepo.get(ctx.db, tenantId, documentId);
      if (!doc) {
        await refused('no-such-document');
        throw new NotFoundError('fax document');
      }
      if (!(await access(fax.files.abs(doc.file)).then(() => true, () => false))) {
        await refused('document-unavailable');
        throw new FaxError('fax_document_unavailable', 'the document\'s TIFF is missing on the server; upload it again');
      }
      const outcome = await fax.port.queueJob({
        tenantId,
        legId: null,
        document: { kind: 'document', documentId: doc.id },
        number,
        ...(ctx.body.maxAttempts !== undefined ? { maxAttempts: ctx.body.maxAttempts } : {}),
        ...(ctx.body.retryIntervalMs !== undefined ? { retryIntervalMs: ctx.body.retryIntervalMs } : {}),
        queueWithoutCard: true,
        requestedBy: ctx.principal!.name,
      });
      if (outcome.kind !== 'queued') {
        const reason = outcome.kind === 'failed' ? outcome.reason : outcome.kind;
        await refused(reason);
        // Deleted meanwhile; anything else is not expected for a stored document.
        if (reason === 'no-such-document') throw new NotFoundError('fax document');
        throw new FaxError('fax_job_refused', `the fax could not be queued: ${reason}`);
      }
      const job = (await faxJobRepo.get(ctx.db, outcome.jobId))!;
      await ctx.audit({ targetType: 'faxJobs', targetId: job.id, tenantId, after: { ...faxJobView(job), documentCode: doc.code } });
      return faxJobView(job);
    },
  }),
  defineRoute({
    id: 'faxJobs.cancel',
    method: 'POST',
    path: '/fax-jobs/:id/cancel',
    resource: 'faxJobs',
    summary: 'Cancel a queued fax job (one being sent cannot be cancelled: 409)',
    access: 'fax:write',
    errors: [platformErrors.not_found, faxErrors.fax_job_not_queued],
    params: idParams,
    response: faxJobSchema,
    handler: async (ctx) => {
      const job: FaxJob = visible(ctx, await faxJobRepo.get(ctx.db, ctx.params.id), 'fax job');
      const now = new Date().toISOString();
      if (!(await faxJobRepo.transition(ctx.db, job.id, 'queued', { status: 'cancelled', nextAttemptAt: null, finishedAt: now, updatedAt: now }))) {
        throw new FaxError('fax_job_not_queued', `the job is ${job.status}; only a queued job can be cancelled`);
      }
      ctx.services.fax?.runner?.unschedule(job.id);
      const after = { ...job, status: 'cancelled' as const, nextAttemptAt: null, finishedAt: now, updatedAt: now };
      await ctx.audit({ targetType: 'faxJobs', targetId: job.id, tenantId: job.tenantId, before: faxJobView(job), after: faxJobView(after) });
      return faxJobView(after);
    },
  }),
  defineRoute({
    id: 'faxDocuments.list',
    method: 'GET',
    path: '/fax-documents',
    resource: 'faxDocuments',
    summary: 'Fax-on-demand documents, by code',
    access: 'fax:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape }).strict(),
    response: pageOf(faxDocumentSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await faxDocumentRepo.list(db, scopeTenant(query.tenantId), query);
      return { ...page, items: page.items.map(faxDocumentView) };
    },
  }),
  defineRoute({
    id: 'faxDocuments.get',
    method: 'GET',
    path: '/fax-documents/:id',
    resource: 'faxDocuments',
    summary: 'One fax-on-demand document',
    access: 'fax:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: faxDocumentSchema,
    handler: async (ctx) => faxDocumentView(visible(ctx, await findDocument(ctx, ctx.params.id), 'fax document')),
  }),
  defineRoute({
    id: 'faxDocuments.tiff',
    method: 'GET',
    path: '/fax-documents/:id/tiff',
    resource: 'faxDocuments',
    summary: 'The document as it is faxed: TIFF/F (image/tiff)',
    access: 'fax:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: fileResponse,
    handler: async (ctx) => {
      const doc = visible(ctx, await findDocument(ctx, ctx.params.id), 'fax document');
      return sendFile(ctx, runtime(ctx.services).files.abs(doc.file), 'image/tiff', `${doc.code}.tiff`);
    },
  }),
  defineRoute({
    id: 'faxDocuments.png',
    method: 'GET',
    path: '/fax-documents/:id/png',
    resource: 'faxDocuments',
    summary: 'A page of the document as it is faxed, as PNG (image/png)',
    access: 'fax:read',
    errors: [platformErrors.not_found],
    params: idParams,
    query: pageQuery,
    response: fileResponse,
    example: { query: { page: '1' } },
    handler: async (ctx) => {
      const doc = visible(ctx, await findDocument(ctx, ctx.params.id), 'fax document');
      const path = await runtime(ctx.services).onDemand.previewPage(doc, ctx.query.page);
      if (!path) throw new NotFoundError('document page');
      return sendFile(ctx, path, 'image/png', undefined);
    },
  }),
  defineRoute({
    id: 'faxDocuments.upload',
    method: 'POST',
    path: '/fax-documents/upload',
    resource: 'faxDocuments',
    summary: 'Upload a fax-on-demand document (multipart/form-data: file, code, title[, resolution, tenantId])',
    description: 'PDF, PNG, JPEG or TIFF; converted to TIFF/F at once. A file that cannot be faxed is refused with 422 and the document layer\'s code (fax_doc_unsupported, fax_doc_corrupt, fax_doc_encrypted, fax_doc_empty, fax_doc_too_many_pages); 413 when too large; 409 when the code is taken.',
    access: 'fax:write',
    errors: [platformErrors.bad_request, platformErrors.validation_failed, platformErrors.tenant_forbidden, platformErrors.payload_too_large, platformErrors.unsupported_media_type, platformErrors.no_file, faxErrors.fax_document_code_taken, ...Object.values(faxDocumentErrors)],
    response: faxDocumentSchema,
    successStatus: 201,
    // Conversion can take seconds: no transaction held open meanwhile (the row and its audit
    // entry are written after it, and a refusal is audited as failed).
    transaction: false,
    handler: async (ctx) => {
      const fax = runtime(ctx.services);
      const upload = await receiveMultipartUpload(ctx.koa.req, { maxBytes: fax.settings.maxUploadBytes, fileField: 'file' });
      try {
        const fields = z
          .object({ code: documentCode, title: documentTitle, resolution: z.enum(['standard', 'fine']).optional(), tenantId: z.uuid().optional() })
          .strict()
          .safeParse(upload.fields);
        if (!fields.success) {
          throw new ValidationError('invalid form fields', fields.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
        }
        const doc = await addDocument(ctx, { tenantId: ctx.scopeTenant(fields.data.tenantId), code: fields.data.code, title: fields.data.title, originalName: upload.fileName, path: upload.path, resolution: fields.data.resolution });
        return faxDocumentView(doc);
      } finally {
        await rm(upload.dir, { recursive: true, force: true });
      }
    },
  }),
  defineRoute({
    id: 'faxDocuments.create',
    method: 'POST',
    path: '/fax-documents',
    resource: 'faxDocuments',
    summary: 'Upload a fax-on-demand document as JSON (base64 content; small files, up to server.bodyLimitBytes)',
    description: 'The same as /fax-documents/upload for clients that only speak JSON.',
    access: 'fax:write',
    errors: [platformErrors.payload_too_large, faxErrors.fax_document_code_taken, ...Object.values(faxDocumentErrors)],
    body: z
      .object({
        code: documentCode,
        title: documentTitle,
        fileName: z.string().max(200).optional(),
        contentBase64: z.base64().min(4),
        resolution: z.enum(['standard', 'fine']).optional(),
        tenantId: z.uuid().optional().describe('platform administrators only'),
      })
      .strict(),
    response: faxDocumentSchema,
    successStatus: 201,
    transaction: false,
    example: { body: { code: 'deposit-rates', title: '存款利率表 Deposit rates', fileName: 'rates.png', contentBase64: EXAMPLE_PNG } },
    handler: async (ctx) => {
      const tenantId = ctx.scopeTenant(ctx.body.tenantId);
      const fax = runtime(ctx.services);
      const content = Buffer.from(ctx.body.contentBase64, 'base64');
      if (content.length > fax.settings.maxUploadBytes) throw new PayloadTooLargeError('the file is too large');
      const dir = await mkdtemp(join(fax.files.root, '.upload-'));
      try {
        const path = join(dir, 'upload');
        await writeFile(path, content);
        const doc = await addDocument(ctx, { tenantId, code: ctx.body.code, title: ctx.body.title, originalName: ctx.body.fileName ?? null, path, resolution: ctx.body.resolution });
        return faxDocumentView(doc);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
  defineRoute({
    id: 'faxDocuments.delete',
    method: 'DELETE',
    path: '/fax-documents/:id',
    resource: 'faxDocuments',
    summary: 'Delete a fax-on-demand document (queued jobs keep their own copy)',
    access: 'fax:write',
    errors: [platformErrors.not_found],
    params: idParams,
    response: null,
    handler: async (ctx) => {
      const doc = visible(ctx, await findDocument(ctx, ctx.params.id), 'fax document');
      await runtime(ctx.services).onDemand.remove(ctx.db, doc);
      await ctx.audit({ targetType: 'faxDocuments', targetId: doc.id, tenantId: doc.tenantId, before: faxDocumentView(doc) });
    },
  }),
];

async function findDocument(ctx: Ctx, id: string): Promise<FaxOnDemandDocument | undefined> {
  const row = await ctx.db('fax_documents').where({ id }).first('tenant_id');
  if (!row) return undefined;
  return faxDocumentRepo.get(ctx.db, String((row as { tenant_id: string }).tenant_id), id);
}
