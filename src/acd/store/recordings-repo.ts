/**
 * Tables: `recordings`.
 * Written by: the call recorder (acd/recording/call-recorder.ts, through the ACD activity writer); the recording routes read.
 *
 * Recording metadata: one row per recorded stretch of an agent call. The WAV file lives under
 * the recordings directory at `file` (relative), so the directory can move.
 */
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import { applyRowOp, type RowOp } from '../../records/row-ops.js';

export interface RecordingRecord {
  id: string;
  tenantId: string;
  callId: string;
  legId: string | null;
  agentId: string | null;
  queueId: string | null;
  team: string;
  calling: string | null;
  called: string | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  file: string;
  bytes: number | null;
  status: 'recording' | 'complete' | 'failed';
}

interface RecordingRow {
  id: string;
  tenant_id: string;
  call_id: string;
  leg_id: string | null;
  agent_id: string | null;
  queue_id: string | null;
  team: string;
  calling: string | null;
  called: string | null;
  started_at: unknown;
  ended_at: unknown;
  duration_ms: number | null;
  file: string;
  bytes: number | string | null;
  status: string;
}

function fromRow(r: RecordingRow): RecordingRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    callId: r.call_id,
    legId: r.leg_id,
    agentId: r.agent_id,
    queueId: r.queue_id,
    team: r.team,
    calling: r.calling,
    called: r.called,
    startedAt: fromDbTimeRequired(r.started_at),
    endedAt: fromDbTime(r.ended_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    file: r.file,
    bytes: r.bytes === null ? null : Number(r.bytes),
    status: r.status as RecordingRecord['status'],
  };
}

export interface RecordingFilter {
  from?: string | undefined;
  to?: string | undefined;
  agentId?: string | undefined;
  queueId?: string | undefined;
  calling?: string | undefined;
  called?: string | undefined;
  callId?: string | undefined;
  /** Only these teams (a supervisor's); undefined = all. */
  teams?: readonly string[] | undefined;
}

export type RecordingFinish = { endedAt: string; durationMs: number; bytes: number | null; status: 'complete' | 'failed' };

export const recordingsRepo = {
  /** The metadata row as a record operation (journalled while the database is away). */
  insertOp(r: RecordingRecord): RowOp {
    return {
      kind: 'row.insert',
      id: r.id,
      table: 'recordings',
      row: {
        id: r.id,
        tenant_id: r.tenantId,
        call_id: r.callId,
        leg_id: r.legId,
        agent_id: r.agentId,
        queue_id: r.queueId,
        team: r.team,
        calling: r.calling,
        called: r.called,
        started_at: toDbTime(r.startedAt),
        ended_at: r.endedAt === null ? null : toDbTime(r.endedAt),
        duration_ms: r.durationMs,
        file: r.file,
        bytes: r.bytes,
        status: r.status,
      },
    };
  },

  /** Completion as a record operation: an update by id, the same whenever it is replayed. */
  finishOp(id: string, fields: RecordingFinish): RowOp {
    return {
      kind: 'row.update',
      id,
      table: 'recordings',
      key: { id },
      values: { ended_at: toDbTime(fields.endedAt), duration_ms: fields.durationMs, bytes: fields.bytes, status: fields.status },
    };
  },

  async insert(db: Knex, r: RecordingRecord): Promise<void> {
    await applyRowOp(db, recordingsRepo.insertOp(r));
  },

  async finish(db: Knex, id: string, fields: RecordingFinish): Promise<void> {
    await applyRowOp(db, recordingsRepo.finishOp(id, fields));
  },

  async get(db: Knex, tenantId: string, id: string): Promise<RecordingRecord | undefined> {
    const row = (await db('recordings').where({ tenant_id: tenantId, id }).first()) as RecordingRow | undefined;
    return row ? fromRow(row) : undefined;
  },

  async query(db: Knex, tenantId: string, f: RecordingFilter, page: Page): Promise<PageResult<RecordingRecord>> {
    const q = db('recordings').where({ tenant_id: tenantId });
    if (f.from) q.andWhere('started_at', '>=', toDbTime(f.from));
    if (f.to) q.andWhere('started_at', '<', toDbTime(f.to));
    if (f.agentId) q.andWhere({ agent_id: f.agentId });
    if (f.queueId) q.andWhere({ queue_id: f.queueId });
    if (f.calling) q.andWhere({ calling: f.calling });
    if (f.called) q.andWhere({ called: f.called });
    if (f.callId) q.andWhere({ call_id: f.callId });
    if (f.teams) q.whereIn('team', [...f.teams]);
    q.orderBy('started_at', 'desc').orderBy('id');
    return paged<RecordingRow, RecordingRecord>(q, page, fromRow);
  },
};
