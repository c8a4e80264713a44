/**
 * A populated world for the route-walking tests: two bank tenants (A "alpha" and B "bravo"),
 * one operator per role in each, an API token each, call records and logs each, and a
 * platform administrator. Everything of B carries the marker 'bravo' or a known id, so a test
 * can prove none of it leaks to A.
 *
 * Route-walking tests find path parameters here by the route's `resource`: a route of a new
 * resource needs an entry in `ids` (the tests fail, naming it, until it has one).
 */
import type { TellerlineServer } from '../../src/server.js';
import type { Role } from '../../src/auth/permissions.js';
import type { AnyRoute } from '../../src/http/routes.js';
import type { Tenant } from '../../src/tenants/store/tenants-repo.js';
import { makeOperator, makeTenant, Client, TEST_PASSWORD } from './server.js';
// Fax: fax objects when the server runs the fax module.
import { faxFixtures } from '../fax/fixtures.js';
// Outbound: a campaign and a do-not-call entry when the server runs the outbound module.
import { outboundFixtures } from '../outbound/fixtures.js';
// IVR: its routes and one object of each of its resources per tenant.
import { randomUUID } from 'node:crypto';
import { addIvrRoutes } from '../../src/ivr/routes/index.js';
import { flowsRepo } from '../../src/ivr/store/flows-repo.js';
import { pinLocksRepo } from '../../src/ivr/store/pin-locks-repo.js';
import { voicemailRepo } from '../../src/ivr/store/voicemail-repo.js';

async function populateIvr(server: TellerlineServer, tenantId: string, marker: string, phonePrefix: string): Promise<{ ids: Record<string, string>; allIds: string[] }> {
  const knex = server.services.store.knex;
  const definition = { start: 'bye', nodes: { bye: { type: 'hangup', prompts: ['goodbye'] } } };
  const saved = await flowsRepo.saveVersion(knex, { tenantId, name: `${marker}-flow`, definition, comment: `${marker} flow`, createdBy: `${marker}-bank_admin`, activate: true });
  const voicemailId = randomUUID();
  await voicemailRepo.insert(knex, { id: voicemailId, tenantId, legId: null, calling: `${phonePrefix}7`, called: '95588', queue: `${marker}-queue`, reason: 'all-busy', lang: 'zh', durationMs: 4000, file: `${tenantId}/2026-03-02/${voicemailId}.wav` });
  const subject = { tenantId, kind: 'card' as const, hash: randomUUID().replaceAll('-', '') };
  await pinLocksRepo.lock(knex, subject, `${marker} **** 0003`, 'ivr');
  const lock = (await pinLocksRepo.find(knex, subject))!;
  return {
    ids: { ivrFlows: saved.flow.id, ivrFlowVersions: saved.version.id, voicemail: voicemailId, ivrPinLocks: lock.id },
    allIds: [saved.flow.id, saved.version.id, voicemailId, lock.id],
  };
}

export const TENANT_ROLES: Role[] = ['bank_admin', 'supervisor', 'agent', 'auditor'];

export interface TenantWorld {
  tenant: Tenant;
  /** username by role */
  users: Record<string, string>;
  operatorIds: Record<string, string>;
  /** An operator no test logs in as: the target of operator routes. */
  victimOperatorId: string;
  apiToken: string;
  apiTokenId: string;
  legIds: string[];
  /** Every id of this tenant's objects, to search responses for. */
  allIds: string[];
  /** ids by route resource, for path parameters. */
  ids: Record<string, string>;
}

export interface World {
  platformAdmin: string;
  a: TenantWorld;
  b: TenantWorld;
}

async function populateTenant(server: TellerlineServer, code: string, marker: string, phonePrefix: string): Promise<TenantWorld> {
  const s = server.services;
  const tenant = await makeTenant(server, code, `${marker} bank`);
  const users: Record<string, string> = {};
  const operatorIds: Record<string, string> = {};
  for (const role of TENANT_ROLES) {
    const username = `${marker}-${role}`;
    const op = await makeOperator(server, { tenantId: tenant.id, username, role, agentId: role === 'agent' ? `${marker}-agent-1` : null });
    users[role] = username;
    operatorIds[role] = op.id;
  }
  const victim = await makeOperator(server, { tenantId: tenant.id, username: `${marker}-victim`, role: 'agent', agentId: `${marker}-agent-2` });
  const { token, record } = await s.auth.createApiToken(s.store.knex, { tenantId: tenant.id, name: `${marker} wallboard`, role: 'bank_admin', createdBy: null, expiresAt: null });

  const legIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const legId = await s.records.cdr.offered({ tenantId: tenant.id, direction: 'inbound', span: 1, channel: i + 1, calling: `${phonePrefix}${i}`, called: '95566' });
    await s.records.cdr.answered(legId);
    if (i < 2) await s.records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
    legIds.push(legId);
  }
  const logIds = [
    await s.records.trunkAccess.write({ tenantId: tenant.id, span: 1, channel: 1, direction: 'inbound', event: 'seized', calling: `${phonePrefix}9`, called: '95566', legId: legIds[0]! }),
    await s.records.agentLog.write({ tenantId: tenant.id, agentId: `${marker}-agent-1`, event: 'sign_in', queue: `${marker}-queue` }),
    await s.records.allBusy.write({ tenantId: tenant.id, queue: `${marker}-queue`, calling: `${phonePrefix}8`, enteredAt: new Date(Date.now() - 5000), outcome: 'answered' }),
    await s.records.transactions.write({ tenantId: tenant.id, operation: `${marker}-balance`, latencyMs: 12, result: 'ok', keyFields: { account: `${marker}-acct` } }),
  ];
  await s.records.flush();
  const fax = await faxFixtures(server, tenant.id, marker, phonePrefix);
  const ivr = await populateIvr(server, tenant.id, marker, phonePrefix); // IVR
  const outbound = await outboundFixtures(server, tenant.id, marker, phonePrefix);

  // ACD and recordings: when the ACD module is loaded, each tenant gets a queue, two
  // agents (phones on distinct timeslots per tenant), an entry point and a recording's metadata.
  const acdIds: Record<string, string> = {};
  if (s.acd) {
    const { acdConfigRepo } = await import('../../src/acd/store/config-repo.js');
    const { queueInputSchema, agentInputSchema, entryPointInputSchema } = await import('../../src/acd/store/schemas.js');
    const { recordingsRepo } = await import('../../src/acd/store/recordings-repo.js');
    const db = s.store.knex;
    const runtime = await s.acd.ensure(tenant.id);
    const queue = queueInputSchema.parse({ id: `${marker}-queue`, name: `${marker} queue` });
    await acdConfigRepo.saveQueue(db, tenant.id, queue);
    runtime.acd.applyQueue(queue);
    const base = marker === 'alpha' ? 21 : 24;
    for (const n of [1, 2]) {
      const agent = agentInputSchema.parse({ id: `${marker}-agent-${n}`, name: `${marker} agent ${n}`, extension: `7${base + n}`, phone: { station: 0, timeslot: base + n }, team: `${marker}-team`, queues: [{ queueId: queue.id }] });
      await acdConfigRepo.saveAgent(db, tenant.id, agent);
      runtime.acd.applyAgent(agent);
    }
    const entry = entryPointInputSchema.parse({ id: `${marker}-entry`, defaultQueueId: queue.id });
    await acdConfigRepo.saveEntryPoint(db, tenant.id, entry);
    runtime.acd.applyEntryPoint(entry);
    const recordingId = randomUUID();
    await recordingsRepo.insert(db, { id: recordingId, tenantId: tenant.id, callId: `${marker}-call`, legId: legIds[0]!, agentId: `${marker}-agent-1`, queueId: queue.id, team: `${marker}-team`, calling: `${phonePrefix}7`, called: '95566', startedAt: new Date().toISOString(), endedAt: null, durationMs: null, file: `${marker}.wav`, bytes: null, status: 'complete' });
    Object.assign(acdIds, { acdQueues: queue.id, acdAgents: `${marker}-agent-1`, acdEntryPoints: entry.id, acdSupervisors: operatorIds['supervisor']!, recordings: recordingId });
  }

  // Roles as data: one custom role per tenant, named by its key
  const { customRolesRepo } = await import('../../src/auth/store/custom-roles-repo.js');
  const customRole = await customRolesRepo.insert(s.store.knex, { id: randomUUID(), tenantId: tenant.id, key: `${marker}_lead`, name: `${marker} lead`, description: '', permissions: ['cdr:read'], eventScope: 'tenant', recordingScope: 'own_teams' });

  return {
    tenant,
    users,
    operatorIds,
    victimOperatorId: victim.id,
    apiToken: token,
    apiTokenId: record.id,
    legIds,
    allIds: [tenant.id, ...Object.values(operatorIds), victim.id, record.id, ...legIds, ...logIds, ...ivr.allIds, ...fax.allIds, ...outbound.allIds, ...Object.values(acdIds), customRole.key],
    ids: { tenants: tenant.id, operators: victim.id, apiTokens: record.id, cdr: legIds[0]!, ...ivr.ids, ...fax.ids, ...outbound.ids, ...acdIds, roles: customRole.key, voicePrompts: 'goodbye', dialPlan: '95500', trunks: '1' },
  };
}

export async function buildWorld(server: TellerlineServer): Promise<World> {
  addIvrRoutes(server.services.routes); // IVR: its routes take part in every route walk
  const platformAdmin = 'platform-root';
  await makeOperator(server, { username: platformAdmin, role: 'platform_admin' });
  const a = await populateTenant(server, 'tenant-alpha', 'alpha', '1380000');
  const b = await populateTenant(server, 'tenant-bravo', 'bravo', '1390000');
  return { platformAdmin, a, b };
}

export async function loginAs(url: string, username: string, password = TEST_PASSWORD): Promise<Client> {
  const client = new Client(url);
  const res = await client.login(username, password);
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
  return client;
}

/** The route's path with its parameters filled from `ids` (by the route's resource). */
export function pathFor(route: AnyRoute, ids: Record<string, string>): string {
  return `/api/v1${route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, _name: string) => {
    const id = ids[route.resource];
    if (!id) throw new Error(`no fixture id for resource '${route.resource}' (route ${route.id}): add one to test/helpers/fixtures.ts`);
    return id;
  })}`;
}

export function queryString(query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return '';
  return `?${new URLSearchParams(query).toString()}`;
}

/**
 * Read a streaming response for a moment, then hang up; returns what arrived.
 * @deprecated A fixed window passes on a slow machine without proving anything: open the stream
 * with openStream and wait (`until`) for the event that shows the stream delivered.
 */
export async function readStream(url: string, headers: Record<string, string>, ms: number, during?: () => void | Promise<void>): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  if (!res.body) return { status: res.status, text };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const timer = setTimeout(() => controller.abort(), ms);
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  await during?.();
  await pump;
  clearTimeout(timer);
  return { status: res.status, text };
}

export interface OpenStream {
  status: number;
  /** Everything received so far. */
  readonly text: string;
  /** Resolves once `ready(text)` holds; re-checked on every chunk. */
  until(ready: (text: string) => boolean, what: string): Promise<void>;
  /** Resolves once the server has ended the response (an error answer, a finite body). */
  untilEnd(what: string): Promise<void>;
  close(): void;
}

/**
 * Opens a streaming response and resolves once its first chunk has arrived: for the server's
 * SSE streams that chunk is written when the stream is subscribed, so what is published from
 * then on reaches it. Tests wait for what they expect (`until`), never for a time window.
 */
export async function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  const waiters = new Set<() => void>();
  let ended = false;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  if (res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
          wake();
        }
      } catch {
        // aborted by close()
      }
      ended = true;
      wake();
    })();
  }
  const stream: OpenStream = {
    status: res.status,
    get text() {
      return text;
    },
    until(ready, what) {
      return new Promise((resolve, reject) => {
        // A safety net against a hung test, not a measure of anything.
        const timer = setTimeout(() => finish(new Error(`gave up waiting for ${what}; got: ${text.slice(-500)}`)), 30_000);
        const finish = (err?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve();
        };
        const check = () => {
          if (ready(text)) finish();
          else if (ended) finish(new Error(`the stream ended before ${what}; got: ${text.slice(-500)}`));
        };
        waiters.add(check);
        check();
      });
    },
    untilEnd(what) {
      return stream.until(() => ended, `the end of ${what}`);
    },
    close() {
      controller.abort();
    },
  };
  if (res.ok && res.body) await stream.until((t) => t.length > 0, 'the first chunk of the stream');
  return stream;
}
