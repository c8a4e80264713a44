/**
 * One Server-Sent Events response: `id` + `event: <type>` + `data: <json>` per event, a comment
 * line every `heartbeatMs` so proxies keep the connection open. The stream ends when the client
 * goes away, when `events$` completes (the server shutting down), or when the client reads so
 * slowly that more than a megabyte waits for it (it reconnects and starts fresh).
 *
 * A stream outlives the request that opened it, so its permission is checked again at every
 * heartbeat (`stillAllowed`): after log-out, disabling, a role or seat change it ends. Each
 * owner may hold `maxPerOwner` streams at once; one more is refused with 429.
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type { Observable } from 'rxjs';
import { DomainError } from './domain-error.js';
import { platformErrors } from './errors.js';

const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface SseOptions {
  /** Named in the opening comment line. */
  name: string;
  heartbeatMs: number;
  /** Told when a slow client's stream is closed. */
  onTooSlow?: () => void;
  /** Checked at every heartbeat: false (or a failure) ends the stream. */
  stillAllowed?: () => Promise<boolean>;
  /** Whose stream it is (e.g. `operator:<id>`), and how many such streams may be open at once. */
  owner?: { key: string; maxPerOwner: number };
}

/** Open streams per owner, in this process. */
const openStreams = new Map<string, number>();

export class TooManyStreamsError extends DomainError {
  constructor(max: number) {
    super(platformErrors.too_many_streams, `at most ${max} event streams may be open at once; close one first`);
  }
}

export function streamEvents(koa: Context, events$: Observable<{ type: string }>, options: SseOptions): void {
  const owner = options.owner;
  if (owner && (openStreams.get(owner.key) ?? 0) >= owner.maxPerOwner) throw new TooManyStreamsError(owner.maxPerOwner);
  if (owner) openStreams.set(owner.key, (openStreams.get(owner.key) ?? 0) + 1);
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
    if (owner) {
      const left = (openStreams.get(owner.key) ?? 1) - 1;
      if (left > 0) openStreams.set(owner.key, left);
      else openStreams.delete(owner.key);
    }
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
  let checking = false;
  const beat = async () => {
    if (options.stillAllowed && !checking) {
      checking = true;
      const allowed = await options.stillAllowed().catch(() => false);
      checking = false;
      if (!allowed) {
        write('event: end\ndata: {"type":"end","reason":"permission_changed"}\n\n');
        close();
        return;
      }
    }
    write(`: heartbeat ${new Date().toISOString()}\n\n`);
  };
  const heartbeat = setInterval(() => void beat(), options.heartbeatMs);
  heartbeat.unref();
  koa.req.once('close', close);
  stream.once('error', close);
}
