/**
 * Tables: `api_tokens`.
 * Written by: auth only (token routes, AuthService).
 */
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import type { RoleName } from '../permissions.js';

export interface ApiToken {
  id: string;
  tenantId: string;
  name: string;
  role: RoleName;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface ApiTokenRow {
  id: string;
  tenant_id: string;
  name: string;
  role: string;
  token_prefix: string;
  created_by: string | null;
  created_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  last_used_at: unknown;
}

function fromRow(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    prefix: row.token_prefix,
    createdBy: row.created_by,
    createdAt: fromDbTimeRequired(row.created_at),
    expiresAt: fromDbTime(row.expires_at),
    revokedAt: fromDbTime(row.revoked_at),
    lastUsedAt: fromDbTime(row.last_used_at),
  };
}

export const apiTokensRepo = {
  async insert(db: Knex, t: { id: string; tenantId: string; name: string; role: RoleName; tokenHash: string; prefix: string; createdBy: string | null; expiresAt: Date | null }): Promise<ApiToken> {
    await db('api_tokens').insert({
      id: t.id,
      tenant_id: t.tenantId,
      name: t.name,
      role: t.role,
      token_hash: t.tokenHash,
      token_prefix: t.prefix,
      created_by: t.createdBy,
      created_at: nowDb(),
      expires_at: t.expiresAt ? toDbTime(t.expiresAt) : null,
    });
    return (await apiTokensRepo.get(db, t.id))!;
  },
  async get(db: Knex, id: string): Promise<ApiToken | undefined> {
    const row = (await db('api_tokens').where({ id }).first()) as ApiTokenRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  /** A usable token (not revoked, not expired) by the hash of its secret. */
  async getUsableByHash(db: Knex, tokenHash: string, now: Date = new Date()): Promise<ApiToken | undefined> {
    const row = (await db('api_tokens')
      .where({ token_hash: tokenHash })
      .whereNull('revoked_at')
      .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', toDbTime(now)))
      .first()) as ApiTokenRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  async list(db: Knex, tenantId: string, page: Page): Promise<PageResult<ApiToken>> {
    return paged(db('api_tokens').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').orderBy('id'), page, fromRow);
  },
  async revoke(db: Knex, id: string): Promise<void> {
    await db('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: nowDb() });
  },
  async touch(db: Knex, id: string): Promise<void> {
    await db('api_tokens').where({ id }).update({ last_used_at: nowDb() });
  },
};
