/**
 * What a running server is made of, handed to route handlers and to the layers that plug in
 * (telephony, ACD, IVR, gateway...). Small on purpose: each member is documented where defined.
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
import type { TelephonyService } from './telephony/telephony-service.js';
import type { SimWorld } from './telephony/simnet/sim-world.js';

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
  /** The card and its calls (set by the telephony module). */
  telephony?: TelephonyService;
  /** The simulated network and phones (virtual card only). */
  sim?: SimWorld;
}
