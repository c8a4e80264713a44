/**
 * One Server-Sent Events response: `id` + `event: <type>` + `data: <json>` per event, a comment
 * line every `heartbeatMs` so proxies keep the connection open. The stream ends when the client
 * goes away, when `events$` completes (the server shutting down), or when the client reads so
 * slowly that more than a megabyte waits for it (it reconnects and starts fresh).
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type { Observable } from 'rxjs';

const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface SseOptions {
  /** Named in the opening comment line. */
  name: string;
  heartbeatMs: number;
  /** Told when a slow client's stream is closed. */
  onTooSlow?: () => void;
}

export function streamEvents(koa: Context, events$: Observable<{ type: string }>, options: SseOptions): void {
  const stream = new PassThrough();
  koa.req.socket.setTimeout(0);
  koa.req.socket.setNoDelay(true);
  koa.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  koa.status = 200;
  koa.body = stream;
  stream.write(`: tellerline ${options.name}\nretry: 3000\n\n`);

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
      options.onTooSlow?.();
      close();
      return;
    }
    stream.write(chunk);
  };
  const subscription = events$.subscribe({
    next: (e) => write(`id: ${++sequence}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
    complete: close,
  });
  const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), options.heartbeatMs);
  heartbeat.unref();
  koa.req.once('close', close);
  stream.once('error', close);
}
