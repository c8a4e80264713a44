/**
 * Telephone-service locks after wrong PINs (requirements: "lockout after repeated wrong PINs"):
 * after 3, configurable, the card/account is locked for telephone service; the count survives
 * calls and restarts; unlocking is an audited admin action.
 *
 * Cards and accounts are named by a keyed hash (HMAC-SHA256 with a key kept in the data
 * directory, not in the database), so a copy of the database cannot be searched for a card
 * number, and by a masked form for the back office. The IVR asks `state` before sending a
 * PIN to the core, reports each wrong PIN (`failure`) and each right one (`success`). While the
 * database cannot be reached, `pin-lock-outage.ts` answers from memory and keeps the outcomes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { maskAccount } from '../../gateway/masking.js';
import { isUnavailableError } from '../../store/errors.js';
import { PinLockOutage, type PendingPinEvent } from './pin-lock-outage.js';
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
  /** The database was away: the wrong PIN is kept for it and the subject held until it answers. */
  held?: boolean;
}

/** Open: its PIN may go to the core. Locked: refused. Held: a wrong PIN during a database outage. */
export type PinSubjectState = 'open' | 'locked' | 'held';

/** Thrown inside the service when kept outcomes cannot be written first: the database is away. */
class StillAway extends Error {}

export class PinLockService {
  private readonly outage: PinLockOutage;
  private refresh: NodeJS.Timeout | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly key: Buffer,
    logger: Logger,
    options: { maxPending?: number; retryMs?: number } = {},
  ) {
    this.outage = new PinLockOutage({ apply: (event) => this.apply(event), logger, ...options });
  }

  private subject(tenantId: string, kind: PinSubjectKind, number: string): SubjectKey {
    const hash = createHmac('sha256', this.key).update(`${tenantId}\0${kind}\0${number}`).digest('hex');
    return { tenantId, kind, hash };
  }

  /** Reads the locked subjects now and every minute, for when the database cannot be asked. */
  async start(): Promise<void> {
    await this.readLocked();
    this.refresh = setInterval(() => void this.readLocked().catch(() => undefined), 60_000);
    this.refresh.unref();
  }

  /** Stops the refresh and writes what an outage left kept, if the database answers. */
  async stop(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    await this.outage.stop();
  }

  /** PIN outcomes kept in memory for the database. */
  get waitingForDatabase(): number {
    return this.outage.waiting;
  }

  private async readLocked(): Promise<void> {
    this.outage.replaceLocked(await pinLocksRepo.lockedKeys(this.knex));
  }

  /** Runs work on the database once what an outage kept is written; StillAway if it is not. */
  private async withDb<T>(work: () => Promise<T>): Promise<T> {
    if (this.outage.waiting > 0) await this.outage.write();
    if (this.outage.waiting > 0) throw new StillAway();
    return work();
  }

  private static away(err: unknown): boolean {
    return err instanceof StillAway || isUnavailableError(err);
  }

  /** The row of a card/account, for the back office (which gives the number in full). */
  async find(tenantId: string, kind: PinSubjectKind, number: string, db: Knex = this.knex): Promise<PinLockRecord | undefined> {
    return pinLocksRepo.find(db, this.subject(tenantId, kind, number));
  }

  async isLocked(tenantId: string, kind: PinSubjectKind, number: string): Promise<boolean> {
    return (await this.state(tenantId, kind, number)) === 'locked';
  }

  /** Whether the subject's PIN may go to the core; from memory while the database is away. */
  async state(tenantId: string, kind: PinSubjectKind, number: string): Promise<PinSubjectState> {
    const key = this.subject(tenantId, kind, number);
    try {
      const row = await this.withDb(() => pinLocksRepo.find(this.knex, key));
      const locked = row?.lockedAt != null;
      this.outage.noteRead(key, locked);
      return locked ? 'locked' : 'open';
    } catch (err) {
      if (!PinLockService.away(err)) throw err;
      return this.outage.stateWhileAway(key);
    }
  }

  /** A wrong PIN: counts it, and locks at `maxAttempts`. */
  async failure(tenantId: string, kind: PinSubjectKind, number: string, maxAttempts: number): Promise<FailureOutcome> {
    const key = this.subject(tenantId, kind, number);
    const masked = maskAccount(number);
    try {
      return await this.withDb(() => this.countFailure(key, masked, maxAttempts));
    } catch (err) {
      if (!PinLockService.away(err)) throw err;
      this.outage.keep({ kind: 'failure', key, masked, maxAttempts });
      return { failedCount: 0, attemptsLeft: 0, locked: false, held: true };
    }
  }

  /** The core itself said the PIN is locked: lock here too, so the IVR stops asking it. */
  async coreLocked(tenantId: string, kind: PinSubjectKind, number: string): Promise<void> {
    const key = this.subject(tenantId, kind, number);
    const masked = maskAccount(number);
    try {
      await this.withDb(() => pinLocksRepo.lock(this.knex, key, masked, 'core'));
      this.outage.noteRead(key, true);
    } catch (err) {
      if (!PinLockService.away(err)) throw err;
      this.outage.keep({ kind: 'coreLocked', key, masked, maxAttempts: 0 });
    }
  }

  async success(tenantId: string, kind: PinSubjectKind, number: string): Promise<void> {
    const key = this.subject(tenantId, kind, number);
    try {
      await this.withDb(() => pinLocksRepo.clearCount(this.knex, key));
    } catch (err) {
      if (!PinLockService.away(err)) throw err;
      this.outage.keep({ kind: 'success', key, masked: maskAccount(number), maxAttempts: 0 });
    }
  }

  private async countFailure(key: SubjectKey, masked: string, maxAttempts: number): Promise<FailureOutcome> {
    const row = await pinLocksRepo.countFailure(this.knex, key, masked);
    const locked = row.lockedAt !== null || row.failedCount >= maxAttempts;
    if (locked && row.lockedAt === null) await pinLocksRepo.lock(this.knex, key, masked, 'ivr');
    if (locked) this.outage.noteRead(key, true);
    return { failedCount: row.failedCount, attemptsLeft: Math.max(0, maxAttempts - row.failedCount), locked };
  }

  /** Writes one outcome kept during an outage, by the rule it would have had then. */
  private async apply(event: PendingPinEvent): Promise<void> {
    if (event.kind === 'failure') await this.countFailure(event.key, event.masked, event.maxAttempts);
    else if (event.kind === 'coreLocked') await pinLocksRepo.lock(this.knex, event.key, event.masked, 'core');
    else await pinLocksRepo.clearCount(this.knex, event.key);
  }
}
