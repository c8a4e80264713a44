/**
 * GET /acd/desk/events: the agent desk's live stream (Server-Sent Events) for the operator's
 * own seat: offers and screen pops (calling number, IVR data, the customer's masked profile,
 * recent contacts), state changes and call progress. Screen pops hold customer data, so they
 * travel only here, to the one agent whose phone rings, never on the general event bus.
 */
import { PassThrough } from 'node:stream';
import { filter, takeUntil } from 'rxjs';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { runtimeOf } from './common.js';

const MAX_BUFFERED_BYTES = 1024 * 1024;

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
      runtime.acd.agentRecord(agentId);
      const stream = new PassThrough();
      koa.req.socket.setTimeout(0);
      koa.req.socket.setNoDelay(true);
      koa.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      koa.status = 200;
      koa.body = stream;
      stream.write(': tellerline desk\nretry: 3000\n\n');
      let sequence = 0;
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        subscription.unsubscribe();
        stream.end();
      };
      const write = (chunk: string) => {
        if (closed) return;
        if (stream.writableLength > MAX_BUFFERED_BYTES) {
          close();
          return;
        }
        stream.write(chunk);
      };
      const subscription = runtime.acd.desk$
        .pipe(
          filter((e) => e.agentId === agentId),
          takeUntil(services.bus.endOfViewers$),
        )
        .subscribe({ next: (e) => write(`id: ${++sequence}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`), complete: close });
      const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), services.config.server.sseHeartbeatMs);
      heartbeat.unref();
      koa.req.once('close', close);
      stream.once('error', close);
    },
  }),
];
