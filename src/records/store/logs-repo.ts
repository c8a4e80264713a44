/**
 * Tables: `trunk_access_log`, `agent_service_log`, `all_busy_log`, `transaction_log`.
 * Written by: the records writer only (records/ops.ts through the journal); the records routes read.
 *
 * The operational logs: trunk access, agent service, all-busy waiting, gateway transactions.
 * Append-only; each entry carries a writer-generated id and a replayed entry is ignored.
 */
import type { Knex } from 'knex';
import { insertOnce } from '../../store/insert-once.js';
import { fromDbJson, fromDbTimeRequired, toDbJson, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export interface TrunkAccessEntry {
  id: string;
  tenantId: string;
  at: string;
  span: number;
  channel: number | null;
  direction: 'inbound' | 'outbound';
  event: string;
  calling: string | null;
  called: string | null;
  cause: number | null;
  legId: string | null;
}

export interface AgentServiceEntry {
  id: string;
  tenantId: string;
  at: string;
  agentId: string;
  event: string;
  queue: string | null;
  reason: string | null;
  legId: string | null;
}

export interface AllBusyEntry {
  id: string;
  tenantId: string;
  legId: string | null;
  queue: string;
  calling: string | null;
  enteredAt: string;
  leftAt: string;
  waitMs: number;
  outcome: string;
}

export interface TransactionEntry {
  id: string;
  tenantId: string;
  at: string;
  legId: string | null;
  operation: string;
  adapter: string | null;
  /** Already masked by the records service. */
  keyFields: Record<string, unknown> | null;
  latencyMs: number;
  result: 'ok' | 'rejected' | 'error' | 'timeout';
  errorCode: string | null;
}

export interface TimeFilter {
  from?: string | undefined;
  to?: string | undefined;
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function timeRange(q: Knex.QueryBuilder, column: string, f: TimeFilter): Knex.QueryBuilder {
  if (f.from) q.andWhere(column, '>=', toDbTime(f.from));
  if (f.to) q.andWhere(column, '<', toDbTime(f.to));
  return q;
}

export const trunkAccessRepo = {
  async insert(db: Knex, e: TrunkAccessEntry): Promise<void> {
    await insertOnce(db, 'trunk_access_log', { id: e.id, tenant_id: e.tenantId, at: toDbTime(e.at), span: e.span, channel: e.channel, direction: e.direction, event: e.event, calling: e.calling, called: e.called, cause: e.cause, leg_id: e.legId });
  },
  async query(db: Knex, tenantId: string, f: TimeFilter & { span?: number | undefined; calling?: string | undefined; called?: string | undefined }, page: Page): Promise<PageResult<TrunkAccessEntry>> {
    const q = timeRange(db('trunk_access_log').where({ tenant_id: tenantId }), 'at', f);
    if (f.span !== undefined) q.andWhere({ span: f.span });
    if (f.calling) q.andWhere({ calling: f.calling });
    if (f.called) q.andWhere({ called: f.called });
    return paged(q.orderBy('at', 'desc').orderBy('id'), page, (r: Row) => ({
      id: String(r['id']),
      tenantId: String(r['tenant_id']),
      at: fromDbTimeRequired(r['at']),
      span: Number(r['span']),
      channel: num(r['channel']),
      direction: r['direction'] as 'inbound' | 'outbound',
      event: String(r['event']),
      calling: str(r['calling']),
      called: str(r['called']),
      cause: num(r['cause']),
      legId: str(r['leg_id']),
    }));
  },
};

export const agentServiceRepo = {
  async insert(db: Knex, e: AgentServiceEntry): Promise<void> {
    await insertOnce(db, 'agent_service_log', { id: e.id, tenant_id: e.tenantId, at: toDbTime(e.at), agent_id: e.agentId, event: e.event, queue: e.queue, reason: e.reason, leg_id: e.legId });
  },
  async query(db: Knex, tenantId: string, f: TimeFilter & { agentId?: string | undefined; event?: string | undefined }, page: Page): Promise<PageResult<AgentServiceEntry>> {
    const q = timeRange(db('agent_service_log').where({ tenant_id: tenantId }), 'at', f);
    if (f.agentId) q.andWhere({ agent_id: f.agentId });
    if (f.event) q.andWhere({ event: f.event });
    return paged(q.orderBy('at', 'desc').orderBy('id'), page, (r: Row) => ({
      id: String(r['id']),
      tenantId: String(r['tenant_id']),
      at: fromDbTimeRequired(r['at']),
      agentId: String(r['agent_id']),
      event: String(r['event']),
      queue: str(r['queue']),
      reason: str(r['reason']),
      legId: str(r['leg_id']),
    }));
  },
};

export const allBusyRepo = {
  async insert(db: Knex, e: AllBusyEntry): Promise<void> {
    await insertOnce(db, 'all_busy_log', { id: e.id, tenant_id: e.tenantId, leg_id: e.legId, queue: e.queue, calling: e.calling, entered_at: toDbTime(e.enteredAt), left_at: toDbTime(e.leftAt), wait_ms: e.waitMs, outcome: e.outcome });
  },
  async query(db: Knex, tenantId: string, f: TimeFilter & { queue?: string | undefined; outcome?: string | undefined }, page: Page): Promise<PageResult<AllBusyEntry>> {
    const q = timeRange(db('all_busy_log').where({ tenant_id: tenantId }), 'entered_at', f);
    if (f.queue) q.andWhere({ queue: f.queue });
    if (f.outcome) q.andWhere({ outcome: f.outcome });
    return paged(q.orderBy('entered_at', 'desc').orderBy('id'), page, (r: Row) => ({
      id: String(r['id']),
      tenantId: String(r['tenant_id']),
      legId: str(r['leg_id']),
      queue: String(r['queue']),
      calling: str(r['calling']),
      enteredAt: fromDbTimeRequired(r['entered_at']),
      leftAt: fromDbTimeRequired(r['left_at']),
      waitMs: Number(r['wait_ms']),
      outcome: String(r['outcome']),
    }));
  },
};

export const transactionRepo = {
  async insert(db: Knex, e: TransactionEntry): Promise<void> {
    await insertOnce(db, 'transaction_log', { id: e.id, tenant_id: e.tenantId, at: toDbTime(e.at), leg_id: e.legId, operation: e.operation, adapter: e.adapter, key_fields_json: toDbJson(e.keyFields), latency_ms: e.latencyMs, result: e.result, error_code: e.errorCode });
  },
  async query(db: Knex, tenantId: string, f: TimeFilter & { operation?: string | undefined; result?: string | undefined }, page: Page): Promise<PageResult<TransactionEntry>> {
    const q = timeRange(db('transaction_log').where({ tenant_id: tenantId }), 'at', f);
    if (f.operation) q.andWhere({ operation: f.operation });
    if (f.result) q.andWhere({ result: f.result });
    return paged(q.orderBy('at', 'desc').orderBy('id'), page, (r: Row) => ({
      id: String(r['id']),
      tenantId: String(r['tenant_id']),
      at: fromDbTimeRequired(r['at']),
      legId: str(r['leg_id']),
      operation: String(r['operation']),
      adapter: str(r['adapter']),
      keyFields: fromDbJson(r['key_fields_json']) as Record<string, unknown> | null,
      latencyMs: Number(r['latency_ms']),
      result: r['result'] as TransactionEntry['result'],
      errorCode: str(r['error_code']),
    }));
  },
};
