/**
 * A real MariaDB server for tests, started by the test itself in a temporary data directory on a
 * free port (no systemd, no shared server, nothing left behind):
 *
 *   mariadb-install-db --no-defaults --datadir=D --user=root --auth-root-authentication-method=normal --skip-test-db
 *   mariadbd --no-defaults --datadir=D --socket=D/mysqld.sock --port=P --bind-address=127.0.0.1 \
 *     --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci ...
 *
 * One server per test file (test.before / test.after.always); a fresh database per test.
 * The server can be killed (SIGKILL) and started again on the same port and data, for outage
 * tests. Set TELLERLINE_TEST_SKIP_MARIADB=1 on a machine without mariadb-server to skip the
 * MariaDB half of the store tests (they fail otherwise, loudly).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import type { Config } from '../../src/config/schema.js';

export type DatabaseConfig = Config['database'];

const INSTALL_DB = 'mariadb-install-db';
const SERVER = process.env['TELLERLINE_TEST_MARIADBD'] ?? (existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd');

/** Why MariaDB tests cannot run here, or null when they can. */
export function mariadbSkipReason(): string | null {
  if (process.env['TELLERLINE_TEST_SKIP_MARIADB'] === '1') return 'TELLERLINE_TEST_SKIP_MARIADB=1';
  return null;
}

function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0 || existsSync(cmd);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export class MariaDbServer {
  readonly host = '127.0.0.1';
  readonly user = 'root';
  readonly password = '';
  readonly socket: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private counter = 0;

  private constructor(
    readonly datadir: string,
    readonly port: number,
  ) {
    this.socket = join(datadir, 'mysqld.sock');
  }

  /** Each server has its own temporary directory: servers started side by side in /tmp collided on temp table names. */
  private static env(datadir: string): NodeJS.ProcessEnv {
    const tmp = `${datadir}.tmp`;
    mkdirSync(tmp, { recursive: true });
    return { ...process.env, TMPDIR: tmp };
  }

  static async start(): Promise<MariaDbServer> {
    const skip = mariadbSkipReason();
    if (skip) throw new Error(`MariaDB tests are disabled (${skip})`);
    if (!commandExists(INSTALL_DB) || !commandExists(SERVER)) {
      throw new Error(`MariaDB tests need ${INSTALL_DB} and mariadbd (Debian package mariadb-server); set TELLERLINE_TEST_SKIP_MARIADB=1 to skip them`);
    }
    const datadir = mkdtempSync(join(tmpdir(), 'tellerline-mariadb-'));
    const install = spawnSync(
      INSTALL_DB,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        '--user=root',
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--innodb-log-file-size=16M',
        '--innodb-buffer-pool-size=32M',
      ],
      { encoding: 'utf8', env: MariaDbServer.env(datadir) },
    );
    if (install.status !== 0) {
      rmSync(datadir, { recursive: true, force: true });
      rmSync(`${datadir}.tmp`, { recursive: true, force: true });
      throw new Error(`mariadb-install-db failed (${install.status}): ${install.stderr || install.stdout}`);
    }
    const server = new MariaDbServer(datadir, await freePort());
    await server.resume();
    return server;
  }

  /** Start (again) on the same port and data directory, and wait until it answers. */
  async resume(): Promise<void> {
    if (this.child) throw new Error('MariaDB is already running');
    const child = spawn(
      SERVER,
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${this.datadir}`,
        `--socket=${this.socket}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--pid-file=${join(this.datadir, 'mariadbd.pid')}`,
        `--log-error=${join(this.datadir, 'error.log')}`,
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--skip-log-bin',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=16M',
        '--max-connections=200',
      ],
      { stdio: 'ignore', env: MariaDbServer.env(this.datadir) },
    );
    this.child = child;
    // If the test process dies without its after hook, take the server with it.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    this.exited = new Promise((resolveExit) =>
      child.once('exit', () => {
        process.off('exit', reap);
        resolveExit();
      }),
    );
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    for (let attempt = 0; attempt < 300; attempt++) {
      if (!this.child) break;
      try {
        const conn = await mysql.createConnection({ host: this.host, port: this.port, user: this.user, password: this.password, connectTimeout: 1000 });
        await conn.end();
        return;
      } catch {
        await sleep(50);
      }
    }
    const log = existsSync(join(this.datadir, 'error.log')) ? readFileSync(join(this.datadir, 'error.log'), 'utf8').slice(-2000) : '';
    await this.kill();
    throw new Error(`MariaDB did not come up on port ${this.port}:\n${log}`);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** SIGKILL, as a crash or a pulled cable would: no clean shutdown. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** Clean shutdown and removal of the data directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
      this.child = undefined;
    }
    rmSync(this.datadir, { recursive: true, force: true });
    rmSync(`${this.datadir}.tmp`, { recursive: true, force: true });
  }

  async admin<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
    const conn = await mysql.createConnection({ host: this.host, port: this.port, user: this.user, password: this.password });
    try {
      return await fn(conn);
    } finally {
      await conn.end();
    }
  }

  /** A new empty database and the `database` configuration section that points at it. */
  async createDatabase(prefix = 't'): Promise<DatabaseConfig> {
    const name = `${prefix}_${process.pid}_${++this.counter}`;
    await this.admin((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
    return this.databaseConfig(name);
  }

  databaseConfig(database: string): DatabaseConfig {
    return {
      client: 'mysql',
      sqlite: { filename: './var/tellerline.sqlite' },
      mysql: { host: this.host, port: this.port, user: this.user, password: this.password, database, poolMax: 5 },
      acquireTimeoutMs: 2_000,
    };
  }
}

export const startMariaDb = () => MariaDbServer.start();
