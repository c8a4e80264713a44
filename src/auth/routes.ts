/**
 * Login, logout, who am I, change my password.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { isoTime } from '../http/schemas.js';
import { AuthError } from './auth-errors.js';
import { operatorsRepo } from './store/operators-repo.js';
import { writeSessionCookie } from './session-cookie.js';
import { PERMISSIONS } from './permissions.js';
import { accessOf } from './role-access.js';
import { operatorSchema, operatorView, passwordInput, roleSchema } from './schemas.js';
import { authErrors } from './auth-errors.js';

const loginBody = z.object({ username: z.string().min(1).max(64), password: passwordInput }).strict();

const loginResponse = z
  .object({
    operator: operatorSchema,
    csrfToken: z.string().describe('send it back in the x-csrf-token header on POST/PUT/PATCH/DELETE'),
    expiresAt: isoTime,
  })
  .strict();

const meResponse = z
  .object({
    kind: z.enum(['operator', 'token']),
    id: z.string(),
    name: z.string(),
    tenantId: z.uuid(),
    role: roleSchema,
    agentId: z.string().nullable(),
    permissions: z.array(z.enum(PERMISSIONS)),
    csrfToken: z.string().nullable(),
    operator: operatorSchema.nullable(),
    mustChangePassword: z.boolean().describe('set your own password (POST /auth/password) before anything else'),
    passwordExpired: z.boolean().describe('the password is older than the policy allows (one reason for mustChangePassword)'),
  })
  .strict();

const passwordBody = z.object({ currentPassword: passwordInput, newPassword: passwordInput }).strict();

export const authRoutes: AnyRoute[] = [
  defineRoute({
    id: 'auth.login',
    method: 'POST',
    path: '/auth/login',
    resource: 'auth',
    summary: 'Log in with a user name and password; sets the session cookie',
    description: 'Repeated failures lock the account (423). Unknown users and wrong passwords get the same 401.',
    access: 'public',
    errors: [authErrors.login_failed, authErrors.account_locked, authErrors.too_many_attempts],
    transaction: false,
    body: loginBody,
    example: { body: { username: 'admin', password: 'correct horse battery staple' } },
    response: loginResponse,
    handler: async ({ body, services, koa, ip, audit }) => {
      const outcome = await services.auth.login({ username: body.username, password: body.password, ip: ip || null, userAgent: koa.get('user-agent') || null });
      if (!outcome.ok) {
        const op = outcome.failure.operator;
        await audit({
          action: outcome.failure.lockedNow ? 'auth.lockout' : 'auth.login',
          outcome: 'failed',
          targetType: 'operators',
          targetId: op?.id ?? null,
          tenantId: op?.tenantId ?? null,
          actor: { kind: 'anonymous', id: null, name: body.username.slice(0, 100), tenantId: null },
          after: { reason: outcome.failure.reason },
        });
        throw new AuthError('login_failed', 'wrong user name or password');
      }
      const { operator, sessionId, csrfToken, expiresAt } = outcome.result;
      writeSessionCookie(koa, services.config.server.trustProxy, sessionId, expiresAt);
      await audit({
        targetType: 'operators',
        targetId: operator.id,
        tenantId: operator.tenantId,
        actor: { kind: 'operator', id: operator.id, name: operator.username, tenantId: operator.tenantId },
      });
      return { operator: operatorView(operator), csrfToken, expiresAt: expiresAt.toISOString() };
    },
  }),
  defineRoute({
    id: 'auth.logout',
    method: 'POST',
    path: '/auth/logout',
    resource: 'auth',
    summary: 'End the session',
    access: 'authenticated',
    response: null,
    handler: async ({ principal, services, koa, audit, db }) => {
      if (principal?.sessionIdHash) await services.auth.logout(db, principal.sessionIdHash);
      writeSessionCookie(koa, services.config.server.trustProxy, '', new Date(0));
      await audit({ targetType: 'operators', targetId: principal!.id });
    },
  }),
  defineRoute({
    id: 'auth.me',
    method: 'GET',
    path: '/auth/me',
    resource: 'auth',
    summary: 'Who am I: identity, role, permissions, CSRF token',
    access: 'authenticated',
    response: meResponse,
    handler: async ({ principal, db, services }) => {
      const p = principal!;
      const operator = p.kind === 'operator' ? await operatorsRepo.get(db, p.id) : undefined;
      return {
        kind: p.kind,
        id: p.id,
        name: p.name,
        tenantId: p.tenantId,
        role: p.role,
        agentId: p.agentId,
        permissions: [...accessOf(p).permissions],
        csrfToken: p.csrfToken ?? null,
        operator: operator ? operatorView(operator) : null,
        mustChangePassword: p.mustChangePassword ?? false,
        passwordExpired: operator ? services.auth.passwordExpired(operator) : false,
      };
    },
  }),
  defineRoute({
    id: 'auth.changePassword',
    method: 'POST',
    path: '/auth/password',
    resource: 'auth',
    summary: 'Change my own password (the current one must verify); my other sessions end',
    access: 'authenticated',
    errors: [authErrors.not_an_operator],
    body: passwordBody,
    example: { body: { currentPassword: 'old Password 1', newPassword: 'new Password 22' } },
    response: operatorSchema,
    handler: async ({ principal, body, services, db, audit, koa, ip }) => {
      const p = principal!;
      if (p.kind !== 'operator') throw new AuthError('not_an_operator', 'API tokens have no password');
      const before = await operatorsRepo.get(db, p.id);
      const changed = await services.auth.changeOwnPassword(db, p.id, body.currentPassword, body.newPassword, { ip: ip || null, userAgent: koa.get('user-agent') || null });
      const after = changed.operator;
      if (changed.session) {
        // The session goes on under a new id: a new cookie, and its CSRF token in a header.
        writeSessionCookie(koa, services.config.server.trustProxy, changed.session.sessionId, changed.session.expiresAt);
        koa.set('X-CSRF-Token', changed.session.csrfToken);
      }
      await audit({ targetType: 'operators', targetId: p.id, before: { passwordChangedAt: before?.passwordChangedAt }, after: { passwordChangedAt: after.passwordChangedAt } });
      return operatorView(after);
    },
  }),
];
