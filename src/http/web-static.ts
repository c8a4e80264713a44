/**
 * Serves the built web application (web/dist): hashed files under /assets/ cached for a year
 * (their name changes with their content), index.html never cached, and index.html for every
 * other GET outside /api, /healthz, /readyz and /metrics so the browser's router can take the
 * path. Every answer carries the Content-Security-Policy the application was built to satisfy.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';

// antd injects its styles at run time, hence 'unsafe-inline' for styles only.
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const NOT_THE_APP = /^\/(api|healthz|readyz|metrics)(\/|$)/;

/** web/dist beside the server's sources (src/http → ../../web/dist). */
export function defaultWebDir(): string {
  return fileURLToPath(new URL('../../web/dist/', import.meta.url));
}

/** The middleware, or null when there is no built application in `dir` (the server is then API-only). */
export function webStatic(dir: string): ((ctx: Context, next: Next) => Promise<void>) | null {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return null;

  const send = (ctx: Context, file: string, cache: string) => {
    const stat = statSync(file);
    ctx.set('Cache-Control', cache);
    ctx.set('Content-Security-Policy', WEB_CSP);
    ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    ctx.length = stat.size;
    ctx.lastModified = stat.mtime;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
    ctx.status = 200;
  };

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || NOT_THE_APP.test(ctx.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    const file = normalize(join(root, path));
    const inside = file.startsWith(root + sep);
    const isFile = inside && existsSync(file) && statSync(file).isFile();
    if (path.startsWith('/assets/')) {
      if (!isFile) return next(); // a missing hashed file is a 404, never index.html
      send(ctx, file, 'public, max-age=31536000, immutable');
      return;
    }
    send(ctx, isFile ? file : index, 'no-cache');
  };
}
