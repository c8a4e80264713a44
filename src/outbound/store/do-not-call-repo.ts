/**
 * outbound_do_not_call: the tenant's do-not-call list, one row per number. Written by the
 * outbound module's routes; read at import and before every dial.
 */
import type { Knex } from 'knex';
import { fromDbTimeRequired, nowDb } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export interface DoNotCallEntry {
  id: string;
  phone: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  phone: string;
  note: string | null;
  created_by: string | null;
  created_at: unknown;
}

const TABLE = 'outbound_do_not_call';

function fromRow(row: Row): DoNotCallEntry {
  return { id: row.id, phone: row.phone, note: row.note, createdBy: row.created_by, createdAt: fromDbTimeRequired(row.created_at) };
}

export const doNotCallRepo = {
  async insert(db: Knex, input: { id: string; tenantId: string; phone: string; note: string | null; createdBy: string | null }): Promise<DoNotCallEntry> {
    await db(TABLE).insert({ id: input.id, tenant_id: input.tenantId, phone: input.phone, note: input.note, created_by: input.createdBy, created_at: nowDb() });
    return (await doNotCallRepo.get(db, input.tenantId, input.id))!;
  },

  async get(db: Knex, tenantId: string, id: string): Promise<DoNotCallEntry | null> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  },

  async findByPhone(db: Knex, tenantId: string, phone: string): Promise<DoNotCallEntry | null> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, phone }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  },

  /** Which of `phones` are on the tenant's list. */
  async listed(db: Knex, tenantId: string, phones: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < phones.length; i += 500) {
      const rows = (await db(TABLE).where({ tenant_id: tenantId }).whereIn('phone', phones.slice(i, i + 500)).select('phone')) as Array<{ phone: string }>;
      for (const r of rows) found.add(r.phone);
    }
    return found;
  },

  async list(db: Knex, tenantId: string, page: Page, filter: { search?: string } = {}): Promise<PageResult<DoNotCallEntry>> {
    const q = db(TABLE).where({ tenant_id: tenantId });
    if (filter.search) q.andWhere('phone', 'like', `%${filter.search.replace(/[%_\\]/g, '')}%`);
    return paged(q.orderBy('phone'), page, fromRow);
  },

  async remove(db: Knex, tenantId: string, id: string): Promise<boolean> {
    return (await db(TABLE).where({ tenant_id: tenantId, id }).delete()) === 1;
  },
};
