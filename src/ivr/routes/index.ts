/** Every HTTP route of the IVR, for services.routes.add(...ivrRoutes). */
import type { AnyRoute } from '../../http/routes.js';
import type { RouteRegistry } from '../../http/routes.js';
import { flowRoutes } from './flow-routes.js';
import { pinLockRoutes } from './pin-lock-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { voicemailRoutes } from './voicemail-routes.js';

export const ivrRoutes: readonly AnyRoute[] = [...flowRoutes, ...settingsRoutes, ...pinLockRoutes, ...voicemailRoutes];

/** Adds the IVR routes once (the module and the test fixtures may both ask). */
export function addIvrRoutes(registry: RouteRegistry): void {
  if (registry.list().some((r) => r.id === 'ivrFlows.list')) return;
  registry.add(...ivrRoutes);
}
