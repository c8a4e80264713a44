/**
 * Insert a row that may already be there (a replayed journal entry, a retried write).
 *
 * Not knex's onConflict().ignore(): on MySQL/MariaDB that is INSERT IGNORE, which also turns a
 * row the database refuses (a foreign key, a NOT NULL, a too-long value) into a warning and drops
 * it. Only a unique violation means "already written"; every other error reaches the caller.
 */
import type { Knex } from 'knex';
import { isUniqueViolation } from './errors.js';

export async function insertOnce(db: Knex, table: string, row: Record<string, unknown>): Promise<void> {
  try {
    await db(table).insert(row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}
