/**
 * Tables: `cdr`.
 * Written by: the records writer only (records/service.ts through the journal); others read through records/read-api.ts.
 */
import type { Knex } from 'knex';
import { insertOnce } from '../../store/insert-once.js';
import { fromDbTime, fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export const DISPOSITIONS = ['NORMAL', 'NO_ANSWER', 'BUSY', 'ABANDONED', 'REJECTED', 'FAILED', 'TRANSFERRED', 'SYSTEM_RESTART'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** One call leg as stored. Times are ISO strings. */
export interface CdrRecord {
  legId: string;
  tenantId: string;
  nodeId: string;
  callId: string;
  seq: number;
  direction: Direction;
  span: number | null;
  channel: number | null;
  calling: string | null;
  called: string | null;
  offeredAt: string;
  answeredAt: string | null;
  queue: string | null;
  queuedAt: string | null;
  agentId: string | null;
  connectedAt: string | null;
  transferTarget: string | null;
  transferredAt: string | null;
  releasedAt: string | null;
  disposition: Disposition | null;
  cause: number | null;
}

interface CdrRow {
  leg_id: string;
  tenant_id: string;
  node_id: string;
  call_id: string;
  seq: number;
  direction: string;
  span: number | null;
  channel: number | null;
  calling: string | null;
  called: string | null;
  offered_at: unknown;
  answered_at: unknown;
  queue: string | null;
  queued_at: unknown;
  agent_id: string | null;
  connected_at: unknown;
  transfer_target: string | null;
  transferred_at: unknown;
  released_at: unknown;
  disposition: string | null;
  cause: number | null;
}

function fromRow(row: CdrRow): CdrRecord {
  return {
    legId: row.leg_id,
    tenantId: row.tenant_id,
    nodeId: row.node_id,
    callId: row.call_id,
    seq: Number(row.seq),
    direction: row.direction as Direction,
    span: row.span,
    channel: row.channel,
    calling: row.calling,
    called: row.called,
    offeredAt: fromDbTimeRequired(row.offered_at),
    answeredAt: fromDbTime(row.answered_at),
    queue: row.queue,
    queuedAt: fromDbTime(row.queued_at),
    agentId: row.agent_id,
    connectedAt: fromDbTime(row.connected_at),
    transferTarget: row.transfer_target,
    transferredAt: fromDbTime(row.transferred_at),
    releasedAt: fromDbTime(row.released_at),
    disposition: row.disposition as Disposition | null,
    cause: row.cause,
  };
}

export interface CdrInsert {
  legId: string;
  tenantId: string;
  nodeId: string;
  callId: string;
  direction: Direction;
  span: number | null;
  channel: number | null;
  calling: string | null;
  called: string | null;
  offeredAt: string;
}

/** Columns a later stage may set, by stage. */
export interface CdrStageFields {
  answeredAt?: string;
  queue?: string;
  queuedAt?: string;
  agentId?: string;
  connectedAt?: string;
  transferTarget?: string;
  transferredAt?: string;
  releasedAt?: string;
  disposition?: Disposition;
  cause?: number | null;
}

const STAGE_COLUMNS: Record<keyof CdrStageFields, { column: string; time: boolean }> = {
  answeredAt: { column: 'answered_at', time: true },
  queue: { column: 'queue', time: false },
  queuedAt: { column: 'queued_at', time: true },
  agentId: { column: 'agent_id', time: false },
  connectedAt: { column: 'connected_at', time: true },
  transferTarget: { column: 'transfer_target', time: false },
  transferredAt: { column: 'transferred_at', time: true },
  releasedAt: { column: 'released_at', time: true },
  disposition: { column: 'disposition', time: false },
  cause: { column: 'cause', time: false },
};

export interface CdrFilter {
  from?: string | undefined;
  to?: string | undefined;
  calling?: string | undefined;
  called?: string | undefined;
  disposition?: Disposition | undefined;
  callId?: string | undefined;
  agentId?: string | undefined;
}

export const cdrRepo = {
  /** The write-ahead insert (seq 1). A replay of the same leg is ignored. */
  async insertOffered(db: Knex, c: CdrInsert): Promise<void> {
    await insertOnce(db, 'cdr', {
      leg_id: c.legId,
      tenant_id: c.tenantId,
      node_id: c.nodeId,
      call_id: c.callId,
      seq: 1,
      direction: c.direction,
      span: c.span,
      channel: c.channel,
      calling: c.calling,
      called: c.called,
      offered_at: toDbTime(c.offeredAt),
      updated_at: nowDb(),
      });
  },
  /**
   * Apply stage number `seq` to a leg, unless a stage with that number or a later one was
   * already applied (a replay). Returns whether the row changed.
   */
  async applyStage(db: Knex, legId: string, seq: number, fields: CdrStageFields): Promise<boolean> {
    const changes: Record<string, unknown> = { seq, updated_at: nowDb() };
    for (const [key, value] of Object.entries(fields) as Array<[keyof CdrStageFields, unknown]>) {
      if (value === undefined) continue;
      const spec = STAGE_COLUMNS[key];
      changes[spec.column] = spec.time && value !== null ? toDbTime(value as string) : value;
    }
    const n = await db('cdr').where({ leg_id: legId }).andWhere('seq', '<', seq).update(changes);
    return n > 0;
  },
  async get(db: Knex, legId: string): Promise<CdrRecord | undefined> {
    const row = (await db('cdr').where({ leg_id: legId }).first()) as CdrRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  /**
   * Close every leg of this node still open (left by a crash): released now, disposition
   * SYSTEM_RESTART, no cause (the real one is unknown).
   */
  async closeOpen(db: Knex, nodeId: string, at: string): Promise<number> {
    return db('cdr')
      .where({ node_id: nodeId })
      .whereNull('released_at')
      .update({ released_at: toDbTime(at), disposition: 'SYSTEM_RESTART', cause: null, seq: db.raw('seq + 1'), updated_at: nowDb() });
  },
  async query(db: Knex, tenantId: string, filter: CdrFilter, page: Page): Promise<PageResult<CdrRecord>> {
    const q = db('cdr').where({ tenant_id: tenantId });
    if (filter.from) q.andWhere('offered_at', '>=', toDbTime(filter.from));
    if (filter.to) q.andWhere('offered_at', '<', toDbTime(filter.to));
    if (filter.calling) q.andWhere({ calling: filter.calling });
    if (filter.called) q.andWhere({ called: filter.called });
    if (filter.disposition) q.andWhere({ disposition: filter.disposition });
    if (filter.callId) q.andWhere({ call_id: filter.callId });
    if (filter.agentId) q.andWhere({ agent_id: filter.agentId });
    return paged(q.orderBy('offered_at', 'desc').orderBy('leg_id'), page, fromRow);
  },
};
