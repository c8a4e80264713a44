/**
 * Tables: `tenants`.
 * Written by: the tenant routes, migrations 0004/0005 (seed) and `tellerline create-admin`; every module may read.
 */
import type { Knex } from 'knex';
import { fromDbTimeRequired, nowDb } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export type TenantKind = 'platform' | 'bank';
export type TenantStatus = 'active' | 'disabled';

export interface Tenant {
  id: string;
  code: string;
  name: string;
  kind: TenantKind;
  status: TenantStatus;
  createdAt: string;
  updatedAt: string;
}

interface TenantRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  status: string;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: TenantRow): Tenant {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as TenantKind,
    status: row.status as TenantStatus,
    createdAt: fromDbTimeRequired(row.created_at),
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

export const tenantsRepo = {
  async get(db: Knex, id: string): Promise<Tenant | undefined> {
    const row = (await db('tenants').where({ id }).first()) as TenantRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  async getByCode(db: Knex, code: string): Promise<Tenant | undefined> {
    const row = (await db('tenants').where({ code }).first()) as TenantRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  async list(db: Knex, page: Page): Promise<PageResult<Tenant>> {
    return paged(db('tenants').orderBy('code'), page, fromRow);
  },
  async insert(db: Knex, t: { id: string; code: string; name: string; kind: TenantKind; status: TenantStatus }): Promise<Tenant> {
    const now = nowDb();
    await db('tenants').insert({ ...t, created_at: now, updated_at: now });
    return (await tenantsRepo.get(db, t.id))!;
  },
  async update(db: Knex, id: string, patch: { name?: string; status?: TenantStatus }): Promise<Tenant | undefined> {
    const changes: Record<string, unknown> = { updated_at: nowDb() };
    if (patch.name !== undefined) changes['name'] = patch.name;
    if (patch.status !== undefined) changes['status'] = patch.status;
    await db('tenants').where({ id }).update(changes);
    return tenantsRepo.get(db, id);
  },
  async delete(db: Knex, id: string): Promise<boolean> {
    return (await db('tenants').where({ id }).delete()) > 0;
  },
};
