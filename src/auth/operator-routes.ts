/**
 * Operators (staff accounts) of a tenant: list, create, read, update, delete, unlock.
 * Bank administrators manage their own tenant; platform administrators any tenant.
 * Objects of another tenant answer 404, exactly as objects that do not exist.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute, type RouteContext } from '../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { AuthError, authErrors } from './auth-errors.js';
import { operatorsRepo, OPERATOR_SORTS, type Operator, type OperatorSort } from './store/operators-repo.js';
import { sessionsRepo } from './store/sessions-repo.js';
import { checkRoleForTenant, mayManageHolder } from './role-assignment.js';
import { operatorSchema, operatorView, passwordInput, roleSchema, usernameSchema } from './schemas.js';

const createBody = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    role: roleSchema,
    password: passwordInput,
    agentId: z.string().min(1).max(64).nullable().optional(),
    tenantId: z.uuid().optional().describe('platform administrators only: the tenant of the new operator'),
  })
  .strict();

const updateBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    agentId: z.string().min(1).max(64).nullable().optional(),
    disabled: z.boolean().optional(),
    password: passwordInput.optional().describe('reset the password; the operator\'s sessions end'),
  })
  .strict();

/** The operator if it exists and the caller may see it; 404 otherwise (no hint of other tenants). */
async function loadVisible(ctx: RouteContext<unknown, unknown, unknown>, id: string): Promise<Operator> {
  const operator = await operatorsRepo.get(ctx.db, id);
  const p = ctx.principal!;
  if (!operator || (operator.tenantId !== p.tenantId && p.role !== 'platform_admin')) throw new NotFoundError('operator');
  return operator;
}

export const operatorRoutes: AnyRoute[] = [
  defineRoute({
    id: 'operators.list',
    method: 'GET',
    path: '/operators',
    resource: 'operators',
    summary: 'List operators of the tenant',
    access: 'operators:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        role: roleSchema.optional(),
        search: z.string().min(1).max(64).optional().describe('part of the user name or display name, any case'),
        sort: z.enum(Object.keys(OPERATOR_SORTS) as [OperatorSort, ...OperatorSort[]]).optional().describe('field to order by; a leading - for descending (default username)'),
      })
      .strict(),
    response: pageOf(operatorSchema),
    handler: async ({ db, query, scopeTenant }) => {
      const page = await operatorsRepo.list(db, scopeTenant(query.tenantId), query, { role: query.role, search: query.search, sort: query.sort });
      return { ...page, items: page.items.map(operatorView) };
    },
  }),
  defineRoute({
    id: 'operators.create',
    method: 'POST',
    path: '/operators',
    resource: 'operators',
    summary: 'Create an operator',
    access: 'operators:write',
    errors: [platformErrors.not_found, authErrors.role_forbidden, authErrors.role_tenant_mismatch, authErrors.unknown_role],
    body: createBody,
    example: { body: { username: 'teller.wang', displayName: 'Wang Li', role: 'agent', password: 'Teller-Pass-2024', agentId: '8001' } },
    response: operatorSchema,
    successStatus: 201,
    handler: async (ctx) => {
      const { db, body, services, audit, scopeTenant } = ctx;
      const p = ctx.principal!;
      const tenantId = scopeTenant(body.tenantId);
      await checkRoleForTenant(db, p, body.role, tenantId);
      services.auth.checkPasswordPolicy(body.password, body.username);
      const created = await operatorsRepo.insert(db, {
        id: randomUUID(),
        tenantId,
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        agentId: body.agentId ?? null,
        passwordHash: await services.auth.hashPassword(body.password),
      });
      const view = operatorView(created);
      await audit({ targetId: created.id, tenantId, after: view });
      return view;
    },
  }),
  defineRoute({
    id: 'operators.get',
    method: 'GET',
    path: '/operators/:id',
    resource: 'operators',
    summary: 'One operator',
    access: 'operators:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: operatorSchema,
    handler: async (ctx) => operatorView(await loadVisible(ctx, ctx.params.id)),
  }),
  defineRoute({
    id: 'operators.update',
    method: 'PATCH',
    path: '/operators/:id',
    resource: 'operators',
    summary: 'Change an operator: name, role, agent id, disabled, password reset',
    access: 'operators:write',
    errors: [platformErrors.not_found, authErrors.role_forbidden, authErrors.role_tenant_mismatch, authErrors.self_change, authErrors.unknown_role],
    params: idParams,
    body: updateBody,
    example: { body: { displayName: 'Wang Li (team 2)' } },
    response: operatorSchema,
    handler: async (ctx) => {
      const { db, body, services, audit, params } = ctx;
      const p = ctx.principal!;
      const before = await loadVisible(ctx, params.id);
      if (!(await mayManageHolder(db, p, before.role, before.tenantId))) throw new AuthError('role_forbidden', `a ${p.role} cannot change a ${before.role}`);
      if (body.role !== undefined && body.role !== before.role) {
        if (before.id === p.id) throw new AuthError('self_change', 'you cannot change your own role');
        await checkRoleForTenant(db, p, body.role, before.tenantId);
      }
      if (body.disabled === true && before.id === p.id) throw new AuthError('self_change', 'you cannot disable yourself');
      let passwordHash: string | undefined;
      if (body.password !== undefined) {
        services.auth.checkPasswordPolicy(body.password, before.username);
        passwordHash = await services.auth.hashPassword(body.password);
        const replaced = await operatorsRepo.getWithSecret(db, before.id);
        if (replaced) await services.auth.rememberReplacedPassword(db, before.id, replaced.passwordHash);
      }
      const after = (await operatorsRepo.update(db, before.id, {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.agentId !== undefined ? { agentId: body.agentId } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        // A password an administrator set is known to two people: its owner must replace it.
        ...(passwordHash ? { passwordHash, mustChangePassword: before.id !== p.id } : {}),
      }))!;
      if (passwordHash || body.disabled === true || (body.role !== undefined && body.role !== before.role)) {
        await sessionsRepo.deleteForOperator(db, before.id);
      }
      const view = operatorView(after);
      await audit({ targetId: before.id, tenantId: before.tenantId, before: operatorView(before), after: { ...view, passwordReset: passwordHash !== undefined } });
      return view;
    },
  }),
  defineRoute({
    id: 'operators.delete',
    method: 'DELETE',
    path: '/operators/:id',
    resource: 'operators',
    summary: 'Delete an operator',
    access: 'operators:write',
    errors: [platformErrors.not_found, authErrors.role_forbidden, authErrors.self_change],
    params: idParams,
    response: null,
    handler: async (ctx) => {
      const p = ctx.principal!;
      const before = await loadVisible(ctx, ctx.params.id);
      if (before.id === p.id) throw new AuthError('self_change', 'you cannot delete yourself');
      if (!(await mayManageHolder(ctx.db, p, before.role, before.tenantId))) throw new AuthError('role_forbidden', `a ${p.role} cannot delete a ${before.role}`);
      await operatorsRepo.delete(ctx.db, before.id);
      await ctx.audit({ targetId: before.id, tenantId: before.tenantId, before: operatorView(before) });
    },
  }),
  defineRoute({
    id: 'operators.unlock',
    method: 'POST',
    path: '/operators/:id/unlock',
    resource: 'operators',
    summary: 'Unlock an operator locked out by failed logins',
    access: 'operators:write',
    errors: [platformErrors.not_found],
    params: idParams,
    response: operatorSchema,
    handler: async (ctx) => {
      const before = await loadVisible(ctx, ctx.params.id);
      await operatorsRepo.unlock(ctx.db, before.id);
      const after = operatorView((await operatorsRepo.get(ctx.db, before.id))!);
      await ctx.audit({ targetId: before.id, tenantId: before.tenantId, before: operatorView(before), after });
      return after;
    },
  }),
];
