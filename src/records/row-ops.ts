/**
 * Row operations: plain rows for tables written behind the calls (ACD activity, recording
 * metadata, voice messages and faxes taken while the database is away), so that they can go through the record writer and its journal like CDRs do.
 *
 * Each is idempotent: an insert is ignored when the id exists, an upsert writes the same values
 * again, an update by key sets the same values again. Only the tables and keys listed here can
 * be written, so a journal line cannot name an arbitrary table.
 */
import type { Knex } from 'knex';
import { insertOnce } from '../store/insert-once.js';

/** Column values as the store takes them (times already in column form, see store/time.ts). */
export type RowValue = string | number | boolean | null;
export type Row = Record<string, RowValue>;

export type RowOp =
  /** Insert a row with an `id` primary key; nothing if that id exists. */
  | { kind: 'row.insert'; id: string; table: string; row: Row }
  /** Insert the row, or update its values when the key exists (the key is the table's primary key). */
  | { kind: 'row.upsert'; id: string; table: string; key: Row; values: Row }
  /** Update the row with this key; a row that is not there is an error (dead letter, not silence). */
  | { kind: 'row.update'; id: string; table: string; key: Row; values: Row };

/** What each table accepts: inserts by id, or upserts/updates on exactly these key columns. */
const TABLES: Record<string, { insert?: true; upsert?: readonly string[]; update?: readonly string[] }> = {
  acd_agent_events: { insert: true },
  acd_visits: { insert: true },
  acd_survey_results: { insert: true },
  acd_agent_states: { upsert: ['tenant_id', 'agent_id'] },
  recordings: { insert: true, update: ['id'] },
  voicemail_messages: { insert: true },
  faxes: { insert: true, update: ['id'] },
  fax_pages: { upsert: ['fax_id', 'page'] },
};

/** The database would refuse it too, so it is a dead letter rather than an outage. */
export class RowOpRefusedError extends Error {
  readonly code = 'ROW_OP_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'RowOpRefusedError';
  }
}

function sameColumns(key: Row, allowed: readonly string[] | undefined): boolean {
  const cols = Object.keys(key);
  return allowed !== undefined && cols.length === allowed.length && allowed.every((c) => c in key);
}

export async function applyRowOp(db: Knex, op: RowOp): Promise<void> {
  const allowed = Object.hasOwn(TABLES, op.table) ? TABLES[op.table] : undefined;
  if (!allowed) throw new RowOpRefusedError(`table ${op.table} cannot be written by record operations`);
  switch (op.kind) {
    case 'row.insert':
      if (!allowed.insert || op.row['id'] !== op.id) throw new RowOpRefusedError(`${op.kind} into ${op.table} needs the row's id`);
      // A unique violation on the id means the row is already there (see store/insert-once.ts).
      await insertOnce(db, op.table, op.row);
      return;
    case 'row.upsert':
      if (!sameColumns(op.key, allowed.upsert)) throw new RowOpRefusedError(`${op.kind} on ${op.table} must be keyed by ${allowed.upsert?.join(', ') ?? 'nothing'}`);
      await db(op.table)
        .insert({ ...op.values, ...op.key })
        .onConflict(Object.keys(op.key))
        .merge(op.values);
      return;
    case 'row.update': {
      if (!sameColumns(op.key, allowed.update)) throw new RowOpRefusedError(`${op.kind} on ${op.table} must be keyed by ${allowed.update?.join(', ') ?? 'nothing'}`);
      // Matched rows on both databases (mysql2 connects with FOUND_ROWS), so a replay counts 1.
      const matched = await db(op.table).where(op.key).update(op.values);
      if (matched === 0) throw new RowOpRefusedError(`${op.kind} on ${op.table}: no row with ${JSON.stringify(op.key)}`);
      return;
    }
  }
}
