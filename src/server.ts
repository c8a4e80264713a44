/**
 * createServer(): the whole server, built and started but not listening.
 *
 *   const server = await createServer({ config });
 *   const { url, close } = await server.listen(0);   // tests: any free port
 *   ...
 *   await server.stop();                             // graceful: phases of the lifecycle
 *
 * It opens the store (failing with a message that names the database if it cannot be reached),
 * applies migrations, replays a records journal left by a previous run, closes call records a
 * crash left open (SYSTEM_RESTART), and assembles the services other layers plug into
 * (server.services: records, bus, metrics, lifecycle, readiness, routes).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { configSchema, type Config, type ConfigInput } from './app-config.js';
import { dataPaths, type DataPaths } from './config/paths.js';
import { createLogger } from './log/logger.js';
import { createMetrics } from './metrics/metrics.js';
import { openStore } from './store/store.js';
import { RecordsService, type StartResult } from './records/service.js';
import { EventBus } from './events/bus.js';
import { Lifecycle } from './lifecycle.js';
import { Readiness } from './readiness.js';
import { AuthService } from './auth/service.js';
import { RouteRegistry } from './http/routes.js';
import { createApp } from './http/app.js';
import type { AppServices } from './services.js';
import { authRoutes } from './auth/routes.js';
import { operatorRoutes } from './auth/operator-routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import { roleRoutes } from './auth/role-routes.js';
import { voicePromptRoutes } from './voice/voice-prompt-routes.js';
import { VoicePrompts } from './voice/voice-prompts.js';
import { promptDirsOf } from './voice/prompt-dirs.js';
import { dialPlanRoutes } from './telephony/dial-plan-routes.js';
import { trunkRoutes } from './telephony/trunk-settings.js';
import { tenantRoutes } from './tenants/routes.js';
import { recordRoutes } from './records/routes.js';
import { eventRoutes } from './events/routes.js';

export const VERSION = '0.1.0';

export interface CreateServerOptions {
  /** A validated configuration, or input to validate (defaults filled in). */
  config: Config | ConfigInput;
  logger?: Logger;
  /** Apply pending migrations (default) or refuse to start if any are pending. */
  migrate?: 'apply' | 'require';
  /** How often the records writer retries the database while journalling (ms). */
  recordsRetryMs?: number;
  /** Journal entries the records writer replays per turn (default 200). */
  recordsReplayChunk?: number;
  /**
   * Layers to plug in (telephony, ACD, IVR...): each gets the services once they are assembled,
   * to add routes, metrics collectors, readiness checks and lifecycle hooks, and to subscribe
   * to what it needs. They run in order, before the lifecycle starts.
   */
  modules?: Array<(services: AppServices) => Promise<void> | void>;
}

export interface Listening {
  url: string;
  port: number;
  server: Server;
  /** Stop listening and close its connections. */
  close(): Promise<void>;
}

export interface TellerlineServer {
  app: Koa;
  services: AppServices;
  paths: DataPaths;
  /** What start-up found: journal entries replayed, open legs closed as SYSTEM_RESTART. */
  startup: StartResult;
  listen(port?: number, host?: string): Promise<Listening>;
  /** Graceful shutdown through every lifecycle phase; idempotent. Also fine before listen(). */
  stop(graceMs?: number): Promise<void>;
}

function closeServer(server: Server, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveClose) => {
    if (!server.listening) {
      resolveClose();
      return;
    }
    // Connections that finish their response become idle later (SSE streams ending, keep-alive):
    // keep closing idle ones until the server is closed; at the deadline close them all.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      resolveClose();
    });
    server.closeIdleConnections();
    signal?.addEventListener('abort', () => server.closeAllConnections(), { once: true });
  });
}

export async function createServer(options: CreateServerOptions): Promise<TellerlineServer> {
  const config = configSchema().parse(options.config);
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  const paths = dataPaths(config);
  for (const dir of [paths.root, paths.journal, paths.recordings, paths.prompts, paths.faxes]) mkdirSync(dir, { recursive: true });

  const store = await openStore(config.database, { migrate: options.migrate ?? 'apply' });
  const metrics = createMetrics();
  const lifecycle = new Lifecycle(logger);
  const readiness = new Readiness();
  const bus = new EventBus();
  const routes = new RouteRegistry();
  const records = new RecordsService({
    store,
    journalDir: paths.journal,
    nodeId: config.server.nodeId,
    logger: logger.child({ module: 'records' }),
    registry: metrics.registry,
    maxHeld: config.records.maxHeld,
    maxBatch: config.records.maxBatch,
    ...(options.recordsRetryMs ? { retryMs: options.recordsRetryMs } : {}),
    ...(options.recordsReplayChunk ? { replayChunk: options.recordsReplayChunk } : {}),
  });
  let startup: StartResult;
  try {
    startup = await records.start();
  } catch (err) {
    await store.close();
    throw err;
  }
  const auth = new AuthService(store.knex, config.security);
  const services: AppServices = { config, logger, store, records, bus, metrics, lifecycle, readiness, auth, routes };

  routes.add(...authRoutes, ...tenantRoutes, ...operatorRoutes, ...tokenRoutes, ...roleRoutes, ...recordRoutes, ...eventRoutes);
  // Voice prompts are files, managed without a card; calls (when a card runs) drop their cached lookups on a change.
  routes.add(...voicePromptRoutes(new VoicePrompts(promptDirsOf(config), () => services.telephony?.prompts)));
  // The dial plan lives in the store; with a card, the telephony module's live plan follows each change.
  routes.add(...dialPlanRoutes(config, () => services.telephony?.dialPlan));
  routes.add(...trunkRoutes(() => services.telephony));

  readiness.register('lifecycle', () => (lifecycle.shuttingDown ? 'shutting down' : null));
  readiness.register('store', async () => {
    try {
      await store.ping();
      return null;
    } catch (err) {
      // The error text (host, user, driver detail) goes to the log, not to anonymous callers.
      logger.warn({ err }, 'readiness: the database does not answer');
      return 'database unreachable';
    }
  });
  readiness.register('records', () =>
    records.mode !== 'journal'
      ? null
      : records.heldInMemory > 0
        ? `database unreachable and the records journal cannot be written: ${records.heldInMemory} records held in memory`
        : records.journalReplayed > 0
        ? `database back: replaying the local journal (${records.journalReplayed} of ${records.journalBacklog} done)`
        : `database unreachable: records are kept in the local journal (${records.journalBacklog} waiting)`,
  );

  const app = createApp(services, VERSION);
  const listeners = new Set<Server>();

  const sessionPurge = setInterval(() => {
    auth.purgeExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'could not purge expired sessions'));
  }, 3600_000);
  sessionPurge.unref();

  // The web admin stays up while calls drain (supervisors watch them end); /readyz already
  // answers 503. Listeners close once the card is closed, alongside the records flush.
  lifecycle.register({
    name: 'http',
    phase: 'flush',
    stop: async ({ signal }) => {
      clearInterval(sessionPurge);
      bus.endViewers();
      await Promise.all([...listeners].map((s) => closeServer(s, signal)));
    },
  });
  lifecycle.register({ name: 'records', phase: 'flush', stop: () => records.flush() });
  lifecycle.register({
    name: 'store',
    phase: 'close',
    stop: async () => {
      await records.stop();
      await store.close();
    },
  });
  try {
    for (const plug of options.modules ?? []) await plug(services);
  } catch (err) {
    await records.stop().catch(() => undefined);
    await store.close();
    throw err;
  }

  return {
    app,
    services,
    paths,
    startup,
    async listen(port = config.server.port, host = config.server.host) {
      // Start hooks run once, before the first listener: modules and code that registered hooks
      // after createServer() are started before anything is served.
      if (lifecycle.status === 'new') await lifecycle.start();
      const handler = app.callback();
      const tls = config.server.tls;
      const server = tls ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, handler) : createHttpServer(handler);
      await new Promise<void>((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolveListen();
        });
      });
      listeners.add(server);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
      logger.info({ url }, 'listening');
      return {
        url,
        port: address.port,
        server,
        close: async () => {
          listeners.delete(server);
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 2000);
          await closeServer(server, controller.signal);
          clearTimeout(timer);
        },
      };
    },
    stop(graceMs = config.server.shutdownGraceMs) {
      return lifecycle.stop(graceMs);
    },
  };
}
