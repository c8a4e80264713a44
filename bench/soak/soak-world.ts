/**
 * The whole product in this process, as `tellerline start` composes it (gateway, telephony,
 * fax, ACD, IVR, outbound), on the default virtual card (2 trunk spans to the simulated network,
 * 1 span of simulated agent phones), with the core-banking simulator in its own process.
 * A queue `general` (the default dial plan's 95501, and the IVR's "0") is staffed by agents on
 * simulated phones that answer by themselves.
 *
 * In this process rather than as a child: the soak samples the server's own heap, handles, file
 * descriptors and event-loop delay from the inside, and its simulated callers live on the
 * virtual card's far side, which is inside the server anyway.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { filter, firstValueFrom } from 'rxjs';
import { createServer, type Listening, type TellerlineServer } from '../../src/server.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { deepMerge } from '../../src/config/load.js';
import { productModules } from '../../src/modules.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import type { AppServices } from '../../src/services.js';
import { Client, makeOperator } from '../../test/helpers/server.js';
import type { CoreSimPorts } from './core-sim-process.js';

export const TENANT = DEFAULT_BANK_TENANT_ID;
export const QUEUE = 'general';
const PROMPTS_DIR = fileURLToPath(new URL('../../var/prompts', import.meta.url));

export interface SoakWorldOptions {
  dir: string;
  clock: 'realtime' | 'freerun';
  core: CoreSimPorts;
  /** Local time (UTC+8) at engine time 0, ISO date and time: in the IVR's agent hours by default. */
  start?: string;
  agents: number;
  /** Extra configuration deep-merged over the soak's (a MariaDB database, ...). */
  config?: Record<string, unknown>;
  logger?: Logger;
  /** Skip creating the queue and agents (a restart on the same database). */
  restart?: boolean;
}

export interface SoakWorld {
  server: TellerlineServer;
  services: AppServices;
  admin: Client;
  url: string;
  agentIds: string[];
  close(): Promise<void>;
}

/** Agents sit on station span 0, B-channels 1..n. */
export function agentId(i: number): string {
  return `soak${i + 1}`;
}

export async function startSoakWorld(options: SoakWorldOptions): Promise<SoakWorld> {
  mkdirSync(options.dir, { recursive: true });
  const base: ConfigInput = {
    server: { host: '127.0.0.1', port: 0, nodeId: 'soak' },
    database: { client: 'sqlite', sqlite: { filename: join(options.dir, 'tellerline.sqlite') } },
    data: { dir: join(options.dir, 'data') },
    log: { level: 'warn' },
    security: { scryptLog2N: 10 },
    card: { kind: 'virtual', clock: options.clock, trunks: 2, stations: 1 },
    sim: { enabled: false },
    coreSim: { enabled: false },
    gateway: { adapter: 'tcp', host: options.core.host, port: options.core.tcpPort, defaultTimeoutMs: 3000 },
    telephony: { promptsDir: PROMPTS_DIR },
  };
  const config = deepMerge(base as Record<string, unknown>, options.config ?? {}) as ConfigInput;
  const epochMs = Date.parse(`${options.start ?? '2026-03-02T10:00'}:00+08:00`);
  const server = await createServer({
    config,
    logger: options.logger ?? pino({ level: 'warn' }),
    modules: productModules({ telephony: { epochMs } }),
  });
  let listening: Listening;
  try {
    listening = await server.listen(0, '127.0.0.1');
  } catch (err) {
    await server.stop(1000).catch(() => undefined);
    throw err;
  }
  const services = server.services;
  const telephony = services.telephony!;
  await Promise.all(telephony.trunks.map((s) => (s.dchannelUp ? undefined : firstValueFrom(s.dchannel$.pipe(filter(Boolean))))));
  await makeOperator(server, { tenantId: TENANT, username: 'soak-admin', role: 'bank_admin' }).catch(() => undefined);
  const admin = new Client(listening.url);
  const login = await admin.login('soak-admin');
  if (login.status !== 200) throw new Error(`soak: admin login failed: ${login.text}`);
  const agentIds = Array.from({ length: options.agents }, (_, i) => agentId(i));
  const must = async (what: string, res: Promise<{ status: number; text: string }>, also: number[] = []) => {
    const r = await res;
    if (r.status >= 300 && !also.includes(r.status)) throw new Error(`soak: ${what}: HTTP ${r.status} ${r.text}`);
  };
  if (!options.restart) {
    await must('queue', admin.post('/api/v1/acd/queues', {
      id: QUEUE, name: 'General', wrapUpS: 2, ringTimeoutS: 20,
      announce: { onEntry: false, everyS: 0 }, callback: { attempts: 2, retryDelayS: 30 },
    }));
    for (const [i, id] of agentIds.entries()) {
      await must(`agent ${id}`, admin.post('/api/v1/acd/agents', {
        id, name: id, extension: `8${String(i + 1).padStart(3, '0')}`, phone: { station: 0, timeslot: i + 1 }, queues: [{ queueId: QUEUE }],
      }));
    }
  }
  for (const id of agentIds) await must(`sign in ${id}`, admin.post(`/api/v1/acd/agents/${id}/sign-in`, {}), [409]);
  // After a crash, agents who were on a call come back paused (system_restart) until they say
  // they are ready, as the ACD's restart policy wants: the soak's agents say so at once.
  if (options.restart) for (const id of agentIds) await must(`resume ${id}`, admin.post(`/api/v1/acd/agents/${id}/resume`, {}), [409]);
  return {
    server,
    services,
    admin,
    url: listening.url,
    agentIds,
    async close() {
      await server.stop(3000);
      await listening.close();
    },
  };
}
