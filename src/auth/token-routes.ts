/**
 * API tokens for machine clients (wallboards, integrations): create (the token is shown once),
 * list, revoke. A token acts with its role within its tenant.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { AuthError, authErrors } from './auth-errors.js';
import { apiTokensRepo } from './store/api-tokens-repo.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { checkAssignable } from './role-assignment.js';
import { apiTokenSchema, apiTokenView, roleSchema } from './schemas.js';

const createBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    tenantId: z.uuid().optional().describe('platform administrators only'),
  })
  .strict();

const createResponse = z
  .object({
    token: z.string().describe('the secret: shown this once, send it as Authorization: Bearer <token>'),
    apiToken: apiTokenSchema,
  })
  .strict();

export const tokenRoutes: AnyRoute[] = [
  defineRoute({
    id: 'apiTokens.list',
    method: 'GET',
    path: '/api-tokens',
    resource: 'apiTokens',
    summary: 'List API tokens of the tenant (never their secrets)',
    access: 'tokens:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape }).strict(),
    response: pageOf(apiTokenSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await apiTokensRepo.list(db, scopeTenant(query.tenantId), query);
      return { ...page, items: page.items.map(apiTokenView) };
    },
  }),
  defineRoute({
    id: 'apiTokens.create',
    method: 'POST',
    path: '/api-tokens',
    resource: 'apiTokens',
    summary: 'Create an API token; the response holds the token, shown only this once',
    access: 'tokens:write',
    errors: [platformErrors.not_found, authErrors.role_forbidden, authErrors.role_tenant_mismatch, authErrors.unknown_role, authErrors.token_cannot_create_tokens],
    body: createBody,
    example: { body: { name: 'wallboard', role: 'supervisor', expiresInDays: 365 } },
    response: createResponse,
    successStatus: 201,
    handler: async ({ db, body, principal, services, audit, scopeTenant }) => {
      const p = principal!;
      // Only people make tokens: a leaked token cannot mint itself successors that outlive its revocation.
      if (p.kind !== 'operator') throw new AuthError('token_cannot_create_tokens', 'API tokens are created by an operator, not by another token');
      const tenantId = scopeTenant(body.tenantId);
      await checkAssignable(db, p, body.role, tenantId);
      const tenant = await tenantsRepo.get(db, tenantId);
      if (!tenant) throw new NotFoundError('tenant');
      if (body.role === 'platform_admin' && tenant.kind !== 'platform') {
        throw new AuthError('role_tenant_mismatch', 'platform administrator tokens belong to the platform tenant');
      }
      const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
      const { token, record } = await services.auth.createApiToken(db, { tenantId, name: body.name, role: body.role, createdBy: p.id, expiresAt });
      const view = apiTokenView(record);
      await audit({ targetId: record.id, tenantId, after: view });
      return { token, apiToken: view };
    },
  }),
  defineRoute({
    id: 'apiTokens.revoke',
    method: 'DELETE',
    path: '/api-tokens/:id',
    resource: 'apiTokens',
    summary: 'Revoke an API token',
    access: 'tokens:write',
    errors: [platformErrors.not_found],
    params: idParams,
    response: null,
    handler: async ({ db, params, principal, audit }) => {
      const p = principal!;
      const before = await apiTokensRepo.get(db, params.id);
      if (!before || (before.tenantId !== p.tenantId && p.role !== 'platform_admin')) throw new NotFoundError('API token');
      await apiTokensRepo.revoke(db, before.id);
      const after = await apiTokensRepo.get(db, before.id);
      await audit({ targetId: before.id, tenantId: before.tenantId, before: apiTokenView(before), after: after ? apiTokenView(after) : null });
    },
  }),
];
