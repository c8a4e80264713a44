/**
 * Running migrations through knex with our own migration source (the static list in
 * migrations/index.ts), and refusing to run over a stale lock.
 *
 * knex marks knex_migrations_lock.is_locked = 1 while it migrates. A process killed mid-way
 * leaves it set, and every later run would fail with a puzzling message or, worse, someone
 * would learn to ignore it. We check it first and say exactly what to do.
 */
import type { Knex } from 'knex';
import { migrations, type TellerlineMigration } from './migrations/index.js';
import { StaleMigrationLockError } from './errors.js';

const TABLE = 'knex_migrations';
const LOCK_TABLE = 'knex_migrations_lock';

class StaticMigrationSource implements Knex.MigrationSource<TellerlineMigration> {
  async getMigrations(): Promise<TellerlineMigration[]> {
    return [...migrations];
  }
  getMigrationName(migration: TellerlineMigration): string {
    return migration.name;
  }
  async getMigration(migration: TellerlineMigration): Promise<Knex.Migration> {
    return { up: (knex) => migration.up(knex), down: (knex) => migration.down(knex) };
  }
}

function migratorConfig(): Knex.MigratorConfig {
  return { migrationSource: new StaticMigrationSource(), tableName: TABLE };
}

export async function isMigrationLocked(knex: Knex): Promise<boolean> {
  if (!(await knex.schema.hasTable(LOCK_TABLE))) return false;
  const row = await knex(LOCK_TABLE).where({ is_locked: 1 }).first();
  return row !== undefined;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  locked: boolean;
}

export async function migrationStatus(knex: Knex): Promise<MigrationStatus> {
  const locked = await isMigrationLocked(knex);
  const [completed, pending] = (await knex.migrate.list(migratorConfig())) as [
    Array<{ name: string }>,
    TellerlineMigration[],
  ];
  return { applied: completed.map((c) => c.name), pending: pending.map((p) => p.name), locked };
}

/** Apply every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex, target: string): Promise<string[]> {
  if (await isMigrationLocked(knex)) throw new StaleMigrationLockError(target);
  try {
    const [, applied] = (await knex.migrate.latest(migratorConfig())) as [number, string[]];
    return applied;
  } catch (err) {
    if ((err as Error)?.name === 'MigrationLocked') throw new StaleMigrationLockError(target);
    throw err;
  }
}

/** Release a stale lock. Only for an operator who knows no migration is running. */
export async function releaseMigrationLock(knex: Knex): Promise<boolean> {
  const wasLocked = await isMigrationLocked(knex);
  if (await knex.schema.hasTable(LOCK_TABLE)) await knex.migrate.forceFreeMigrationsLock(migratorConfig());
  return wasLocked;
}

/** Undo every migration (tests and `migrate --rollback-all` style tooling only). */
export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback(migratorConfig(), true);
}
