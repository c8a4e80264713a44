/**
 * Tables: `operators`.
 * Written by: auth only (operator routes, AuthService), and `tellerline create-admin` for the first administrator; the ACD reads it to link agents.
 */
import type { Knex } from 'knex';
import { fromDbBool, fromDbTime, fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import type { RoleName } from '../permissions.js';

/** An operator as the rest of the server sees it. The password hash stays in OperatorSecret. */
export interface Operator {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: RoleName;
  agentId: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  /** An administrator set the password: the operator must choose a new one first. */
  mustChangePassword: boolean;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface OperatorWithSecret extends Operator {
  passwordHash: string;
}

interface OperatorRow {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string;
  role: string;
  agent_id: string | null;
  password_hash: string;
  password_changed_at: unknown;
  failed_logins: number;
  locked_until: unknown;
  must_change_password: unknown;
  disabled: unknown;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: OperatorRow): Operator {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    agentId: row.agent_id,
    disabled: fromDbBool(row.disabled),
    failedLogins: Number(row.failed_logins),
    lockedUntil: fromDbTime(row.locked_until),
    mustChangePassword: fromDbBool(row.must_change_password),
    passwordChangedAt: fromDbTimeRequired(row.password_changed_at),
    createdAt: fromDbTimeRequired(row.created_at),
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

export interface NewOperator {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: RoleName;
  agentId: string | null;
  passwordHash: string;
}

export interface OperatorPatch {
  displayName?: string;
  role?: RoleName;
  agentId?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
  /** The same password hashed anew (a higher cost): its age, which expiry counts, stays. */
  keepPasswordAge?: boolean;
}

/** The orders an operators list may be asked for. */
export const OPERATOR_SORTS = {
  username: { column: 'username', direction: 'asc' },
  '-username': { column: 'username', direction: 'desc' },
  displayName: { column: 'display_name', direction: 'asc' },
  '-displayName': { column: 'display_name', direction: 'desc' },
  createdAt: { column: 'created_at', direction: 'asc' },
  '-createdAt': { column: 'created_at', direction: 'desc' },
} as const;
export type OperatorSort = keyof typeof OPERATOR_SORTS;

export const operatorsRepo = {
  async get(db: Knex, id: string): Promise<Operator | undefined> {
    const row = (await db('operators').where({ id }).first()) as OperatorRow | undefined;
    return row ? fromRow(row) : undefined;
  },
  /** The first operator (oldest) with this name: names are unique per tenant only. */
  async getWithSecretByUsername(db: Knex, username: string): Promise<OperatorWithSecret | undefined> {
    const row = (await db('operators').where({ username }).orderBy('created_at').orderBy('id').first()) as OperatorRow | undefined;
    return row ? { ...fromRow(row), passwordHash: row.password_hash } : undefined;
  },
  async getWithSecretByTenantAndUsername(db: Knex, tenantId: string, username: string): Promise<OperatorWithSecret | undefined> {
    const row = (await db('operators').where({ tenant_id: tenantId, username }).first()) as OperatorRow | undefined;
    return row ? { ...fromRow(row), passwordHash: row.password_hash } : undefined;
  },
  async getWithSecret(db: Knex, id: string): Promise<OperatorWithSecret | undefined> {
    const row = (await db('operators').where({ id }).first()) as OperatorRow | undefined;
    return row ? { ...fromRow(row), passwordHash: row.password_hash } : undefined;
  },
  async list(
    db: Knex,
    tenantId: string,
    page: Page,
    filter: { role?: RoleName | undefined; search?: string | undefined; sort?: OperatorSort | undefined } = {},
  ): Promise<PageResult<Operator>> {
    const sort = OPERATOR_SORTS[filter.sort ?? 'username'];
    const q = db('operators').where({ tenant_id: tenantId }).orderBy(sort.column, sort.direction).orderBy('id');
    if (filter.role) q.andWhere({ role: filter.role });
    if (filter.search) {
      // LIKE with its wildcards escaped ('!' as the escape: the same SQL on SQLite and MySQL).
      const like = `%${filter.search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q.andWhere((w) => w.whereRaw("LOWER(username) LIKE ? ESCAPE '!'", [like]).orWhereRaw("LOWER(display_name) LIKE ? ESCAPE '!'", [like]));
    }
    return paged(q, page, fromRow);
  },
  async insert(db: Knex, op: NewOperator): Promise<Operator> {
    const now = nowDb();
    await db('operators').insert({
      id: op.id,
      tenant_id: op.tenantId,
      username: op.username,
      display_name: op.displayName,
      role: op.role,
      agent_id: op.agentId,
      password_hash: op.passwordHash,
      password_changed_at: now,
      failed_logins: 0,
      locked_until: null,
      disabled: false,
      created_at: now,
      updated_at: now,
    });
    return (await operatorsRepo.get(db, op.id))!;
  },
  async update(db: Knex, id: string, patch: OperatorPatch): Promise<Operator | undefined> {
    const now = nowDb();
    const changes: Record<string, unknown> = { updated_at: now };
    if (patch.displayName !== undefined) changes['display_name'] = patch.displayName;
    if (patch.role !== undefined) changes['role'] = patch.role;
    if (patch.agentId !== undefined) changes['agent_id'] = patch.agentId;
    if (patch.disabled !== undefined) changes['disabled'] = patch.disabled;
    if (patch.passwordHash !== undefined) {
      changes['password_hash'] = patch.passwordHash;
      if (!patch.keepPasswordAge) changes['password_changed_at'] = now;
    }
    if (patch.mustChangePassword !== undefined) changes['must_change_password'] = patch.mustChangePassword;
    await db('operators').where({ id }).update(changes);
    return operatorsRepo.get(db, id);
  },
  async delete(db: Knex, id: string): Promise<boolean> {
    return (await db('operators').where({ id }).delete()) > 0;
  },
  /** Count a failed login; lock the account when `threshold` is reached. Returns the new state. */
  async recordLoginFailure(db: Knex, id: string, threshold: number, lockUntil: Date): Promise<{ locked: boolean }> {
    await db('operators').where({ id }).increment('failed_logins', 1);
    const row = (await db('operators').where({ id }).first('failed_logins')) as { failed_logins: number } | undefined;
    if (row && Number(row.failed_logins) >= threshold) {
      await db('operators').where({ id }).update({ failed_logins: 0, locked_until: toDbTime(lockUntil) });
      return { locked: true };
    }
    return { locked: false };
  },
  /**
   * Counts a log-in attempt before its password is checked, in one statement: only while the
   * account is not locked and fewer than `threshold` attempts are counted. False: refuse it.
   */
  async reserveLoginAttempt(db: Knex, id: string, threshold: number, now: Date): Promise<boolean> {
    const changed = await db('operators')
      .where({ id })
      .andWhere('failed_logins', '<', threshold)
      .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', toDbTime(now)))
      .update({ failed_logins: db.raw('failed_logins + 1') });
    return changed > 0;
  },
  /** After a wrong password: locks the account when its counted attempts reached `threshold`. */
  async settleLoginFailure(db: Knex, id: string, threshold: number, lockUntil: Date): Promise<{ locked: boolean }> {
    const changed = await db('operators').where({ id }).andWhere('failed_logins', '>=', threshold).update({ failed_logins: 0, locked_until: toDbTime(lockUntil) });
    return { locked: changed > 0 };
  },
  /** An attempt that was counted but was no guess (right password, account disabled). */
  async releaseLoginAttempt(db: Knex, id: string): Promise<void> {
    await db('operators').where({ id }).andWhere('failed_logins', '>', 0).update({ failed_logins: db.raw('failed_logins - 1') });
  },
  async recordLoginSuccess(db: Knex, id: string): Promise<void> {
    await db('operators').where({ id }).update({ failed_logins: 0, locked_until: null });
  },
  async unlock(db: Knex, id: string): Promise<void> {
    await db('operators').where({ id }).update({ failed_logins: 0, locked_until: null, updated_at: nowDb() });
  },
};
