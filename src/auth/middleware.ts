/**
 * Who is calling: an API token (Authorization: Bearer tlk_...) or a session cookie. Sets
 * ctx.state.principal; leaves it unset for anonymous requests (routes decide whether that is
 * acceptable). A Bearer header that does not authenticate is an error rather than anonymous,
 * so a machine client with a revoked token learns it at once.
 */
import type { Context, Next } from 'koa';
import type { Knex } from 'knex';
import type { AuthService } from './service.js';
import { readSessionCookie } from './session-cookie.js';
import { AuthError } from './auth-errors.js';
import type { Principal } from './principal.js';
import { resolveRoleAccess } from './role-access.js';

/** With `db`, the principal's role (built-in or the tenant's own) is resolved into `principal.access`. */
export function authenticate(auth: AuthService, trustProxy = false, db?: Knex) {
  const withAccess = async (principal: Principal): Promise<Principal> => (db ? { ...principal, access: await resolveRoleAccess(db, principal.tenantId, principal.role) } : principal);
  return async function authenticateRequest(ctx: Context, next: Next): Promise<void> {
    const header = ctx.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await auth.fromApiToken(match[1]!) : undefined;
      if (!principal) throw new AuthError('invalid_token', 'invalid, expired or revoked API token');
      ctx.state['principal'] = await withAccess(principal);
      return next();
    }
    const sessionId = readSessionCookie(ctx, trustProxy);
    if (sessionId) {
      const principal = await auth.fromSession(sessionId);
      if (principal) ctx.state['principal'] = await withAccess(principal);
    }
    return next();
  };
}
