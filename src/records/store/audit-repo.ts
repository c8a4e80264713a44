/**
 * Tables: `audit_log`.
 * Written by: the route registry (http/routes.ts, in the request transaction), the records writer (journalled entries) and `tellerline create-admin`; the records routes read.
 */
import type { Knex } from 'knex';
import { insertOnce } from '../../store/insert-once.js';
import { fromDbJson, fromDbTimeRequired, toDbJson, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export type ActorKind = 'operator' | 'token' | 'system' | 'anonymous';
export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One audit entry. before/after must already be free of secrets (see records/audit.ts). */
export interface AuditEntry {
  id: string;
  tenantId: string | null;
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  actorTenantId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  at: string;
  before: unknown;
  after: unknown;
}

interface AuditRow {
  id: string;
  tenant_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_tenant_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
  at: unknown;
  before_json: unknown;
  after_json: unknown;
}

function fromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actorKind: row.actor_kind as ActorKind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorTenantId: row.actor_tenant_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome as AuditOutcome,
    ip: row.ip,
    at: fromDbTimeRequired(row.at),
    before: fromDbJson(row.before_json),
    after: fromDbJson(row.after_json),
  };
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
}

export const auditRepo = {
  /** Insert once: a replayed entry with the same id is ignored. */
  async insert(db: Knex, e: AuditEntry): Promise<void> {
    await insertOnce(db, 'audit_log', {
      id: e.id,
      tenant_id: e.tenantId,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      actor_name: e.actorName,
      actor_tenant_id: e.actorTenantId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      outcome: e.outcome,
      ip: e.ip,
      at: toDbTime(e.at),
      before_json: toDbJson(e.before),
      after_json: toDbJson(e.after),
      });
  },
  async query(db: Knex, tenantId: string, filter: AuditFilter, page: Page): Promise<PageResult<AuditEntry>> {
    const q = db('audit_log').where({ tenant_id: tenantId });
    if (filter.from) q.andWhere('at', '>=', toDbTime(filter.from));
    if (filter.to) q.andWhere('at', '<', toDbTime(filter.to));
    if (filter.action) q.andWhere({ action: filter.action });
    if (filter.actorId) q.andWhere({ actor_id: filter.actorId });
    if (filter.targetType) q.andWhere({ target_type: filter.targetType });
    if (filter.targetId) q.andWhere({ target_id: filter.targetId });
    return paged(q.orderBy('at', 'desc').orderBy('id'), page, fromRow);
  },
};
