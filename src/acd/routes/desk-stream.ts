/**
 * GET /acd/desk/events: the agent desk's live stream (Server-Sent Events) for the operator's
 * own seat: offers and screen pops (calling number, IVR data, the customer's masked profile,
 * recent contacts), state changes and call progress. Screen pops hold customer data, so they
 * travel only here, to the one agent whose phone rings, never on the general event bus.
 */
import { filter, takeUntil } from 'rxjs';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { streamEvents } from '../../http/sse-stream.js';
import { acdAction, runtimeOf } from './common.js';

export const acdDeskStreamRoutes: AnyRoute[] = [
  defineRoute({
    id: 'acdDesk.events',
    method: 'GET',
    path: '/acd/desk/events',
    resource: 'acdDesk',
    summary: 'My seat\'s live stream: offers with screen pop, state, call progress (text/event-stream)',
    access: 'agent:self',
    response: null,
    stream: 'text/event-stream',
    handler: async ({ koa, principal, services }) => {
      const agentId = principal?.agentId;
      if (!agentId) throw new NotFoundError('agent seat of this operator');
      const runtime = runtimeOf(services, principal.tenantId);
      // An operator whose seat names no agent of the ACD gets 404 acd_unknown_agent, not a 500.
      await acdAction(() => runtime.acd.config.agentRecord(agentId));
      streamEvents(
        koa,
        runtime.acd.desk$.pipe(
          filter((e) => e.agentId === agentId),
          takeUntil(services.bus.endOfViewers$),
        ),
        {
          name: 'desk',
          heartbeatMs: services.config.server.sseHeartbeatMs,
          stillAllowed: () => services.auth.stillValid(principal),
          owner: { key: `${principal.kind}:${principal.id}`, maxPerOwner: services.config.server.sseMaxStreamsPerUser },
        },
      );
    },
  }),
];
