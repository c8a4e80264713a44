/** A test server with the telephony layer on a free-running virtual card. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filter, firstValueFrom } from 'rxjs';
import type { ConfigInput } from '../../src/config/schema.js';
import { deepMerge } from '../../src/config/load.js';
import type { AppServices } from '../../src/services.js';
import { telephonyModule, type TelephonyModuleOptions } from '../../src/telephony/module.js';
import { simFilesDir } from '../../src/telephony/sim-api-access.js';
import { startTestServer, type TestServer } from './server.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TelephonyTestServer extends TestServer {
  services: AppServices;
  simUrl: string;
  /** The control API's token (Authorization: Bearer). */
  simToken: string;
  /** The only directory whose files the control API touches. */
  simFiles: string;
}

export async function startTelephonyServer(options: {
  config?: ConfigInput;
  modules?: Array<(s: AppServices) => Promise<void> | void>;
  telephony?: TelephonyModuleOptions;
  dir?: string;
} = {}): Promise<TelephonyTestServer> {
  const base: ConfigInput = {
    card: { clock: 'freerun', trunks: 1, stations: 0 },
    sim: { port: 0 },
    coreSim: { enabled: false },
    telephony: { promptsDir: join(REPO, 'var', 'prompts') },
  };
  const config = deepMerge(base as Record<string, unknown>, (options.config ?? {}) as Record<string, unknown>) as ConfigInput;
  const server = await startTestServer({ config, modules: [telephonyModule(options.telephony), ...(options.modules ?? [])], ...(options.dir ? { dir: options.dir } : {}) });
  const services = server.server.services;
  const telephony = services.telephony!;
  await Promise.all(telephony.card.spans.filter((s) => s.signaling !== 'none').map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
  return { ...server, services, simUrl: services.sim?.apiUrl ?? '', simToken: services.sim?.apiToken ?? '', simFiles: simFilesDir(services.config) };
}

/** Runs a sim call through the control API and returns its event lines. */
export async function simCall(server: { simUrl: string; simToken: string }, script: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${server.simUrl}/sim/calls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.simToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(script),
  });
  if (!res.ok) throw new Error(`sim call failed: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}
