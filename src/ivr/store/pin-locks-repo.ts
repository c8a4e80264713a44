/**
 * Tables: `ivr_pin_locks`.
 * Written by: the PIN lock service (ivr/banking) and the PIN lock routes (unlock).
 *
 * Wrong-PIN counts and telephone-service locks per card/account (by keyed hash; see
 * src/ivr/banking/pin-lock-service.ts). Counting is one UPDATE ... SET failed_count = failed_count
 * + 1, so two calls keying wrong PINs for the same card at once both count.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import { fromDbTime, fromDbTimeRequired, nowDb } from '../../store/time.js';

export type PinSubjectKind = 'card' | 'passbook' | 'corporate' | 'signed';

export interface PinLockRecord {
  id: string;
  tenantId: string;
  subjectKind: PinSubjectKind;
  subjectMasked: string;
  failedCount: number;
  lastFailedAt: string | null;
  lockedAt: string | null;
  lockSource: 'ivr' | 'core' | null;
  unlockedAt: string | null;
  unlockedBy: string | null;
  updatedAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  subject_kind: string;
  subject_masked: string;
  failed_count: number;
  last_failed_at: unknown;
  locked_at: unknown;
  lock_source: string | null;
  unlocked_at: unknown;
  unlocked_by: string | null;
  updated_at: unknown;
}

function fromRow(row: Row): PinLockRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subjectKind: row.subject_kind as PinSubjectKind,
    subjectMasked: row.subject_masked,
    failedCount: Number(row.failed_count),
    lastFailedAt: fromDbTime(row.last_failed_at),
    lockedAt: fromDbTime(row.locked_at),
    lockSource: row.lock_source as PinLockRecord['lockSource'],
    unlockedAt: fromDbTime(row.unlocked_at),
    unlockedBy: row.unlocked_by,
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

export interface SubjectKey {
  tenantId: string;
  kind: PinSubjectKind;
  hash: string;
}

function where(key: SubjectKey) {
  return { tenant_id: key.tenantId, subject_kind: key.kind, subject_hash: key.hash };
}

export const pinLocksRepo = {
  async find(db: Knex, key: SubjectKey): Promise<PinLockRecord | undefined> {
    const row = (await db('ivr_pin_locks').where(where(key)).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  /** Every locked subject, of every tenant (what the IVR keeps in memory for a database outage). */
  async lockedKeys(db: Knex): Promise<SubjectKey[]> {
    const rows = (await db('ivr_pin_locks').whereNotNull('locked_at').select('tenant_id', 'subject_kind', 'subject_hash')) as Array<{ tenant_id: string; subject_kind: string; subject_hash: string }>;
    return rows.map((r) => ({ tenantId: r.tenant_id, kind: r.subject_kind as PinSubjectKind, hash: r.subject_hash }));
  },

  async get(db: Knex, tenantId: string, id: string): Promise<PinLockRecord | undefined> {
    const row = (await db('ivr_pin_locks').where({ tenant_id: tenantId, id }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  async list(db: Knex, tenantId: string, page: Page, filter: { locked?: boolean } = {}): Promise<PageResult<PinLockRecord>> {
    const q = db('ivr_pin_locks').where({ tenant_id: tenantId }).orderBy('updated_at', 'desc').orderBy('id');
    if (filter.locked === true) q.whereNotNull('locked_at');
    if (filter.locked === false) q.whereNull('locked_at');
    return paged(q, page, fromRow);
  },

  /** Counts one wrong PIN (creating the row on the first) and returns the row after it. */
  async countFailure(db: Knex, key: SubjectKey, masked: string): Promise<PinLockRecord> {
    const now = nowDb();
    const updated = await db('ivr_pin_locks')
      .where(where(key))
      .update({ failed_count: db.raw('failed_count + 1'), last_failed_at: now, updated_at: now });
    if (updated === 0) {
      try {
        await db('ivr_pin_locks').insert({ id: randomUUID(), ...where(key), subject_masked: masked, failed_count: 1, last_failed_at: now, updated_at: now });
      } catch {
        // Another call created it meanwhile: count on that row.
        await db('ivr_pin_locks').where(where(key)).update({ failed_count: db.raw('failed_count + 1'), last_failed_at: now, updated_at: now });
      }
    }
    return (await pinLocksRepo.find(db, key))!;
  },

  async lock(db: Knex, key: SubjectKey, masked: string, source: 'ivr' | 'core'): Promise<void> {
    const now = nowDb();
    const updated = await db('ivr_pin_locks').where(where(key)).whereNull('locked_at').update({ locked_at: now, lock_source: source, updated_at: now });
    if (updated === 0 && !(await pinLocksRepo.find(db, key))) {
      await db('ivr_pin_locks').insert({ id: randomUUID(), ...where(key), subject_masked: masked, failed_count: 0, locked_at: now, lock_source: source, updated_at: now });
    }
  },

  /** A correct PIN: the count starts over (a lock stays until an administrator lifts it). */
  async clearCount(db: Knex, key: SubjectKey): Promise<void> {
    await db('ivr_pin_locks').where(where(key)).whereNull('locked_at').where('failed_count', '>', 0).update({ failed_count: 0, updated_at: nowDb() });
  },

  async unlock(db: Knex, tenantId: string, id: string, by: string | null): Promise<PinLockRecord | undefined> {
    const now = nowDb();
    await db('ivr_pin_locks').where({ tenant_id: tenantId, id }).update({ locked_at: null, lock_source: null, failed_count: 0, unlocked_at: now, unlocked_by: by, updated_at: now });
    return pinLocksRepo.get(db, tenantId, id);
  },
};
