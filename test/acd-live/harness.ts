/**
 * A whole server on a free-running virtual card for ACD tests: telephony (one trunk span, one
 * span of simulated agent phones), the ACD module, a stub customer-profile source, SQLite in a
 * temporary directory. Helpers configure queues and agents through the HTTP API, place
 * simulated calls, drive phones, and tell who hears whom by audio: every party plays its own
 * tone and each party's far end records what it receives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import type { Card, Channel } from '../../bindings/index.js';
import { createServer, type TellerlineServer } from '../../src/server.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { telephonyModule } from '../../src/telephony/module.js';
import { acdModule, type AcdModuleOptions } from '../../src/acd/module.js';
import type { AppServices } from '../../src/services.js';
import type { GatewayClient } from '../../src/gateway/gateway-client.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import type { SimCall } from '../../src/telephony/simnet/sim-call.js';
import type { SimPhone } from '../../src/telephony/simnet/sim-phones.js';
import type { TenantRuntime } from '../../src/acd/live/acd-service.js';
import type { Role } from '../../src/auth/permissions.js';
import type { CallContext } from '../../src/telephony/handlers.js';
import type { QueueOutcome, QueueRequest } from '../../src/telephony/ports.js';
import { Client, makeOperator, quietLogger } from '../helpers/server.js';
import { createLogger } from '../../src/log/logger.js';
import { sqliteConfig } from '../helpers/backends.js';
import { goertzel, sine } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';

export const TENANT = DEFAULT_BANK_TENANT_ID;
/** Wednesday 2 October 2024, 10:00 in Beijing (02:00 UTC): a holiday week in China. */
export const EPOCH = Date.UTC(2024, 9, 2, 2, 0, 0);
export const SERVICE_NUMBER = '95501';
export const IVR_NUMBER = '95588';

export interface LiveServer {
  ivrOutcomes: QueueOutcome[];
  server: TellerlineServer;
  services: AppServices;
  url: string;
  dir: string;
  card: Card;
  acd: () => TenantRuntime;
  admin: Client;
  close(): Promise<void>;
}

export interface StartOptions {
  dir?: string;
  epochMs?: number;
  acd?: AcdModuleOptions;
  config?: ConfigInput['telephony'];
  keepDir?: boolean;
  /** The stub core banking system's answer (default: a VIP customer in Beijing). */
  profile?: 'vip' | 'none';
  /**
   * Stands in for the IVR on 95588: what it would hand to services.queues after its menus
   * (city, priority, skills, collected data). Outcomes are kept in `ivrOutcomes`.
   */
  ivr?: (ctx: CallContext) => QueueRequest;
}

/** What the data gateway would answer for a customer profile, without a core system. */
function stubGateway(kind: 'vip' | 'none'): Partial<GatewayClient> {
  return {
    async customerProfile(req: { callerNumber?: string }) {
      if (kind === 'none' || !req.callerNumber) return { ok: false, code: 'NOT_FOUND', message: 'no such customer' } as never;
      return {
        ok: true,
        customerId: 'C000123',
        kind: 'personal',
        name: '张**',
        segment: 'affluent',
        vip: true,
        city: 'Beijing',
        recentContacts: [{ date: '2024-09-30', channel: 'branch', summary: 'card replacement' }],
      } as never;
    },
  };
}

export async function startLive(options: StartOptions = {}): Promise<LiveServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tl-acd-'));
  const config: ConfigInput = {
    server: { host: '127.0.0.1', port: 0, nodeId: 'acd-test', sseHeartbeatMs: 200 },
    database: sqliteConfig(join(dir, 'tellerline.sqlite')),
    data: { dir: join(dir, 'data') },
    log: { level: 'silent' },
    security: { scryptLog2N: 10 },
    card: { kind: 'virtual', clock: 'freerun', trunks: 1, stations: 1 },
    coreSim: { enabled: false },
    sim: { enabled: false },
    telephony: {
      dialPlan: [
        { number: SERVICE_NUMBER, target: { kind: 'queue', queue: 'service' }, lang: 'zh', tenant: 'bank' },
        { number: '95502', target: { kind: 'queue', queue: 'service' }, lang: 'zh', tenant: 'bank' },
        { number: IVR_NUMBER, target: { kind: 'ivr', flow: 'main' }, lang: 'zh', tenant: 'bank' },
      ],
      promptsDir: resolve('var/prompts'),
      ...options.config,
    },
  };
  const gateway = stubGateway(options.profile ?? 'vip');
  const ivrOutcomes: QueueOutcome[] = [];
  const server = await createServer({
    config,
    // TL_TEST_LOG=debug shows the server's log while a test runs.
    logger: process.env['TL_TEST_LOG'] ? createLogger({ level: process.env['TL_TEST_LOG'] as 'debug' }) : quietLogger(),
    modules: [
      telephonyModule({ epochMs: options.epochMs ?? EPOCH }),
      (services) => {
        services.gateway = gateway as GatewayClient;
      },
      acdModule({ deskRingTimeoutMs: 20_000, ...options.acd }),
      (services) => {
        const ivr = options.ivr;
        if (!ivr) return;
        services.telephony!.registerHandler('ivr', async (ctx) => {
          await ctx.session.answer();
          ivrOutcomes.push(await services.queues!.enqueue(ctx, ivr(ctx)));
        });
      },
    ],
  });
  const listening = await server.listen(0, '127.0.0.1');
  const services = server.services;
  const card = services.telephony!.card;
  pollClock = card.clock;
  await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
  await makeOperator(server, { tenantId: TENANT, username: 'admin', role: 'bank_admin' }).catch(() => undefined);
  const admin = new Client(listening.url);
  const login = await admin.login('admin');
  if (login.status !== 200) throw new Error(`admin login failed: ${login.text}`);
  return {
    ivrOutcomes,
    server,
    services,
    url: listening.url,
    dir,
    card,
    admin,
    acd: () => {
      const runtime = services.acd!.tenant(TENANT);
      if (!runtime) throw new Error('no ACD for the bank tenant yet');
      return runtime;
    },
    async close() {
      if (pollClock === card.clock) pollClock = undefined;
      await server.stop(2000);
      await listening.close();
      if (!options.dir && !options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An operator of the bank who works at a seat, logged in. */
export async function loginOperator(live: LiveServer, username: string, role: Role, agentId: string | null): Promise<Client> {
  await makeOperator(live.server, { tenantId: TENANT, username, role, agentId }).catch(() => undefined);
  const client = new Client(live.url);
  const res = await client.login(username);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.text}`);
  return client;
}

export async function ok<T = any>(promise: Promise<{ status: number; body: T; text: string }>, expected = [200, 201, 204]): Promise<T> {
  const res = await promise;
  if (!expected.includes(res.status)) throw new Error(`HTTP ${res.status}: ${res.text}`);
  return res.body;
}

export interface AgentSpec {
  id: string;
  timeslot: number;
  queues: Array<string | { queueId: string; level?: number; penalty?: number }>;
  city?: string;
  team?: string;
  skills?: Record<string, number>;
  recording?: 'inherit' | 'always' | 'never';
}

export async function addQueue(live: LiveServer, body: Record<string, unknown>): Promise<void> {
  await ok(live.admin.post('/api/v1/acd/queues', { name: body['id'], wrapUpS: 0, ringTimeoutS: 60, announce: { onEntry: false, everyS: 0 }, ...body }));
}

export async function addAgent(live: LiveServer, spec: AgentSpec): Promise<void> {
  await ok(
    live.admin.post('/api/v1/acd/agents', {
      id: spec.id,
      name: spec.id,
      extension: `80${String(spec.timeslot).padStart(2, '0')}`,
      phone: { station: 0, timeslot: spec.timeslot },
      queues: spec.queues.map((q) => (typeof q === 'string' ? { queueId: q } : q)),
      ...(spec.city ? { city: spec.city } : {}),
      ...(spec.team ? { team: spec.team } : {}),
      ...(spec.skills ? { skills: spec.skills } : {}),
      ...(spec.recording ? { recording: spec.recording } : {}),
    }),
  );
}

export async function signIn(live: LiveServer, agentId: string, pauseReason?: string): Promise<void> {
  await ok(live.admin.post(`/api/v1/acd/agents/${agentId}/sign-in`, pauseReason ? { pauseReason } : {}));
}

export function phone(live: LiveServer, timeslot: number): SimPhone {
  return live.services.sim!.phones.phone(0, timeslot);
}

/** Every phone answers only when told (tests decide who answers). */
export function manualPhones(live: LiveServer, ...timeslots: number[]): void {
  for (const ts of timeslots) phone(live, ts).mode = { kind: 'manual' };
}

export async function call(live: LiveServer, from: string, to = SERVICE_NUMBER): Promise<SimCall> {
  const sim = await live.services.sim!.network.placeCall({ to, from });
  await sim.answered();
  return sim;
}

/**
 * The first value of a stream, as a promise that does not count as an unhandled rejection if
 * the test fails before awaiting it (the stream completes when the server stops).
 */
export function nextValue<T>(source: Observable<T>): Promise<T> {
  const promise = firstValueFrom(source);
  promise.catch(() => undefined);
  return promise;
}

/** The card of the server started last: `until` polls in its time. */
let pollClock: { sleep(ms: number): Promise<void> } | undefined;

/**
 * Polls until the condition holds; fails with the label after `ms` of real time. While a card is
 * open each poll waits 5 ms of the card's time, not of the wall clock: a free-running card stops
 * at JavaScript's next timer, so it cannot race past an engine-time timer (an agent's ring
 * timeout) between two polls — in a wall-clock wait it can run thousands of ticks per turn of
 * the event loop.
 */
export async function until(label: string, condition: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${label}`);
    const clock = pollClock;
    const wall = () => new Promise((r) => setTimeout(r, 5));
    await (clock ? clock.sleep(5).catch(wall) : wall());
  }
}

/** The agent has a call and both the customer and the agent are in its conference. */
export function bridged(live: LiveServer, agentId: string): boolean {
  for (const c of live.acd().acd.calls.values()) {
    if (c.owner?.agentId !== agentId || !c.customer) continue;
    return c.isMember(c.customer.channel) && c.isMember(c.owner.leg.channel);
  }
  return false;
}

export function stateOf(live: LiveServer, agentId: string): string {
  return live.acd().acd.queues.agent(agentId).state;
}

export async function ringing(live: LiveServer, timeslot: number): Promise<void> {
  await until(`phone ${timeslot} rings`, () => phone(live, timeslot).ringing);
}

// ─── who hears whom ─────────────────────────────────────────────────────────────────────────

export interface Party {
  name: string;
  freq: number;
  /** The channel on the party's own side (what it sends, what it hears). */
  channel: () => Channel;
}

/**
 * The positive control of every "hears nothing" answer: the capture itself ran for the time
 * asked (a recording with no samples would hear nobody, and prove nothing).
 */
function captured(path: string, ms: number): Int16Array {
  const x = readWav(path).samples;
  const expected = ms * 8;
  if (x.length < expected * 0.9) throw new Error(`${path}: ${x.length} samples recorded, expected about ${expected}`);
  return x;
}

/** Each party talks in its own tone, for a long time. */
export async function talk(parties: Party[]): Promise<void> {
  for (const p of parties) void p.channel().play(sine(p.freq, 600_000, -10)).catch(() => undefined);
}

/** Which other parties' tones each party hears over 400 ms (engine time). */
export async function whoHears(live: LiveServer, parties: Party[], label: string): Promise<Record<string, string[]>> {
  await live.card.clock.sleep(150);
  const paths = parties.map((p) => join(live.dir, `${label}-${p.name}-${Math.random().toString(36).slice(2, 8)}.wav`));
  const recs = await Promise.all(parties.map((p, i) => p.channel().record(paths[i]!, { direction: 'rx', encoding: 'pcm16' })));
  await live.card.clock.sleep(400);
  await Promise.all(recs.map((r) => r.stop()));
  const out: Record<string, string[]> = {};
  parties.forEach((p, i) => {
    const x = captured(paths[i]!, 400);
    out[p.name] = parties.filter((q) => q !== p && goertzel(x, q.freq, 0, x.length) > 1e5).map((q) => q.name);
  });
  return out;
}

/** Whether the party hears the hold music (the default music's first note, 440 Hz). */
export async function hearsMusic(live: LiveServer, party: Party, label: string): Promise<boolean> {
  const path = join(live.dir, `${label}-music-${Math.random().toString(36).slice(2, 8)}.wav`);
  const rec = await party.channel().record(path, { direction: 'rx', encoding: 'pcm16' });
  await live.card.clock.sleep(3000);
  await rec.stop();
  const x = captured(path, 3000);
  return [440, 554, 659].some((f) => goertzel(x, f, 0, x.length) > 1e5);
}

export function callerParty(sim: SimCall, name = 'caller', freq = 1000): Party {
  return { name, freq, channel: () => sim.channel! };
}

export function phoneParty(live: LiveServer, timeslot: number, name: string, freq: number): Party {
  return { name, freq, channel: () => phone(live, timeslot).channel };
}
