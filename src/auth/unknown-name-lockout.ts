/**
 * Lockout for user names that do not exist: after `threshold` failures an unknown name is
 * "locked" (423, Retry-After) exactly like a real account, so the lockout answer does not tell
 * an outsider which names exist. Kept in the store when one is given (every server process on
 * the database counts together; failures older than the lockout time are forgotten), else in
 * this process's memory.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loginThrottleRepo } from './store/login-throttle-repo.js';

const MAX_NAMES = 50_000;

export class UnknownNameLockout {
  private readonly names = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly threshold: () => number,
    private readonly lockoutMs: () => number,
    private readonly now: () => number = Date.now,
    /** The store that holds the counts for every process; without it, this process's memory. */
    private readonly shared?: Knex,
  ) {}

  /** Seconds the name stays locked, or 0. */
  async lockedFor(name: string): Promise<number> {
    if (this.shared) {
      const until = (await loginThrottleRepo.get(this.shared, storeKey(name)))?.lockedUntil ?? 0;
      return until > this.now() ? (until - this.now()) / 1000 : 0;
    }
    const entry = this.names.get(keyOf(name));
    return entry && entry.lockedUntil > this.now() ? (entry.lockedUntil - this.now()) / 1000 : 0;
  }

  /** Counts a failure; true when it locked the name. */
  async failed(name: string): Promise<boolean> {
    if (this.shared) {
      const key = storeKey(name);
      const now = this.now();
      const row = await loginThrottleRepo.countFailure(this.shared, key, now, this.lockoutMs());
      if (row.failures < this.threshold()) return false;
      return loginThrottleRepo.lockIfReached(this.shared, key, this.threshold(), now, now + this.lockoutMs());
    }
    const key = keyOf(name);
    const entry = this.names.get(key) ?? { failures: 0, lockedUntil: 0 };
    this.names.delete(key);
    entry.failures++;
    const lockedNow = entry.failures >= this.threshold();
    if (lockedNow) Object.assign(entry, { failures: 0, lockedUntil: this.now() + this.lockoutMs() });
    this.names.set(key, entry);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value!);
    return lockedNow;
  }
}

function keyOf(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/**
 * Hashed: what people type as a user name is sometimes their password, and it must not sit in
 * the database in clear; a hash also has a fixed length whatever the name.
 */
function storeKey(name: string): string {
  return `unknown:${createHash('sha256').update(keyOf(name)).digest('hex')}`;
}
