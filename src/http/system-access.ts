/**
 * Who may read the operational endpoints that need no log-in to the API (/metrics: every
 * tenant's gauges; the OpenAPI document: the whole surface). A direct connection from this
 * host (a local Prometheus agent, a health probe) may; anyone else needs, for /metrics, the
 * configured `server.metricsToken` as a Bearer token, and for the OpenAPI document a session
 * or API token. A request relayed by a trusted proxy on this host is not local.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLocalRequest(ctx: Context, trustProxy: boolean): boolean {
  const remote = ctx.req.socket.remoteAddress ?? '';
  if (!LOOPBACK.test(remote)) return false;
  return !(trustProxy && ctx.get('x-forwarded-for'));
}

/** True when the request carries `Authorization: Bearer <expected>` (compared in constant time). */
export function hasBearer(ctx: Context, expected: string | undefined): boolean {
  if (!expected) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(expected));
}
