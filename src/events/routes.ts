/**
 * GET /api/v1/events: live events as Server-Sent Events, filtered by tenant and role (see
 * visibility.ts). Each event is `event: <type>` + `data: <json>`; a comment line every
 * server.sseHeartbeatMs keeps proxies from closing the connection. The stream ends when the
 * client goes away, when the server shuts down, or when a client reads too slowly to keep up.
 */
import { z } from 'zod';
import { filter, takeUntil } from 'rxjs';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { streamEvents } from '../http/sse-stream.js';
import { platformErrors } from '../http/errors.js';
import { canSee } from './visibility.js';
import { withinReach, type AgentReach } from './viewer-reach.js';
import type { TellerlineEvent } from './types.js';

export const eventRoutes: AnyRoute[] = [
  defineRoute({
    id: 'events.stream',
    method: 'GET',
    path: '/events',
    resource: 'events',
    summary: 'Live call, queue, agent and span events (text/event-stream)',
    description: 'Filtered by tenant and role: agents see their own calls and state plus queue summaries; span events reach supervisors and administrators only; a supervisor limited to their teams sees only those teams\' agents and calls.',
    access: 'events:read',
    query: z
      .object({
        types: z
          .string()
          .max(500)
          .optional()
          .describe('comma-separated prefixes to keep, e.g. "call.,queue."'),
      })
      .strict(),
    response: null,
    stream: 'text/event-stream',
    errors: [platformErrors.too_many_streams],
    handler: async ({ koa, principal, services, query }) => {
      const viewer = principal!;
      const reachOf = (): Promise<AgentReach> => services.eventReach?.reachOf(viewer) ?? Promise.resolve('all');
      let reach = await reachOf();
      const prefixes = query.types ? query.types.split(',').map((t) => t.trim()).filter(Boolean) : [];
      const wanted = (e: TellerlineEvent) => prefixes.length === 0 || prefixes.some((p) => e.type.startsWith(p));
      streamEvents(
        koa,
        services.bus.events$.pipe(
          filter((e) => canSee(viewer, e) && withinReach(reach, e) && wanted(e)),
          takeUntil(services.bus.endOfViewers$),
        ),
        {
          name: 'events',
          heartbeatMs: services.config.server.sseHeartbeatMs,
          onTooSlow: () => services.logger.warn({ viewer: viewer.id }, 'SSE client too slow; closing its stream'),
          // Team changes reach an open stream at its next heartbeat, as log-outs and role changes do.
          stillAllowed: async () => {
            if (!(await services.auth.stillValid(viewer))) return false;
            reach = await reachOf();
            return true;
          },
          owner: { key: `${viewer.kind}:${viewer.id}`, maxPerOwner: services.config.server.sseMaxStreamsPerUser },
        },
      );
    },
  }),
];
