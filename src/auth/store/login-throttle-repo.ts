/**
 * Tables: `login_throttle`.
 * Written by: auth only (LoginThrottle, UnknownNameLockout): log-in failure counts shared by every
 * server process on the database.
 *
 * One row per key (`address:<ip>`, `unknown:<name>`): failures counted since `window_started_at`
 * (epoch ms), and for unknown names `locked_until`. Each failure is one statement (insert, or
 * add one / start a new window when the old one has passed), so processes counting at once
 * never lose a failure.
 */
import type { Knex } from 'knex';

export interface ThrottleRow {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

interface Row {
  failures: number | string;
  window_started_at: number | string;
  locked_until: number | string | null;
}

const TABLE = 'login_throttle';

export const loginThrottleRepo = {
  async get(db: Knex, key: string): Promise<ThrottleRow | undefined> {
    const row = (await db(TABLE).where({ throttle_key: key }).first()) as Row | undefined;
    return row
      ? { failures: Number(row.failures), windowStartedAt: Number(row.window_started_at), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) }
      : undefined;
  },

  /** Counts one failure (a new window once `windowMs` has passed) and returns the row after it. */
  async countFailure(db: Knex, key: string, now: number, windowMs: number): Promise<ThrottleRow> {
    const expired = now - windowMs;
    // MySQL applies assignments left to right: failures first, while window_started_at is still the old one.
    await db(TABLE)
      .insert({ throttle_key: key, failures: 1, window_started_at: now, locked_until: null })
      .onConflict('throttle_key')
      .merge({
        failures: db.raw(`CASE WHEN ${TABLE}.window_started_at <= ? THEN 1 ELSE ${TABLE}.failures + 1 END`, [expired]),
        window_started_at: db.raw(`CASE WHEN ${TABLE}.window_started_at <= ? THEN ? ELSE ${TABLE}.window_started_at END`, [expired, now]),
      });
    return (await loginThrottleRepo.get(db, key))!;
  },

  /** Locks the key until `until` if it has reached `threshold` failures; true for the caller that locked it. */
  async lockIfReached(db: Knex, key: string, threshold: number, now: number, until: number): Promise<boolean> {
    const changed = await db(TABLE)
      .where({ throttle_key: key })
      .andWhere('failures', '>=', threshold)
      .update({ failures: 0, window_started_at: now, locked_until: until });
    return Number(changed) > 0;
  },

  /** Forgets rows whose window and lock are both over. */
  async prune(db: Knex, before: number): Promise<void> {
    await db(TABLE)
      .where('window_started_at', '<', before)
      .andWhere((w) => w.whereNull('locked_until').orWhere('locked_until', '<', before))
      .delete();
  },
};
