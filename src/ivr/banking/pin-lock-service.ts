/**
 * Telephone-service locks after wrong PINs (requirements: "lockout after repeated wrong PINs"):
 * after 3, configurable, the card/account is locked for telephone service; the count survives
 * calls and restarts; unlocking is an audited admin action.
 *
 * Cards and accounts are named by a keyed hash (HMAC-SHA256 with a key kept in the data
 * directory, not in the database), so a copy of the database cannot be searched for a card
 * number, and by a masked form for the back office. The IVR asks `isLocked` before sending a
 * PIN to the core, reports each wrong PIN (`failure`) and each right one (`success`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import { maskAccount } from '../../gateway/masking.js';
import { pinLocksRepo, type PinLockRecord, type PinSubjectKind, type SubjectKey } from '../store/pin-locks-repo.js';

export const PIN_SUBJECT_KINDS: readonly PinSubjectKind[] = ['card', 'passbook', 'corporate', 'signed'];

export function isPinSubjectKind(value: unknown): value is PinSubjectKind {
  return typeof value === 'string' && (PIN_SUBJECT_KINDS as readonly string[]).includes(value);
}

/** Reads the hashing key, creating it (32 random bytes, mode 0600) on first use. */
export function loadSubjectKey(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length < 16) throw new Error(`${file}: the PIN-lock key is too short; restore it from a backup (locks are keyed by it)`);
    return key;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export interface FailureOutcome {
  failedCount: number;
  attemptsLeft: number;
  locked: boolean;
}

export class PinLockService {
  constructor(
    private readonly knex: Knex,
    private readonly key: Buffer,
  ) {}

  private subject(tenantId: string, kind: PinSubjectKind, number: string): SubjectKey {
    const hash = createHmac('sha256', this.key).update(`${tenantId}\0${kind}\0${number}`).digest('hex');
    return { tenantId, kind, hash };
  }

  /** The row of a card/account, for the back office (which gives the number in full). */
  async find(tenantId: string, kind: PinSubjectKind, number: string, db: Knex = this.knex): Promise<PinLockRecord | undefined> {
    return pinLocksRepo.find(db, this.subject(tenantId, kind, number));
  }

  async isLocked(tenantId: string, kind: PinSubjectKind, number: string): Promise<boolean> {
    const row = await pinLocksRepo.find(this.knex, this.subject(tenantId, kind, number));
    return row?.lockedAt != null;
  }

  /** A wrong PIN: counts it, and locks at `maxAttempts`. */
  async failure(tenantId: string, kind: PinSubjectKind, number: string, maxAttempts: number): Promise<FailureOutcome> {
    const key = this.subject(tenantId, kind, number);
    const masked = maskAccount(number);
    const row = await pinLocksRepo.countFailure(this.knex, key, masked);
    const locked = row.lockedAt !== null || row.failedCount >= maxAttempts;
    if (locked && row.lockedAt === null) await pinLocksRepo.lock(this.knex, key, masked, 'ivr');
    return { failedCount: row.failedCount, attemptsLeft: Math.max(0, maxAttempts - row.failedCount), locked };
  }

  /** The core itself said the PIN is locked: lock here too, so the IVR stops asking it. */
  async coreLocked(tenantId: string, kind: PinSubjectKind, number: string): Promise<void> {
    await pinLocksRepo.lock(this.knex, this.subject(tenantId, kind, number), maskAccount(number), 'core');
  }

  async success(tenantId: string, kind: PinSubjectKind, number: string): Promise<void> {
    await pinLocksRepo.clearCount(this.knex, this.subject(tenantId, kind, number));
  }
}
