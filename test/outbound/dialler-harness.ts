/**
 * A whole server on a free-running virtual card for dialler tests: telephony (one trunk span
 * facing the simulated network, one span of simulated agent phones), the ACD, the IVR and the
 * outbound module, SQLite in a temporary directory (kept across a restart when `dir` is given).
 * Helpers create flows, queues and campaigns over the HTTP API, import lists, and wait on the
 * store or the event bus — never on wall-clock windows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import type { Card } from '../../bindings/index.js';
import { createServer, type TellerlineServer } from '../../src/server.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { telephonyModule } from '../../src/telephony/module.js';
import { acdModule } from '../../src/acd/module.js';
import { ivrModule } from '../../src/ivr/module.js';
import { outboundModule, type OutboundModuleOptions } from '../../src/outbound/module.js';
import type { AppServices } from '../../src/services.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator, quietLogger } from '../helpers/server.js';
import { createLogger } from '../../src/log/logger.js';
import { sqliteConfig } from '../helpers/backends.js';

export const TENANT = DEFAULT_BANK_TENANT_ID;
/** Tuesday 8 October 2024, 08:59:30 in Beijing: half a minute before the default windows open. */
export const BEFORE_NINE = Date.UTC(2024, 9, 8, 0, 59, 30);

export interface DiallerServer {
  server: TellerlineServer;
  services: AppServices;
  url: string;
  dir: string;
  card: Card;
  admin: Client;
  db: AppServices['store']['knex'];
  close(): Promise<void>;
}

export async function startDialler(
  options: {
    dir?: string;
    epochMs?: number;
    outbound?: OutboundModuleOptions;
    stations?: number;
    /** Servers sharing one database need distinct node ids (default 'ob-test'). */
    nodeId?: string;
    /** Trunk spans to the simulated network (30 channels each). */
    trunks?: number;
    /** Runs before the server starts (and its dialler with it): how the simulated lines answer. */
    setup?: (services: AppServices) => void;
  } = {},
): Promise<DiallerServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tl-ob-'));
  const config: ConfigInput = {
    server: { host: '127.0.0.1', port: 0, nodeId: options.nodeId ?? 'ob-test', sseHeartbeatMs: 200 },
    database: sqliteConfig(join(dir, 'tellerline.sqlite')),
    data: { dir: join(dir, 'data') },
    log: { level: 'silent' },
    security: { scryptLog2N: 10 },
    card: { kind: 'virtual', clock: 'freerun', trunks: options.trunks ?? 1, stations: options.stations ?? 1 },
    coreSim: { enabled: false },
    sim: { enabled: false },
    telephony: { dialPlan: [{ number: '95588', target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' }], promptsDir: resolve('var/prompts') },
  };
  const server = await createServer({
    config,
    logger: process.env['TL_TEST_LOG'] ? createLogger({ level: process.env['TL_TEST_LOG'] as 'debug' }) : quietLogger(),
    modules: [telephonyModule({ epochMs: options.epochMs ?? BEFORE_NINE }), (services) => options.setup?.(services), acdModule({ deskRingTimeoutMs: 20_000 }), ivrModule(), outboundModule(options.outbound)],
  });
  const listening = await server.listen(0, '127.0.0.1');
  const services = server.services;
  const card = services.telephony!.card;
  await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
  await makeOperator(server, { tenantId: TENANT, username: 'admin', role: 'bank_admin' }).catch(() => undefined);
  const admin = new Client(listening.url);
  const login = await admin.login('admin');
  if (login.status !== 200) throw new Error(`admin login failed: ${login.text}`);
  return {
    server,
    services,
    url: listening.url,
    dir,
    card,
    admin,
    db: services.store.knex,
    async close() {
      await server.stop(2000);
      await listening.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function ok<T = any>(promise: Promise<{ status: number; body: T; text: string }>, expected = [200, 201, 204]): Promise<T> {
  const res = await promise;
  if (!expected.includes(res.status)) throw new Error(`HTTP ${res.status}: ${res.text}`);
  return res.body;
}

export async function upload(live: DiallerServer, campaignId: string, bytes: Uint8Array, fileName: string): Promise<any> {
  const form = new FormData();
  form.set('file', new Blob([bytes]), fileName);
  const r = await fetch(`${live.url}/api/v1/outbound/campaigns/${campaignId}/numbers/import`, { method: 'POST', body: form, headers: { cookie: live.admin.cookie!, 'x-csrf-token': live.admin.csrf! } });
  const body = (await r.json()) as any;
  if (r.status !== 200) throw new Error(`import: HTTP ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/** Polls the store in engine time (a free-running card cannot race past a timer between polls); fails after `ms` of real time. */
export async function until<T>(live: DiallerServer, label: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${label}`);
    await live.card.clock.sleep(200).catch(() => new Promise((r) => setTimeout(r, 5)));
  }
}

export async function attemptsOf(live: DiallerServer, campaignId: string): Promise<Array<{ phone: string; outcome: string; started_at: string; survey_answers: string | null; number_id: number }>> {
  return live.db('outbound_attempts').where({ campaign_id: campaignId }).orderBy([{ column: 'started_at' }, { column: 'id' }]);
}

/** Tenant-local (Beijing) time of an ISO or DB time string, as HH:MM:SS. */
export function beijing(time: string): string {
  const iso = /Z$/.test(time) ? time : `${time.replace(' ', 'T')}Z`;
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 19);
}

/** Adds an ACD queue that makes no announcements and gives no wrap-up time (`settings`: more of its fields). */
export async function addQueue(live: DiallerServer, id: string, settings: Record<string, unknown> = {}): Promise<void> {
  await ok(live.admin.post('/api/v1/acd/queues', { id, name: id, wrapUpS: 0, ringTimeoutS: 30, announce: { onEntry: false, everyS: 0 }, ...settings }));
}

/** Adds agents on simulated phones (station 0, each at its timeslot, extension `extensionPrefix` + timeslot) to one queue and signs them in. */
export async function addSignedInAgents(live: DiallerServer, queueId: string, agents: ReadonlyArray<readonly [id: string, timeslot: number]>, extensionPrefix = '80'): Promise<void> {
  for (const [id, timeslot] of agents) {
    await ok(live.admin.post('/api/v1/acd/agents', { id, name: id, extension: `${extensionPrefix}${timeslot}`, phone: { station: 0, timeslot }, queues: [{ queueId }] }));
    await ok(live.admin.post(`/api/v1/acd/agents/${id}/sign-in`, {}));
  }
}

/** An operator with the agent role for `agentId`, logged in. */
export async function agentClient(live: DiallerServer, username: string, agentId: string): Promise<Client> {
  await makeOperator(live.server, { tenantId: TENANT, username, role: 'agent', agentId });
  const client = new Client(live.url);
  const res = await client.login(username);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.text}`);
  return client;
}
