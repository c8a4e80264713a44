/**
 * Tables: `operator_password_history`.
 * Written by: AuthService (an operator's own change) and the operator routes (an administrator's
 * reset), each time a password is replaced. Holds hashes only, never a password.
 */
import type { Knex } from 'knex';
import { nowDb } from '../../store/time.js';

export const passwordHistoryRepo = {
  /** The replaced hashes of an operator, newest first. */
  async recent(db: Knex, operatorId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows = (await db('operator_password_history').where({ operator_id: operatorId }).orderBy('id', 'desc').limit(count).select('password_hash')) as Array<{ password_hash: string }>;
    return rows.map((r) => r.password_hash);
  },
  /** Remembers a replaced hash and forgets all but the newest `keep`. */
  async remember(db: Knex, operatorId: string, passwordHash: string, keep: number): Promise<void> {
    if (keep <= 0) {
      await db('operator_password_history').where({ operator_id: operatorId }).delete();
      return;
    }
    await db('operator_password_history').insert({ operator_id: operatorId, password_hash: passwordHash, replaced_at: nowDb() });
    const kept = (await db('operator_password_history').where({ operator_id: operatorId }).orderBy('id', 'desc').limit(keep).select('id')) as Array<{ id: number }>;
    const oldestKept = kept.at(-1)?.id;
    if (oldestKept !== undefined) await db('operator_password_history').where({ operator_id: operatorId }).andWhere('id', '<', oldestKept).delete();
  },
};
