/**
 * An operator who must set their own password (an account made by create-admin) may, until they
 * do, only see who they are, change the password and log out: every other route answers 403
 * password_change_required. API tokens have no password and pass.
 */
import type { Context, Next } from 'koa';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors.js';
import { passwordChangeRepo } from '../store/repositories/password-change.js';
import type { Principal } from './principal.js';

const ALLOWED = new Set(['/auth/me', '/auth/password', '/auth/logout']);

export function passwordChangeGate(db: Knex, prefix: string) {
  return async function requireOwnPassword(ctx: Context, next: Next): Promise<void> {
    const principal = ctx.state['principal'] as Principal | undefined;
    if (principal?.kind === 'operator' && !ALLOWED.has(ctx.path.slice(prefix.length)) && (await passwordChangeRepo.isRequired(db, principal.id))) {
      throw new HttpError(403, 'password_change_required', 'set your own password first (POST /api/v1/auth/password)');
    }
    await next();
  };
}
