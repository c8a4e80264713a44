/**
 * Running one test body against both databases. `useBackends(test)` starts a MariaDB server for
 * the file (before) and stops it (after.always); `each(title, fn)` registers the test twice,
 * `[sqlite] title` on a fresh SQLite file and `[mariadb] title` on a fresh MariaDB database.
 */
import type { TestFn, ExecutionContext } from 'ava';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MariaDbServer, mariadbSkipReason, type DatabaseConfig } from './mariadb.js';

export type Backend = 'sqlite' | 'mariadb';

export interface BackendContext {
  backend: Backend;
  database: DatabaseConfig;
  /** A scratch directory for this test (data dir, journal). Removed at the end of the file. */
  dir: string;
  /** The MariaDB server (mariadb backend only): to kill and resume it. */
  mariadb: MariaDbServer | undefined;
}

export interface Backends {
  each(title: string, fn: (t: ExecutionContext, ctx: BackendContext) => Promise<void>, options?: { serial?: boolean; only?: Backend[] }): void;
  context(backend: Backend): Promise<BackendContext>;
  readonly mariadb: () => MariaDbServer | undefined;
}

export function sqliteConfig(file: string): DatabaseConfig {
  return {
    client: 'sqlite',
    sqlite: { filename: file },
    mysql: { host: '127.0.0.1', port: 3306, user: 'unused', password: '', database: 'unused', poolMax: 1 },
    acquireTimeoutMs: 2_000,
  };
}

export function useBackends(test: TestFn): Backends {
  const root = mkdtempSync(join(tmpdir(), 'tellerline-test-'));
  let server: MariaDbServer | undefined;
  let counter = 0;
  const skip = mariadbSkipReason();

  test.before(async () => {
    if (!skip) server = await MariaDbServer.start();
  });
  test.after.always(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function context(backend: Backend): Promise<BackendContext> {
    const dir = join(root, `${backend}-${++counter}`);
    mkdirSync(dir, { recursive: true });
    if (backend === 'sqlite') {
      return { backend, database: sqliteConfig(join(dir, 'tellerline.sqlite')), dir, mariadb: undefined };
    }
    if (!server) throw new Error('MariaDB server not started');
    return { backend, database: await server.createDatabase(), dir, mariadb: server };
  }

  return {
    context,
    mariadb: () => server,
    each(title, fn, options = {}) {
      for (const backend of options.only ?? (['sqlite', 'mariadb'] as const)) {
        const register = options.serial ? test.serial : test;
        if (backend === 'mariadb' && skip) {
          register.skip(`[${backend}] ${title}`, () => undefined);
          continue;
        }
        register(`[${backend}] ${title}`, async (t) => fn(t, await context(backend)));
      }
    },
  };
}
