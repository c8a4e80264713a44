/**
 * Tables: `fax_jobs`.
 * Written by: the fax port (queues jobs), the job runner (runs them), fax routes (cancel) and retention.
 *
 * Rows of fax_jobs: outbound faxes queued to a number a caller keyed in, with their retries.
 *
 *   queued -> running -> sent
 *                    \-> queued (a retry is due at next_attempt_at) ... -> failed
 *   queued -> cancelled (by an operator)
 */
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import type { DocumentKind, FaxStatus } from './fax-repo.js';

export const FAX_JOB_STATUSES = ['queued', 'running', 'sent', 'failed', 'cancelled'] as const;
export type FaxJobStatus = (typeof FAX_JOB_STATUSES)[number];

export interface FaxJob {
  id: string;
  tenantId: string;
  legId: string | null;
  number: string;
  documentKind: DocumentKind;
  documentLabel: string;
  documentId: string | null;
  /** Relative to the fax directory: the job's own copy of the document. */
  file: string;
  pages: number;
  status: FaxJobStatus;
  attempts: number;
  maxAttempts: number;
  retryIntervalMs: number;
  nextAttemptAt: string | null;
  lastOutcome: Exclude<FaxStatus, 'running'> | null;
  lastError: string | null;
  lastT30Code: number | null;
  lastFaxId: string | null;
  /** The operator who sent it from the back office; null when a caller asked for it in the IVR. */
  requestedBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** When the retention sweep deleted the job's copy of its document; the row stays. */
  purgedAt: string | null;
}

export type FaxJobUpdate = Partial<Pick<FaxJob, 'status' | 'attempts' | 'nextAttemptAt' | 'lastOutcome' | 'lastError' | 'lastT30Code' | 'lastFaxId' | 'finishedAt'>> & { updatedAt: string };

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromRow(row: Row): FaxJob {
  return {
    id: String(row['id']),
    tenantId: String(row['tenant_id']),
    legId: str(row['leg_id']),
    number: String(row['number']),
    documentKind: String(row['document_kind']) as DocumentKind,
    documentLabel: String(row['document_label']),
    documentId: str(row['document_id']),
    file: String(row['file']),
    pages: Number(row['pages']),
    status: String(row['status']) as FaxJobStatus,
    attempts: Number(row['attempts']),
    maxAttempts: Number(row['max_attempts']),
    retryIntervalMs: Number(row['retry_interval_ms']),
    nextAttemptAt: fromDbTime(row['next_attempt_at']),
    lastOutcome: str(row['last_outcome']) as FaxJob['lastOutcome'],
    lastError: str(row['last_error']),
    lastT30Code: num(row['last_t30_code']),
    lastFaxId: str(row['last_fax_id']),
    requestedBy: str(row['requested_by']),
    createdAt: fromDbTimeRequired(row['created_at']),
    updatedAt: fromDbTimeRequired(row['updated_at']),
    finishedAt: fromDbTime(row['finished_at']),
    purgedAt: fromDbTime(row['purged_at']),
  };
}

function updateRow(u: FaxJobUpdate): Row {
  const row: Row = { updated_at: toDbTime(u.updatedAt) };
  if (u.status !== undefined) row['status'] = u.status;
  if (u.attempts !== undefined) row['attempts'] = u.attempts;
  if (u.nextAttemptAt !== undefined) row['next_attempt_at'] = u.nextAttemptAt === null ? null : toDbTime(u.nextAttemptAt);
  if (u.lastOutcome !== undefined) row['last_outcome'] = u.lastOutcome;
  if (u.lastError !== undefined) row['last_error'] = u.lastError;
  if (u.lastT30Code !== undefined) row['last_t30_code'] = u.lastT30Code;
  if (u.lastFaxId !== undefined) row['last_fax_id'] = u.lastFaxId;
  if (u.finishedAt !== undefined) row['finished_at'] = u.finishedAt === null ? null : toDbTime(u.finishedAt);
  return row;
}

export const faxJobRepo = {
  async insert(db: Knex, job: Omit<FaxJob, 'updatedAt' | 'finishedAt' | 'lastOutcome' | 'lastError' | 'lastT30Code' | 'lastFaxId' | 'purgedAt' | 'requestedBy'> & { requestedBy?: string | null }): Promise<void> {
    await db('fax_jobs').insert({
      id: job.id,
      tenant_id: job.tenantId,
      leg_id: job.legId,
      number: job.number,
      document_kind: job.documentKind,
      document_label: job.documentLabel,
      document_id: job.documentId,
      file: job.file,
      pages: job.pages,
      status: job.status,
      attempts: job.attempts,
      max_attempts: job.maxAttempts,
      retry_interval_ms: job.retryIntervalMs,
      next_attempt_at: job.nextAttemptAt === null ? null : toDbTime(job.nextAttemptAt),
      requested_by: job.requestedBy ?? null,
      created_at: toDbTime(job.createdAt),
      updated_at: toDbTime(job.createdAt),
    });
  },

  async get(db: Knex, id: string, tenantId?: string): Promise<FaxJob | undefined> {
    const q = db('fax_jobs').where({ id });
    if (tenantId) q.andWhere({ tenant_id: tenantId });
    const row = (await q.first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  async update(db: Knex, id: string, update: FaxJobUpdate): Promise<void> {
    await db('fax_jobs').where({ id }).update(updateRow(update));
  },

  /** Moves a job from one status to another only if it is still in the first; true if it was. */
  async transition(db: Knex, id: string, from: FaxJobStatus, update: FaxJobUpdate & { status: FaxJobStatus }): Promise<boolean> {
    const n = await db('fax_jobs').where({ id, status: from }).update(updateRow(update));
    return n === 1;
  },

  async list(db: Knex, tenantId: string, filter: { status?: FaxJobStatus | undefined }, page: Page): Promise<PageResult<FaxJob>> {
    const q = db('fax_jobs').where({ tenant_id: tenantId });
    if (filter.status) q.andWhere({ status: filter.status });
    q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'asc' }]);
    return paged(q, page, fromRow);
  },

  /** Finished jobs (sent, failed, cancelled) before `before` whose file is still there, by id after `afterId`. */
  async purgeCandidates(db: Knex, before: string, afterId: string, limit: number): Promise<FaxJob[]> {
    const rows = (await db('fax_jobs')
      .whereNull('purged_at')
      .whereIn('status', ['sent', 'failed', 'cancelled'])
      .andWhere('finished_at', '<', toDbTime(before))
      .andWhere('id', '>', afterId)
      .orderBy('id')
      .limit(limit)) as Row[];
    return rows.map(fromRow);
  },

  async markPurged(db: Knex, id: string, at: string): Promise<void> {
    await db('fax_jobs').where({ id }).update({ purged_at: toDbTime(at) });
  },

  /** The status of each of these jobs (the sweep keeps the files of jobs still to run). */
  async statuses(db: Knex, ids: string[]): Promise<Map<string, FaxJobStatus>> {
    if (ids.length === 0) return new Map();
    const rows = (await db('fax_jobs').whereIn('id', ids).select('id', 'status')) as Row[];
    return new Map(rows.map((r) => [String(r['id']), String(r['status']) as FaxJobStatus]));
  },

  /** Every job still to run (queued), oldest first. */
  async pending(db: Knex): Promise<FaxJob[]> {
    const rows = (await db('fax_jobs').where({ status: 'queued' }).orderBy('created_at')) as Row[];
    return rows.map(fromRow);
  },

  /** Jobs a crash left running go back to the queue (their attempt counts). */
  async requeueRunning(db: Knex, at: string): Promise<number> {
    return db('fax_jobs').where({ status: 'running' }).update({ status: 'queued', next_attempt_at: toDbTime(at), updated_at: toDbTime(at), last_error: 'interrupted by a server restart' });
  },
};
