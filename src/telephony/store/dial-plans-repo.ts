/**
 * Tables: `dial_plans`.
 * Written by: telephony only (the dial plan routes; the first start seeds it).
 *
 * The dial plan kept in the store: read at start (a fresh database takes the configuration
 * file's plan), replaced whole on every change, versioned so that concurrent edits from two
 * browsers cannot silently overwrite each other.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { dialPlanEntrySchema, type DialPlanEntry } from '../../config/schema.js';
import { fromDbTimeRequired, nowDb } from '../../store/time.js';

const PLAN_ID = 'default';

export interface StoredDialPlan {
  entries: DialPlanEntry[];
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

interface Row {
  entries: string;
  version: number;
  updated_by: string | null;
  updated_at: unknown;
}

const entriesSchema = z.array(dialPlanEntrySchema);

function fromRow(row: Row): StoredDialPlan {
  return { entries: entriesSchema.parse(JSON.parse(row.entries)), version: Number(row.version), updatedBy: row.updated_by, updatedAt: fromDbTimeRequired(row.updated_at) };
}

export const dialPlanStore = {
  async get(db: Knex): Promise<StoredDialPlan | undefined> {
    const row = (await db('dial_plans').where({ id: PLAN_ID }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },
  /** The stored plan; on a fresh database, `seed` (the configuration file's) is stored first. */
  async loadOrSeed(db: Knex, seed: readonly DialPlanEntry[]): Promise<StoredDialPlan> {
    const existing = await dialPlanStore.get(db);
    if (existing) return existing;
    try {
      await db('dial_plans').insert({ id: PLAN_ID, entries: JSON.stringify(seed), version: 1, updated_by: 'configuration', updated_at: nowDb() });
    } catch {
      // Another node seeded it first: theirs stands.
    }
    return (await dialPlanStore.get(db))!;
  },
  /** Replaces the plan if it is still at `expectedVersion`; undefined when someone changed it meanwhile. */
  async save(db: Knex, entries: readonly DialPlanEntry[], expectedVersion: number, updatedBy: string): Promise<StoredDialPlan | undefined> {
    const changed = await db('dial_plans')
      .where({ id: PLAN_ID, version: expectedVersion })
      .update({ entries: JSON.stringify(entries), version: expectedVersion + 1, updated_by: updatedBy, updated_at: nowDb() });
    if (changed === 0) return undefined;
    return dialPlanStore.get(db);
  },
};
