/**
 * Tables: `faxes`, `fax_pages`.
 * Written by: the fax service (each fax as it runs; through the records journal while the
 * database is away, fax-record-writer.ts) and retention (purge marks); fax routes read.
 *
 * Rows of the fax tables (migration 0030_fax): every fax sent or received with its T.30
 * result, and the PNG pages of received faxes. Times are ISO strings on the way out.
 */
import type { Knex } from 'knex';
import { fromDbBool, fromDbTime, fromDbTimeRequired, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export const FAX_DIRECTIONS = ['inbound', 'outbound'] as const;
export type FaxDirection = (typeof FAX_DIRECTIONS)[number];
/** How the fax came about: a call to a fax number, CNG heard on a call, sent to the caller on the call, a queued job. */
export const FAX_ORIGINS = ['dialed', 'cng', 'to-caller', 'job'] as const;
export type FaxOrigin = (typeof FAX_ORIGINS)[number];
/** ok / failed: the fax ran and T.30 says how it ended; busy, no-answer, call-failed: the call never connected. */
export const FAX_STATUSES = ['running', 'ok', 'failed', 'busy', 'no-answer', 'call-failed'] as const;
export type FaxStatus = (typeof FAX_STATUSES)[number];
export type DocumentKind = 'statement' | 'document';

export interface FaxRecord {
  id: string;
  tenantId: string;
  direction: FaxDirection;
  origin: FaxOrigin;
  legId: string | null;
  jobId: string | null;
  attempt: number | null;
  calling: string | null;
  called: string | null;
  span: number | null;
  channel: number | null;
  documentKind: DocumentKind | null;
  /** A masked account number or a document title; never a full account number. */
  documentLabel: string | null;
  documentId: string | null;
  /** Relative to the fax directory. */
  file: string | null;
  status: FaxStatus;
  pages: number;
  pagesInDocument: number | null;
  xRes: number | null;
  yRes: number | null;
  bitRate: number | null;
  ecm: boolean | null;
  t30Code: number | null;
  t30Text: string | null;
  remoteIdent: string | null;
  cause: number | null;
  durationMs: number | null;
  startedAt: string;
  endedAt: string | null;
  /** When the retention sweep deleted its files (TIFF, PNG pages); the row stays. */
  purgedAt: string | null;
}

export type FaxInsert = Pick<FaxRecord, 'id' | 'tenantId' | 'direction' | 'origin' | 'startedAt'> & Partial<Omit<FaxRecord, 'id' | 'tenantId' | 'direction' | 'origin' | 'startedAt'>>;
export type FaxOutcomeFields = Partial<Pick<FaxRecord, 'status' | 'file' | 'pages' | 'pagesInDocument' | 'xRes' | 'yRes' | 'bitRate' | 'ecm' | 't30Code' | 't30Text' | 'remoteIdent' | 'cause' | 'durationMs' | 'endedAt' | 'span' | 'channel'>>;

export interface FaxPage {
  faxId: string;
  page: number;
  width: number;
  height: number;
  pngFile: string;
}

export interface FaxFilter {
  direction?: FaxDirection | undefined;
  status?: FaxStatus | undefined;
  jobId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const COLUMNS: Record<keyof Omit<FaxRecord, 'startedAt' | 'endedAt' | 'ecm' | 'purgedAt'>, string> = {
  id: 'id',
  tenantId: 'tenant_id',
  direction: 'direction',
  origin: 'origin',
  legId: 'leg_id',
  jobId: 'job_id',
  attempt: 'attempt',
  calling: 'calling',
  called: 'called',
  span: 'span',
  channel: 'channel',
  documentKind: 'document_kind',
  documentLabel: 'document_label',
  documentId: 'document_id',
  file: 'file',
  status: 'status',
  pages: 'pages',
  pagesInDocument: 'pages_in_document',
  xRes: 'x_res',
  yRes: 'y_res',
  bitRate: 'bit_rate',
  t30Code: 't30_code',
  t30Text: 't30_text',
  remoteIdent: 'remote_ident',
  cause: 'cause',
  durationMs: 'duration_ms',
};

function toRow(fields: Partial<FaxRecord>): Row {
  const row: Row = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = fields[key as keyof FaxRecord];
    if (value !== undefined) row[column] = value;
  }
  if (fields.ecm !== undefined) row['ecm'] = fields.ecm === null ? null : fields.ecm ? 1 : 0;
  if (fields.startedAt !== undefined) row['started_at'] = toDbTime(fields.startedAt);
  if (fields.endedAt !== undefined) row['ended_at'] = fields.endedAt === null ? null : toDbTime(fields.endedAt);
  if (fields.purgedAt !== undefined) row['purged_at'] = fields.purgedAt === null ? null : toDbTime(fields.purgedAt);
  return row;
}

function fromRow(row: Row): FaxRecord {
  return {
    id: String(row['id']),
    tenantId: String(row['tenant_id']),
    direction: String(row['direction']) as FaxDirection,
    origin: String(row['origin']) as FaxOrigin,
    legId: str(row['leg_id']),
    jobId: str(row['job_id']),
    attempt: num(row['attempt']),
    calling: str(row['calling']),
    called: str(row['called']),
    span: num(row['span']),
    channel: num(row['channel']),
    documentKind: str(row['document_kind']) as DocumentKind | null,
    documentLabel: str(row['document_label']),
    documentId: str(row['document_id']),
    file: str(row['file']),
    status: String(row['status']) as FaxStatus,
    pages: Number(row['pages']),
    pagesInDocument: num(row['pages_in_document']),
    xRes: num(row['x_res']),
    yRes: num(row['y_res']),
    bitRate: num(row['bit_rate']),
    ecm: row['ecm'] === null || row['ecm'] === undefined ? null : fromDbBool(row['ecm']),
    t30Code: num(row['t30_code']),
    t30Text: str(row['t30_text']),
    remoteIdent: str(row['remote_ident']),
    cause: num(row['cause']),
    durationMs: num(row['duration_ms']),
    startedAt: fromDbTimeRequired(row['started_at']),
    endedAt: fromDbTime(row['ended_at']),
    purgedAt: fromDbTime(row['purged_at']),
  };
}

export const faxRepo = {
  /** The row `insert` writes (also what the records journal keeps during an outage). */
  insertRow(fax: FaxInsert): Row {
    return toRow({ status: 'running', pages: 0, ...fax });
  },

  /** The columns `update` sets. */
  outcomeRow(fields: FaxOutcomeFields): Row {
    return toRow(fields);
  },

  pageRow(p: FaxPage): { fax_id: string; page: number; width: number; height: number; png_file: string } {
    return { fax_id: p.faxId, page: p.page, width: p.width, height: p.height, png_file: p.pngFile };
  },

  async insert(db: Knex, fax: FaxInsert): Promise<void> {
    await db('faxes').insert(faxRepo.insertRow(fax));
  },

  async update(db: Knex, id: string, fields: FaxOutcomeFields): Promise<void> {
    const row = toRow(fields);
    if (Object.keys(row).length > 0) await db('faxes').where({ id }).update(row);
  },

  /** One fax; with a tenant, only if it belongs to that tenant. */
  async get(db: Knex, id: string, tenantId?: string): Promise<FaxRecord | undefined> {
    const q = db('faxes').where({ id });
    if (tenantId) q.andWhere({ tenant_id: tenantId });
    const row = (await q.first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  async list(db: Knex, tenantId: string, filter: FaxFilter, page: Page): Promise<PageResult<FaxRecord>> {
    const q = db('faxes').where({ tenant_id: tenantId });
    if (filter.direction) q.andWhere({ direction: filter.direction });
    if (filter.status) q.andWhere({ status: filter.status });
    if (filter.jobId) q.andWhere({ job_id: filter.jobId });
    if (filter.from) q.andWhere('started_at', '>=', toDbTime(filter.from));
    if (filter.to) q.andWhere('started_at', '<', toDbTime(filter.to));
    q.orderBy([{ column: 'started_at', order: 'desc' }, { column: 'id', order: 'asc' }]);
    return paged(q, page, fromRow);
  },

  /** Faxes a crash left running: closed as failed at start-up. */
  async closeRunning(db: Knex, at: string): Promise<number> {
    return db('faxes').where({ status: 'running' }).update({ status: 'failed', t30_text: 'interrupted by a server restart', ended_at: toDbTime(at) });
  },

  /**
   * Faxes started before `before` whose files are still there (oldest ids first, after
   * `afterId`): what the retention sweep looks at. Running faxes are left alone.
   */
  async purgeCandidates(db: Knex, before: string, afterId: string, limit: number): Promise<FaxRecord[]> {
    const rows = (await db('faxes')
      .whereNull('purged_at')
      .andWhere('started_at', '<', toDbTime(before))
      .andWhereNot({ status: 'running' })
      .andWhere('id', '>', afterId)
      .orderBy('id')
      .limit(limit)) as Row[];
    return rows.map(fromRow);
  },

  async markPurged(db: Knex, id: string, at: string): Promise<void> {
    await db('faxes').where({ id }).update({ purged_at: toDbTime(at) });
  },

  async insertPages(db: Knex, pages: FaxPage[]): Promise<void> {
    if (pages.length === 0) return;
    await db('fax_pages').insert(pages.map((p) => faxRepo.pageRow(p)));
  },

  async pages(db: Knex, faxId: string): Promise<FaxPage[]> {
    const rows = (await db('fax_pages').where({ fax_id: faxId }).orderBy('page')) as Row[];
    return rows.map((r) => ({ faxId: String(r['fax_id']), page: Number(r['page']), width: Number(r['width']), height: Number(r['height']), pngFile: String(r['png_file']) }));
  },
};
