/**
 * Store failures the rest of the product must tell apart: the database is not there (fall back
 * to the journal, refuse to start), a stale migration lock (operator action needed), a unique
 * key violation (HTTP 409).
 */

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly target: string,
    override readonly cause: unknown,
  ) {
    const e = cause as { code?: string; message?: string };
    super(`cannot reach the database (${target}): ${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

export class StaleMigrationLockError extends Error {
  readonly code = 'MIGRATION_LOCKED';
  constructor(target: string) {
    super(
      `the migration lock is held in ${target} (knex_migrations_lock.is_locked = 1). ` +
        'Another `tellerline migrate` may be running; if none is (a killed process left the lock), ' +
        'release it with `tellerline migrate --unlock` and run the migration again.',
    );
    this.name = 'StaleMigrationLockError';
  }
}

export class PendingMigrationsError extends Error {
  readonly code = 'MIGRATIONS_PENDING';
  constructor(
    target: string,
    readonly pending: string[],
  ) {
    super(`the database (${target}) lacks migrations ${pending.join(', ')}: run \`tellerline migrate\``);
    this.name = 'PendingMigrationsError';
  }
}

interface DbErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  name?: unknown;
}

function codeOf(err: unknown): string {
  return typeof (err as DbErrorLike)?.code === 'string' ? ((err as DbErrorLike).code as string) : '';
}

export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_ROW_IS_REFERENCED_2';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT', // unix socket gone
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_SERVER_GONE_ERROR',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PROTOCOL',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
]);

/**
 * True when the error says the database could not be reached or could not take the write for
 * a reason outside the data itself (so the write belongs in the journal, not the dead letters).
 */
export function isUnavailableError(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const code = codeOf(err);
  if (CONNECTION_CODES.has(code) || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_BUSY')) return true;
  const e = err as DbErrorLike;
  const fatal = (err as { fatal?: unknown })?.fatal === true; // mysql2 marks broken connections
  if (fatal) return true;
  if (e?.name === 'KnexTimeoutError') return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Timeout acquiring a connection|connection is in closed state|Can't add new command when connection is in closed state|The database connection is not open|Pool was destroyed/i.test(message);
}
