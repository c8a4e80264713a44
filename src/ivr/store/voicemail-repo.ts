/**
 * Tables: `voicemail_messages`.
 * Written by: the voicemail service (new messages; through the records writer's journal while the
 * database is away) and routes (handled).
 *
 * Voice messages in the store (the audio file lives under <data.dir>/voicemail).
 */
import type { Knex } from 'knex';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import { fromDbTime, fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';

export type VoicemailStatus = 'new' | 'handled';

export interface VoicemailRecord {
  id: string;
  tenantId: string;
  legId: string | null;
  calling: string | null;
  called: string | null;
  queue: string | null;
  reason: string;
  lang: string;
  durationMs: number;
  /** Relative to <data.dir>/voicemail. */
  file: string;
  status: VoicemailStatus;
  handledAt: string | null;
  handledBy: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  leg_id: string | null;
  calling: string | null;
  called: string | null;
  queue: string | null;
  reason: string;
  lang: string;
  duration_ms: number;
  file: string;
  status: string;
  handled_at: unknown;
  handled_by: string | null;
  created_at: unknown;
}

function fromRow(row: Row): VoicemailRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    legId: row.leg_id,
    calling: row.calling,
    called: row.called,
    queue: row.queue,
    reason: row.reason,
    lang: row.lang,
    durationMs: Number(row.duration_ms),
    file: row.file,
    status: row.status as VoicemailStatus,
    handledAt: fromDbTime(row.handled_at),
    handledBy: row.handled_by,
    createdAt: fromDbTimeRequired(row.created_at),
  };
}

export type NewVoicemail = Omit<VoicemailRecord, 'status' | 'handledAt' | 'handledBy' | 'createdAt'> & { createdAt?: Date };

export const voicemailRepo = {
  /** The row of a new message, as stored (also what the records journal keeps in an outage). */
  newRow(m: NewVoicemail): Record<string, string | number | null> {
    return {
      id: m.id,
      tenant_id: m.tenantId,
      leg_id: m.legId,
      calling: m.calling,
      called: m.called,
      queue: m.queue,
      reason: m.reason,
      lang: m.lang,
      duration_ms: m.durationMs,
      file: m.file,
      status: 'new',
      created_at: m.createdAt ? toDbTime(m.createdAt) : nowDb(),
    };
  },

  async insert(db: Knex, m: NewVoicemail): Promise<VoicemailRecord> {
    await db('voicemail_messages').insert(voicemailRepo.newRow(m));
    return (await voicemailRepo.get(db, m.tenantId, m.id))!;
  },

  async get(db: Knex, tenantId: string, id: string): Promise<VoicemailRecord | undefined> {
    const row = (await db('voicemail_messages').where({ tenant_id: tenantId, id }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  async list(db: Knex, tenantId: string, page: Page, filter: { status?: VoicemailStatus } = {}): Promise<PageResult<VoicemailRecord>> {
    const q = db('voicemail_messages').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').orderBy('id');
    if (filter.status) q.andWhere({ status: filter.status });
    return paged(q, page, fromRow);
  },

  async setStatus(db: Knex, tenantId: string, id: string, status: VoicemailStatus, by: string | null): Promise<VoicemailRecord | undefined> {
    const changes = status === 'handled' ? { status, handled_at: nowDb(), handled_by: by } : { status, handled_at: null, handled_by: null };
    await db('voicemail_messages').where({ tenant_id: tenantId, id }).update(changes);
    return voicemailRepo.get(db, tenantId, id);
  },
};
