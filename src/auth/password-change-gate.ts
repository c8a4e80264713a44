/**
 * An operator who must set their own password (an account made by create-admin) may, until they
 * do, only see who they are, change the password and log out: every other route answers 403
 * password_change_required. API tokens have no password and pass.
 */
import type { Context, Next } from 'koa';
import type { Knex } from 'knex';
import { AuthError } from './auth-errors.js';
import { passwordChangeRepo } from './store/password-change-repo.js';
import type { Principal } from './principal.js';

/** The routes (paths under /api/v1) a held operator may still use; every other one may answer password_change_required. */
export const PASSWORD_CHANGE_EXEMPT: ReadonlySet<string> = new Set(['/auth/me', '/auth/password', '/auth/logout']);

export function passwordChangeGate(db: Knex, prefix: string) {
  return async function requireOwnPassword(ctx: Context, next: Next): Promise<void> {
    const principal = ctx.state['principal'] as Principal | undefined;
    if (principal?.kind === 'operator' && !PASSWORD_CHANGE_EXEMPT.has(ctx.path.slice(prefix.length)) && (await passwordChangeRepo.isRequired(db, principal.id))) {
      throw new AuthError('password_change_required', 'set your own password first (POST /api/v1/auth/password)');
    }
    await next();
  };
}
