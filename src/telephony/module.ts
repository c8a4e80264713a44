/**
 * Plugs the telephony layer into the server (createServer's `modules`):
 * opens the card, starts taking calls, and registers readiness, metrics,
 * shutdown steps and -- on the virtual card -- the simulated world and its
 * control API for `tellerline sim`.
 */
import { Gauge } from 'prom-client';
import { join } from 'node:path';
import type { AppServices } from '../services.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../tenants/default-bank.js';
import { cardSetup, openConfiguredCard } from './card-setup.js';
import { DialPlan } from './dial-plan.js';
import { lineTest } from './line-test.js';
import { PromptLibrary } from '../voice/prompt-library.js';
import { promptDirsOf } from '../voice/prompt-dirs.js';
import { dialPlanStore } from './store/dial-plans-repo.js';
import { applyTrunkSettings } from './trunk-settings.js';
import { startSimApi } from './sim-api.js';
import { issueSimToken, SimFiles, simFilesDir } from './sim-api-access.js';
import { SimWorld } from './simnet/sim-world.js';
import { SimPopulation } from './simnet/sim-population.js';
import { TelephonyService } from './telephony-service.js';

declare module '../services.js' {
  interface AppServices {
    /** The card and its calls (set by the telephony module). */
    telephony?: TelephonyService;
    /** The simulated network and phones (virtual card only). */
    sim?: SimWorld;
  }
}

export interface TelephonyModuleOptions {
  /** Wall-clock time at engine time 0 (tests pin dates with it). */
  epochMs?: number;
}

export function telephonyModule(options: TelephonyModuleOptions = {}) {
  return async (services: AppServices): Promise<void> => {
    const { config, logger, store } = services;
    const setup = cardSetup(config, options);
    const card = openConfiguredCard(setup);
    const tenantCache = new Map<string, string | undefined>();
    const prompts = new PromptLibrary(promptDirsOf(config));
    const telephony = new TelephonyService({
      card,
      roles: setup.roles,
      // The stored plan (a fresh database takes the configuration file's); edited from the back office.
      dialPlan: new DialPlan((await dialPlanStore.loadOrSeed(store.knex, config.telephony.dialPlan)).entries),
      prompts,
      records: services.records,
      bus: services.bus,
      logger: logger.child({ module: 'telephony' }),
      defaultTenantId: DEFAULT_BANK_TENANT_ID,
      ringTimeoutMs: config.telephony.ringTimeoutMs,
      async tenantIdOf(code) {
        if (!tenantCache.has(code)) tenantCache.set(code, (await tenantsRepo.getByCode(store.knex, code))?.id);
        return tenantCache.get(code);
      },
    });
    telephony.registerHandler('line-test', lineTest);
    services.telephony = telephony;
    await applyTrunkSettings(store.knex, telephony);
    telephony.start();
    if (card.kind === 'virtual') services.sim = new SimWorld(card, setup.roles);

    services.readiness.register('telephony', () => telephony.readiness());
    registerMetrics(services, telephony);

    let simApi: { close(): Promise<void> } | undefined;
    services.lifecycle.register({
      name: 'telephony',
      phase: 'intake',
      start: async () => {
        if (services.sim && config.sim.population.enabled) {
          services.sim.network.setPopulation(await SimPopulation.create(config.sim.population));
        }
        if (services.sim && config.sim.enabled) {
          const token = issueSimToken(config);
          const files = new SimFiles(simFilesDir(config));
          const api = await startSimApi({ host: config.sim.host, port: config.sim.port, telephony, sim: services.sim, logger, token, files });
          services.sim.apiUrl = api.url;
          services.sim.apiToken = token;
          simApi = api;
        }
      },
      stop: ({ deadline }) => telephony.drain(deadline),
    });
    services.lifecycle.register({
      name: 'card',
      phase: 'hardware',
      stop: async () => {
        await simApi?.close();
        services.sim?.close();
        await telephony.close();
      },
    });
    logger.info({ kind: card.kind, spans: card.spans.length, recordings: join(config.data.dir, 'recordings') }, 'card open');
  };
}

function registerMetrics(services: AppServices, telephony: TelephonyService): void {
  const registry = services.metrics.registry;
  const engine = new Gauge({ name: 'tellerline_engine', help: 'engine counters (see EngineStats)', labelNames: ['counter'], registers: [registry] });
  const calls = new Gauge({ name: 'tellerline_calls', help: 'calls by state', labelNames: ['state'], registers: [registry] });
  const trunk = new Gauge({ name: 'tellerline_trunk_up', help: 'trunk D-channel up (1) or down (0)', labelNames: ['span'], registers: [registry] });
  services.metrics.registerCollector('telephony', () => {
    const card = telephony.card;
    if (!card.isOpen) return;
    const stats = card.stats();
    for (const key of ['ticks', 'missedDeadlines', 'overruns', 'eventsDropped', 'channelEventsDropped', 'refusedTransitions', 'recordingOverruns', 'activeChannels', 'conferences', 'droppedTicks', 'backOffs'] as const) {
      engine.set({ counter: key }, stats[key]);
    }
    engine.set({ counter: 'overloaded' }, stats.overloaded ? 1 : 0);
    const s = telephony.stats();
    calls.set({ state: 'active' }, s.active);
    calls.set({ state: 'offered_total' }, s.offered);
    calls.set({ state: 'answered_total' }, s.answered);
    calls.set({ state: 'rejected_total' }, s.rejected);
    calls.set({ state: 'outbound_total' }, s.outbound);
    for (const span of telephony.trunks) trunk.set({ span: String(span.index) }, span.dchannelUp ? 1 : 0);
  });
}
