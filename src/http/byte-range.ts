/**
 * Serving a file with HTTP Range support (RFC 9110): browsers seek in <audio> with
 * `Range: bytes=start-end` and expect 206 with Content-Range; a range past the end gets 416.
 */
import { createReadStream } from 'node:fs';
import type { Context } from 'koa';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** The single range asked for; undefined for no (or an unusable multi-range) header; null when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | null {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/** Sends `path` (of `size` bytes) as `type`, whole (200) or the requested range (206/416). */
export function sendFileWithRanges(ctx: Context, path: string, size: number, type: string, disposition: string): void {
  const range = parseRange(ctx.get('range') || undefined, size);
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Content-Disposition', disposition);
  if (range === null) {
    // Koa turns a null body into 204: give the 416 a short text body.
    ctx.body = 'requested range not satisfiable';
    ctx.status = 416;
    ctx.set('Content-Range', `bytes */${size}`);
    return;
  }
  ctx.type = type;
  if (range === undefined) {
    ctx.status = 200;
    ctx.length = size;
    ctx.body = createReadStream(path);
    return;
  }
  ctx.status = 206;
  ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  ctx.length = range.end - range.start + 1;
  ctx.body = createReadStream(path, { start: range.start, end: range.end });
}
