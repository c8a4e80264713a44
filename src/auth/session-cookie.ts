/**
 * The session cookie. Over HTTPS (served directly, or behind a trusted TLS-terminating proxy:
 * `server.trustProxy`) it is Secure and named with the `__Host-` prefix, which browsers accept
 * only from a secure origin, for the whole host, without a Domain: a sibling site or a plain
 * HTTP response cannot plant or overwrite it. Over plain HTTP (development) it keeps its plain
 * name, and a plain-name cookie is never read over HTTPS.
 */
import type { Context } from 'koa';

export const SESSION_COOKIE = 'tellerline_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Behind a trusted proxy the browser talks TLS to the proxy, whatever reaches us. */
export function secureOrigin(ctx: Context, trustProxy: boolean): boolean {
  return ctx.secure || trustProxy;
}

export function sessionCookieName(ctx: Context, trustProxy: boolean): string {
  return secureOrigin(ctx, trustProxy) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function readSessionCookie(ctx: Context, trustProxy: boolean): string | undefined {
  return ctx.cookies.get(sessionCookieName(ctx, trustProxy));
}

/** Sets (or, with an empty value and a past date, clears) the session cookie. */
export function writeSessionCookie(ctx: Context, trustProxy: boolean, value: string, expires: Date): void {
  const secure = secureOrigin(ctx, trustProxy);
  // The proxy speaks TLS to the browser: let the cookie library mark it Secure over our hop.
  if (secure) (ctx.cookies as unknown as { secure: boolean }).secure = true;
  ctx.cookies.set(sessionCookieName(ctx, trustProxy), value, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires, overwrite: true });
}
