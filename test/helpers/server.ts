/**
 * Test helpers: a server on a temporary SQLite file (or a given database) listening on a free
 * port, fixtures (tenants, operators) created through the services, and a small HTTP client
 * that keeps the session cookie and the CSRF token like a browser would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createServer, type TellerlineServer } from '../../src/server.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { deepMerge } from '../../src/config/load.js';
import type { Role } from '../../src/auth/permissions.js';
import { operatorsRepo, type Operator } from '../../src/auth/store/operators-repo.js';
import { tenantsRepo, type Tenant } from '../../src/tenants/store/tenants-repo.js';
import { PLATFORM_TENANT_ID } from '../../src/tenants/platform.js';
import { createLogger } from '../../src/log/logger.js';
import type { DatabaseConfig } from './mariadb.js';
import { sqliteConfig } from './backends.js';

export const TEST_PASSWORD = 'Correct-Horse-42';

export interface TestServer {
  server: TellerlineServer;
  url: string;
  dir: string;
  logLines: string[];
  close(): Promise<void>;
}

/** A logger that keeps its JSON lines in memory (to check redaction) */
export function capturingLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line);
      done();
    },
  });
  return createLogger({ level: 'debug', destination: sink });
}

export async function startTestServer(options: { database?: DatabaseConfig; dir?: string; config?: ConfigInput; recordsRetryMs?: number; modules?: Array<(s: import('../../src/services.js').AppServices) => Promise<void> | void> } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tellerline-srv-'));
  const logLines: string[] = [];
  const base: ConfigInput = {
    server: { host: '127.0.0.1', port: 0, nodeId: 'test-node', sseHeartbeatMs: 200 },
    database: options.database ?? sqliteConfig(join(dir, 'tellerline.sqlite')),
    data: { dir: join(dir, 'data') },
    log: { level: 'debug' },
    security: { scryptLog2N: 10, lockoutThreshold: 3, lockoutSeconds: 60 },
  };
  const config = deepMerge(base as Record<string, unknown>, (options.config ?? {}) as Record<string, unknown>) as ConfigInput;
  const server = await createServer({ config, logger: capturingLogger(logLines), ...(options.recordsRetryMs ? { recordsRetryMs: options.recordsRetryMs } : {}), ...(options.modules ? { modules: options.modules } : {}) });
  const listening = await server.listen(0, '127.0.0.1');
  return {
    server,
    url: listening.url,
    dir,
    logLines,
    async close() {
      await server.stop(2000);
      await listening.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function quietLogger(): Logger {
  return pino({ level: 'silent' });
}

export async function makeTenant(server: TellerlineServer, code: string, name = code): Promise<Tenant> {
  return tenantsRepo.insert(server.services.store.knex, { id: randomUUID(), code, name, kind: 'bank', status: 'active' });
}

export async function makeOperator(server: TellerlineServer, input: { tenantId?: string; username: string; role: Role; agentId?: string | null; password?: string }): Promise<Operator> {
  return operatorsRepo.insert(server.services.store.knex, {
    id: randomUUID(),
    tenantId: input.tenantId ?? PLATFORM_TENANT_ID,
    username: input.username,
    displayName: input.username,
    role: input.role,
    agentId: input.agentId ?? null,
    passwordHash: await server.services.auth.hashPassword(input.password ?? TEST_PASSWORD),
  });
}

export interface Response<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A browser-like client: keeps the session cookie, sends the CSRF token on unsafe methods. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  static withToken(baseUrl: string, token: string): Client {
    const c = new Client(baseUrl);
    c.bearer = token;
    return c;
  }

  async login(username: string, password = TEST_PASSWORD): Promise<Response<any>> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status === 200) this.csrf = (res.body as { csrfToken: string }).csrfToken;
    return res;
  }

  async request<T = any>(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; rawBody?: string; csrf?: boolean } = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers['cookie'] = this.cookie;
    if (this.bearer) headers['authorization'] = `Bearer ${this.bearer}`;
    if (this.csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: string | undefined = options.rawBody;
    if (body !== undefined && payload === undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    // A session that goes on under a new id (password change) sends its new CSRF token.
    const csrf = res.headers.get('x-csrf-token');
    if (csrf) this.csrf = csrf;
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair && /=\s*$/.test(pair) ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
