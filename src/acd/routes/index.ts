/** Every HTTP route of the ACD (module.ts adds the recording routes, recording-routes.ts, beside them). */
import type { AnyRoute } from '../../http/routes.js';
import { withErrors } from '../../http/route-errors.js';
import { acdConfigRoutes } from './config-routes.js';
import { acdDeskRoutes } from './desk-routes.js';
import { acdDeskStreamRoutes } from './desk-stream.js';
import { acdMetricsRoutes } from './metrics-routes.js';
import { acdRouteErrors } from './route-errors.js';
import { acdSupervisorRoutes } from './supervisor-routes.js';

export const acdRoutes: AnyRoute[] = withErrors([...acdConfigRoutes, ...acdDeskRoutes, ...acdDeskStreamRoutes, ...acdSupervisorRoutes, ...acdMetricsRoutes], acdRouteErrors);
