/**
 * The application modules that add HTTP routes, for the tests that walk
 * every route (permissions, audit, tenant isolation): a route is only walked
 * if its module runs. Modules here must start without a card.
 */
import type { AppServices } from '../../src/services.js';
import { faxModule } from '../../src/fax/module.js';
import { acdModule } from '../../src/acd/module.js';
import { outboundModule } from '../../src/outbound/module.js';

export function appModules(): Array<(s: AppServices) => Promise<void> | void> {
  return [faxModule(), acdModule(), outboundModule()];
}
