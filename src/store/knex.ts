/**
 * knex instances for the two supported databases.
 *
 * SQLite (better-sqlite3): every new connection gets WAL, synchronous=FULL (a committed record
 * survives power loss), foreign keys on, a busy timeout and a page cache of SQLITE_CACHE_KIB. MySQL/MariaDB (mysql2): utf8mb4,
 * UTC (timezone 'Z', so DATETIME values come back as the UTC instants we wrote).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config/schema.js';
import { sqliteDriver } from './sqlite-driver.js';

export type DatabaseConfig = Config['database'];
export type StoreClient = 'sqlite' | 'mysql';

/**
 * The page cache of the SQLite connection, KiB. better-sqlite3 builds SQLite with a 16,000 KiB
 * default, which a server fills as its database grows (call records, journal, audit): the
 * resident memory then climbs for hours before it levels, ~14 MB in the soak's first hour, which
 * reads as a leak. 4 MB holds the b-tree pages that inserts and the day's lookups touch; colder
 * pages come from the operating system's file cache.
 */
export const SQLITE_CACHE_KIB = 4000;

interface SqliteConnection {
  pragma(source: string): unknown;
}

/** A human description of where the data lives, for error messages and logs (no password). */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.client === 'sqlite') return `SQLite file ${config.sqlite.filename}`;
  const m = config.mysql;
  const where = m.socket ? `socket ${m.socket}` : `${m.host}:${m.port}`;
  return `MySQL/MariaDB database '${m.database}' at ${where} as user '${m.user}'`;
}

type KnexClientClass = new (config: Knex.Config) => { _driver(): unknown };

/** knex's better-sqlite3 client, loading the driver sqlite-driver.ts chose (knex asks _driver()). */
function betterSqliteClient(): KnexClientClass {
  const base = createRequire(import.meta.url)('knex/lib/dialects/better-sqlite3/index.js') as KnexClientClass;
  return class extends base {
    override _driver(): unknown {
      return sqliteDriver().driver;
    }
  };
}

// knex prints connection errors to the console itself; ours are reported where they happen
// (StoreUnavailableError, the records journal), with the database named and no noise.
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };

export function createKnex(config: DatabaseConfig): Knex {
  if (config.client === 'sqlite') {
    const filename = config.sqlite.filename;
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    return knexFactory({
      client: betterSqliteClient() as unknown as Knex.Config['client'],
      log: quiet,
    // An error's message carries the statement with `?`, never its values (a password hash, a
    // card number, a name), so a logged database error cannot leak them.
    compileSqlOnError: false,
      connection: { filename },
      useNullAsDefault: true,
      acquireConnectionTimeout: config.acquireTimeoutMs,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
          try {
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = FULL');
            conn.pragma('foreign_keys = ON');
            conn.pragma('busy_timeout = 5000');
            conn.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  }
  const m = config.mysql;
  return knexFactory({
    client: 'mysql2',
    log: quiet,
    // An error's message carries the statement with `?`, never its values (a password hash, a
    // card number, a name), so a logged database error cannot leak them.
    compileSqlOnError: false,
    connection: {
      ...(m.socket ? { socketPath: m.socket } : { host: m.host, port: m.port }),
      user: m.user,
      password: m.password,
      database: m.database,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      connectTimeout: config.acquireTimeoutMs,
    },
    acquireConnectionTimeout: config.acquireTimeoutMs,
    pool: { min: 0, max: m.poolMax },
  });
}
