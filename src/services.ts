/**
 * What a running server is made of, handed to route handlers and to the layers that plug in
 * (telephony, ACD, IVR, gateway...). Small on purpose: each member is documented where defined.
 * Modules add their own members by merging into `AppServices` (see telephony/ports.ts).
 */
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Store } from './store/store.js';
import type { RecordsService } from './records/service.js';
import type { EventBus } from './events/bus.js';
import type { Metrics } from './metrics/metrics.js';
import type { Lifecycle } from './lifecycle.js';
import type { Readiness } from './readiness.js';
import type { AuthService } from './auth/service.js';
import type { RouteRegistry } from './http/routes.js';

export interface AppServices {
  config: Config;
  logger: Logger;
  store: Store;
  /** Call detail records and operational logs (write-ahead, journalled when the DB is away). */
  records: RecordsService;
  /** Live events: publish call/queue/agent/span events here. */
  bus: EventBus;
  /** Prometheus registry and pre-scrape collectors. */
  metrics: Metrics;
  /** Start/stop hooks, run in phases at shutdown. */
  lifecycle: Lifecycle;
  /** Checks behind /readyz. */
  readiness: Readiness;
  auth: AuthService;
  /** The HTTP route registry: add routes here before listen(). */
  routes: RouteRegistry;
}

// Route handlers are handed these services: the HTTP layer names them without importing this file.
declare module './http/routes.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface RouteServices extends AppServices {}
}
