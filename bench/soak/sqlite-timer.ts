/**
 * Time the JavaScript thread spends inside SQLite (better-sqlite3 is synchronous: a statement,
 * its commit and the commit's fsync all run on the event loop). The soak wraps the driver's
 * statement methods once, before the server opens its database, and reads the total and the
 * longest call per sample (with the start of its SQL) so that event-loop stalls can be put down
 * to the store or not, and to which statement.
 */
import { performance } from 'node:perf_hooks';
import { sqliteDriver } from '../../src/store/sqlite-driver.js';

interface StatementProto {
  run: (...args: unknown[]) => unknown;
  get: (...args: unknown[]) => unknown;
  all: (...args: unknown[]) => unknown;
}

let installed = false;
let totalMs = 0;
let maxMs = 0;
let maxSql = '';

export function installSqliteTimer(): void {
  if (installed) return;
  installed = true;
  const Database = sqliteDriver().driver as new (file: string) => { prepare(sql: string): object; close(): void };
  const db = new Database(':memory:');
  const proto = Object.getPrototypeOf(db.prepare('select 1')) as StatementProto;
  db.close();
  for (const name of ['run', 'get', 'all'] as const) {
    const original = proto[name];
    proto[name] = function timed(this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        totalMs += ms;
        if (ms > maxMs) {
          maxMs = ms;
          maxSql = String((this as { source?: unknown }).source ?? '');
        }
      }
    };
  }
}

/** Time in SQLite since the last call (ms), and the longest single statement with its SQL. */
export function takeSqliteTime(): { totalMs: number; maxMs: number; maxSql: string } {
  const out = { totalMs, maxMs, maxSql };
  totalMs = 0;
  maxMs = 0;
  maxSql = '';
  return out;
}
