/**
 * Fax test helpers: a server with telephony on a free-running virtual card, the data gateway
 * against an in-process core-banking simulator, and the fax module; a stand-in for the IVR
 * (the dial plan's 'ivr' target runs a function the test gives); waiting for jobs and calls
 * to settle; the external fax program for --audio-socket.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ConfigInput } from '../../src/config/schema.js';
import type { AppServices } from '../../src/services.js';
import { startCoreSim, type CoreSimHandle } from '../../src/coresim/index.js';
import { gatewayModule } from '../../src/gateway/module.js';
import { faxModule } from '../../src/fax/module.js';
import type { FaxSettingsInput } from '../../src/fax/fax-settings.js';
import type { FaxRuntime } from '../../src/fax/fax-runtime.js';
import type { CallContext } from '../../src/telephony/handlers.js';
import type { FaxPort } from '../../src/telephony/ports.js';
import { faxJobRepo, type FaxJob } from '../../src/fax/store/fax-job-repo.js';
import { startTelephonyServer, REPO, type TelephonyTestServer } from '../helpers/telephony.js';
import { withBuildLock } from '../native/native-programs.js';
import { simFaxLog, type SimFaxLog } from '../../src/telephony/simnet/sim-fax.js';

export const IVR_NUMBER = '95588';
export const FAX_NUMBER = '95566';
/** A passbook account of the core simulator's demo customers, and its password. */
export const DEMO_ACCOUNT = '1001200030004001';
export const DEMO_PASSWORD = '123456';

export interface FaxTestServer extends TelephonyTestServer {
  fax: FaxRuntime;
  faxes: FaxPort;
  core: CoreSimHandle;
  simFaxes: SimFaxLog;
  /** The 'ivr' dial plan target runs this (a stand-in for the IVR, written in parallel). */
  onIvrCall(handler: (ctx: CallContext) => Promise<void>): void;
  stop(): Promise<void>;
}

export async function startFaxServer(options: { settings?: FaxSettingsInput; trunks?: number; clock?: 'freerun' | 'realtime'; config?: ConfigInput; dir?: string; beforeStart?: (services: AppServices) => void } = {}): Promise<FaxTestServer> {
  const core = await startCoreSim({ httpPort: 0, tcpPort: 0, adminPort: 0 });
  let ivr: ((ctx: CallContext) => Promise<void>) | undefined;
  let server: TelephonyTestServer;
  try {
    server = await startTelephonyServer({
      config: {
        card: { clock: options.clock ?? 'freerun', trunks: options.trunks ?? 1, stations: 0 },
        gateway: { adapter: 'http', port: core.httpPort, defaultTimeoutMs: 10_000 },
        ...(options.config ?? {}),
      } as ConfigInput,
      modules: [gatewayModule(), faxModule({ settings: { jobs: { retryIntervalMs: 5000 }, ...(options.settings ?? {}) } }), ...(options.beforeStart ? [options.beforeStart] : [])],
      ...(options.dir ? { dir: options.dir } : {}),
    });
  } catch (err) {
    await core.close();
    throw err;
  }
  const services = server.services;
  services.telephony!.registerHandler('ivr', async (ctx) => {
    if (!ivr) throw new Error('no IVR stand-in set for this test');
    await ivr(ctx);
  });
  return {
    ...server,
    fax: services.fax!,
    faxes: services.faxes!,
    core,
    simFaxes: simFaxLog(services.telephony!.card),
    onIvrCall(handler) {
      ivr = handler;
    },
    async stop() {
      try {
        await server.close();
      } finally {
        await core.close();
      }
    },
  };
}

/** Resolves when the bank starts playing the prompt `id` on some call (the caller hears it). */
export function promptPlayed(server: FaxTestServer, id: string): Promise<void> {
  return new Promise((resolve) => {
    const sub = server.services.bus.events$.subscribe((e) => {
      if (e.type !== 'session.event' || e.event.type !== 'prompt') return;
      const prompts = e.event['prompts'] as Array<{ id: string }> | undefined;
      if (prompts?.some((p) => p.id === id)) {
        sub.unsubscribe();
        resolve();
      }
    });
  });
}

/** A verified gateway session for the demo passbook account. */
export async function verifiedSession(server: FaxTestServer): Promise<string> {
  const result = await server.services.gateway!.verifyPassbook({ account: DEMO_ACCOUNT, password: DEMO_PASSWORD });
  if (!result.ok) throw new Error(`verify failed: ${result.code}`);
  return result.session;
}

/** Waits (engine time passes meanwhile) until the job reaches a final status. */
export async function jobSettled(server: FaxTestServer, jobId: string, limitMs = 600_000): Promise<FaxJob> {
  const until = Date.now() + limitMs;
  for (;;) {
    const job = await faxJobRepo.get(server.services.store.knex, jobId);
    if (job && (job.status === 'sent' || job.status === 'failed' || job.status === 'cancelled')) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job?.status} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** No call up, no fax running, every trunk channel idle: nothing stuck. */
export async function lineQuiet(server: FaxTestServer, limitMs = 30_000): Promise<{ calls: number; faxes: number; busyChannels: string[] }> {
  const telephony = server.services.telephony!;
  const until = Date.now() + limitMs;
  for (;;) {
    const busyChannels = telephony.card.spans.flatMap((s) => s.channels.filter((c) => c.state !== 'idle').map((c) => `${s.index}/${c.number}:${c.state}`));
    const state = { calls: telephony.activeCalls().length, faxes: server.fax.service.activeCount(), busyChannels };
    if ((state.calls === 0 && state.faxes === 0 && busyChannels.length === 0) || Date.now() > until) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function scratch(name: string): Promise<string> {
  const dir = join(REPO, 'var', 'test-fax', `${name}-${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function removeScratch(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function fileSize(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

const execFileAsync = promisify(execFile);
const BUILD_DIR = join(REPO, 'build-native-tests');

/**
 * The external spandsp fax program (native/test/fax_socket_peer.cpp), built on demand: only
 * that target, so this test does not pay for every native test program.
 */
export async function faxSocketPeer(): Promise<string> {
  const exe = join(BUILD_DIR, 'fax_socket_peer');
  if (existsSync(exe)) return exe;
  await withBuildLock(async () => {
    if (existsSync(exe)) return;  // built by another test while this one waited
    await execFileAsync('cmake', ['-S', REPO, '-B', BUILD_DIR, '-DTL_BUILD_ADDON=OFF', '-DTL_BUILD_TESTS=ON'], { maxBuffer: 64 << 20 });
    await execFileAsync('cmake', ['--build', BUILD_DIR, '--target', 'fax_socket_peer', '-j2'], { maxBuffer: 64 << 20 });
  });
  return exe;
}
