/**
 * GET /api/v1/events: live events as Server-Sent Events, filtered by tenant and role (see
 * visibility.ts). Each event is `event: <type>` + `data: <json>`; a comment line every
 * server.sseHeartbeatMs keeps proxies from closing the connection. The stream ends when the
 * client goes away, when the server shuts down, or when a client reads too slowly to keep up.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { filter, takeUntil } from 'rxjs';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { canSee } from './visibility.js';
import type { TellerlineEvent } from './types.js';

const MAX_BUFFERED_BYTES = 1024 * 1024;

export const eventRoutes: AnyRoute[] = [
  defineRoute({
    id: 'events.stream',
    method: 'GET',
    path: '/events',
    resource: 'events',
    summary: 'Live call, queue, agent and span events (text/event-stream)',
    description: 'Filtered by tenant and role: agents see their own calls and state plus queue summaries; span events reach supervisors and administrators only.',
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
    handler: async ({ koa, principal, services, query }) => {
      const viewer = principal!;
      const prefixes = query.types ? query.types.split(',').map((t) => t.trim()).filter(Boolean) : [];
      const wanted = (e: TellerlineEvent) => prefixes.length === 0 || prefixes.some((p) => e.type.startsWith(p));
      const stream = new PassThrough();
      koa.req.socket.setTimeout(0);
      koa.req.socket.setNoDelay(true);
      koa.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      koa.status = 200;
      koa.body = stream;
      stream.write(': tellerline events\nretry: 3000\n\n');

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
          services.logger.warn({ viewer: viewer.id }, 'SSE client too slow; closing its stream');
          close();
          return;
        }
        stream.write(chunk);
      };
      const subscription = services.bus.events$
        .pipe(
          filter((e) => canSee(viewer, e) && wanted(e)),
          takeUntil(services.bus.endOfViewers$),
        )
        .subscribe({
          next: (e) => write(`id: ${++sequence}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
          complete: close,
        });
      const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), services.config.server.sseHeartbeatMs);
      heartbeat.unref();
      koa.req.once('close', close);
      stream.once('error', close);
    },
  }),
];
