/**
 * The store: a knex instance plus what the rest of the server needs to know about it.
 */
import type { Knex } from 'knex';
import { createKnex, describeDatabase, type DatabaseConfig, type StoreClient } from './knex.js';
import { StoreUnavailableError, PendingMigrationsError } from './errors.js';
import { migrateLatest, migrationStatus } from './migrate.js';

export interface Store {
  readonly knex: Knex;
  readonly client: StoreClient;
  /** Where the data lives, e.g. "SQLite file /var/lib/tellerline/tellerline.sqlite". */
  readonly target: string;
  /** Resolves when the database answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createStore(config: DatabaseConfig): Store {
  const target = describeDatabase(config);
  let knex: Knex;
  try {
    knex = createKnex(config);
  } catch (err) {
    // e.g. the SQLite file's directory cannot be created
    throw new StoreUnavailableError(target, err);
  }
  let closed = false;
  return {
    knex,
    client: config.client,
    target,
    async ping() {
      try {
        await knex.raw('select 1 as ok');
      } catch (err) {
        throw new StoreUnavailableError(target, err);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await knex.destroy();
    },
  };
}

export interface OpenStoreOptions {
  /** Apply pending migrations (default) or fail if any are pending. */
  migrate?: 'apply' | 'require';
}

/**
 * Open the store for the server: reach the database (or fail with a message naming it), then
 * bring the schema up to date.
 */
export async function openStore(config: DatabaseConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const store = createStore(config);
  try {
    await store.ping();
    if ((options.migrate ?? 'apply') === 'apply') {
      await migrateLatest(store.knex, store.target);
    } else {
      const status = await migrationStatus(store.knex);
      if (status.pending.length > 0) throw new PendingMigrationsError(store.target, status.pending);
    }
    return store;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
