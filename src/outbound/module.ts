/**
 * Plugs outbound campaigns into the server (createServer's `modules`): the campaign, number
 * list and do-not-call routes, and services.outbound with the dial guard the dialler asks
 * before every dial. Needs no card: campaigns are prepared without one. There is no dialler
 * yet, so a running campaign dials nothing.
 */
import type { AppServices } from '../services.js';
import { DialGuard } from './dial-guard.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { doNotCallRoutes } from './routes/do-not-call-routes.js';
import { numberRoutes } from './routes/number-routes.js';

export interface OutboundRuntime {
  guard: DialGuard;
}

declare module '../services.js' {
  interface AppServices {
    outbound?: OutboundRuntime;
  }
}

export function outboundModule() {
  return (services: AppServices): void => {
    services.outbound = { guard: new DialGuard(() => services.store.knex) };
    services.routes.add(...campaignRoutes, ...numberRoutes, ...doNotCallRoutes);
    services.logger.child({ module: 'outbound' }).info('outbound campaigns ready (no dialler yet)');
  };
}
