/**
 * What the fax routes answer: faxes, fax jobs and fax-on-demand documents as the web admin
 * sees them. File paths never leave the server; the files are fetched through their routes.
 */
import { z } from 'zod';
import { isoTime } from '../../http/schemas.js';
import { FAX_NUMBER } from '../fax-port.js';
import { FAX_JOB_STATUSES, type FaxJob } from '../store/fax-job-repo.js';
import type { FaxOnDemandDocument } from '../store/fax-document-repo.js';
import { FAX_DIRECTIONS, FAX_ORIGINS, FAX_STATUSES, type FaxPage, type FaxRecord } from '../store/fax-repo.js';

export const faxSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    direction: z.enum(FAX_DIRECTIONS),
    origin: z.enum(FAX_ORIGINS).describe('dialed: a call to a fax number; cng: fax tone heard on a call; to-caller: sent on the caller\'s call; job: a queued outbound fax'),
    legId: z.string().nullable().describe('the call (CDR leg)'),
    jobId: z.string().nullable(),
    attempt: z.number().int().nullable(),
    calling: z.string().nullable(),
    called: z.string().nullable(),
    span: z.number().int().nullable(),
    channel: z.number().int().nullable(),
    documentKind: z.enum(['statement', 'document']).nullable(),
    documentLabel: z.string().nullable().describe('masked account number or document title'),
    documentId: z.string().nullable(),
    status: z.enum(FAX_STATUSES),
    pages: z.number().int().describe('pages transferred'),
    pagesInDocument: z.number().int().nullable(),
    xRes: z.number().int().nullable().describe('dpi'),
    yRes: z.number().int().nullable().describe('dpi'),
    bitRate: z.number().int().nullable(),
    ecm: z.boolean().nullable(),
    t30Code: z.number().int().nullable().describe('T.30 completion code (0 = OK)'),
    t30Text: z.string().nullable(),
    remoteIdent: z.string().nullable().describe('the far machine\'s TSI/CSI'),
    cause: z.number().int().nullable().describe('Q.850 cause when the call failed'),
    durationMs: z.number().int().nullable(),
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
    purgedAt: isoTime.nullable().describe('when the retention sweep deleted its files (fax.retentionDays); its TIFF and PNG routes then answer 410'),
    hasTiff: z.boolean().describe('the TIFF can be downloaded'),
  })
  .strict();

export const faxPageSchema = z.object({ page: z.number().int(), width: z.number().int(), height: z.number().int() }).strict();
export const faxDetailSchema = faxSchema.extend({ pngPages: z.array(faxPageSchema) }).strict();

export const faxJobSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    legId: z.string().nullable(),
    number: z.string(),
    documentKind: z.enum(['statement', 'document']),
    documentLabel: z.string(),
    documentId: z.string().nullable(),
    pages: z.number().int(),
    status: z.enum(FAX_JOB_STATUSES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    retryIntervalMs: z.number().int(),
    nextAttemptAt: isoTime.nullable(),
    lastOutcome: z.string().nullable().describe('ok | failed | busy | no-answer | call-failed'),
    lastError: z.string().nullable(),
    lastT30Code: z.number().int().nullable(),
    lastFaxId: z.string().nullable(),
    requestedBy: z.string().nullable().describe('the operator who sent it from the back office; null when a caller asked for it in the IVR'),
    createdAt: isoTime,
    updatedAt: isoTime,
    finishedAt: isoTime.nullable(),
    purgedAt: isoTime.nullable().describe('when the retention sweep deleted the job\'s copy of its document'),
  })
  .strict();

/** Digits, optionally after a +: what the card dials. */
export const faxNumberSchema = z.string().trim().regex(FAX_NUMBER, 'a fax number: 3 to 20 digits, optionally after a + (no spaces, dashes or letters)');

/** POST /fax-jobs: a fax-on-demand document to a number, run by the job runner with retries. */
export const faxJobCreateSchema = z
  .object({
    number: faxNumberSchema,
    documentId: z.uuid().describe('a fax-on-demand document (GET /fax-documents) of the tenant'),
    maxAttempts: z.number().int().min(1).max(10).optional().describe('attempts in all; default fax.jobs.maxAttempts'),
    retryIntervalMs: z.number().int().min(60_000).max(24 * 3600_000).optional().describe('between attempts; default fax.jobs.retryIntervalMs'),
    tenantId: z.uuid().optional().describe('platform administrators only'),
  })
  .strict();

export const faxDocumentSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    code: z.string(),
    title: z.string(),
    originalName: z.string().nullable(),
    originalType: z.string(),
    originalBytes: z.number().int(),
    resolution: z.enum(['standard', 'fine']),
    pages: z.number().int(),
    tiffBytes: z.number().int(),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
  })
  .strict();

/** A file sent as it is (TIFF or PNG); Content-Type and Content-Disposition set by the route. */
export const fileResponse = z.instanceof(Buffer).describe('the file itself (image/tiff or image/png), not JSON');

export function faxView(f: FaxRecord): z.input<typeof faxSchema> {
  const { file, ...rest } = f;
  return { ...rest, hasTiff: file !== null && f.purgedAt === null };
}

export function faxDetailView(f: FaxRecord, pages: FaxPage[]): z.input<typeof faxDetailSchema> {
  return { ...faxView(f), pngPages: pages.map((p) => ({ page: p.page, width: p.width, height: p.height })) };
}

export function faxJobView(j: FaxJob): z.input<typeof faxJobSchema> {
  const { file: _file, ...rest } = j;
  return rest;
}

export function faxDocumentView(d: FaxOnDemandDocument): z.input<typeof faxDocumentSchema> {
  const { file: _file, ...rest } = d;
  return rest;
}
