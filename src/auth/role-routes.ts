/**
 * Roles as data: the five built-in roles (read-only) and each tenant's own roles, a permission
 * matrix with the scopes of the live view and of recordings. A custom role is given to operators
 * and API tokens like a built-in one; a change applies to their next request.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { pageOf, pageQueryShape, tenantQueryShape, isoTime } from '../http/schemas.js';
import { NotFoundError, platformErrors } from '../http/errors.js';
import { listQueryShape, pageInMemory } from '../http/list-query.js';
import { customRolesRepo, type CustomRole } from './store/custom-roles-repo.js';
import { PERMISSIONS, ROLES, isBuiltInRole, type Permission, type Role } from './permissions.js';
import { accessOf, builtInAccess, CUSTOM_ROLE_PERMISSIONS } from './role-access.js';
import { AuthError, authErrors } from './auth-errors.js';
import type { Principal } from './principal.js';
import { roleKeySchema } from './schemas.js';

/** More would make the role list a database list; a bank has a handful. */
export const MAX_CUSTOM_ROLES = 200;

const BUILT_IN_NAMES: Readonly<Record<Role, { name: string; description: string }>> = {
  platform_admin: { name: 'Platform administrator', description: 'Runs the platform: every tenant, every permission' },
  bank_admin: { name: 'Bank administrator', description: 'Administers one bank: operators, tokens, roles, IVR, fax, ACD' },
  supervisor: { name: 'Supervisor', description: 'Watches and helps the agents of the teams they look after' },
  agent: { name: 'Agent', description: 'Answers calls at their own seat' },
  auditor: { name: 'Auditor', description: 'Reads records, the audit log and recordings; no live view' },
};

const eventScope = z.enum(['tenant', 'own_agent']).describe("live events: the whole tenant, or only the operator's own agent (and queue summaries)");
const recordingScope = z.enum(['tenant', 'own_teams']).describe('team scope of recordings, monitoring, force release, the real-time view and live events: the whole tenant, or the teams the operator supervises');

const roleSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean().describe('built-in roles cannot be changed or deleted'),
    permissions: z.array(z.enum(PERMISSIONS)),
    eventScope,
    recordingScope,
    createdAt: isoTime.nullable(),
    updatedAt: isoTime.nullable(),
  })
  .strict();
type RoleView = z.output<typeof roleSchema>;

const createBody = z
  .object({
    key: roleKeySchema.describe('stable key operators and tokens refer to (lower_snake_case)'),
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).default(''),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
    eventScope: eventScope.default('own_agent'),
    recordingScope: recordingScope.default('own_teams'),
  })
  .strict();

const updateBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(500).optional(),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
    eventScope: eventScope.optional(),
    recordingScope: recordingScope.optional(),
  })
  .strict();

const keyParams = z.object({ key: roleKeySchema }).strict();

function builtInView(role: Role): RoleView {
  const access = builtInAccess(role);
  return { key: role, ...BUILT_IN_NAMES[role], builtIn: true, permissions: [...access.permissions], eventScope: access.eventScope, recordingScope: access.recordingScope, createdAt: null, updatedAt: null };
}

function customView(role: CustomRole): RoleView {
  return {
    key: role.key,
    name: role.name,
    description: role.description,
    builtIn: false,
    permissions: role.permissions.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)),
    eventScope: role.eventScope,
    recordingScope: role.recordingScope,
    createdAt: role.createdAt,
    updatedAt: role.updatedAt,
  };
}

/** Built-in roles a tenant can use: the platform role only on the platform tenant's list. */
function builtInsFor(principal: Principal, tenantId: string): Role[] {
  return ROLES.filter((r) => r !== 'platform_admin' || (principal.role === 'platform_admin' && tenantId === principal.tenantId));
}

/**
 * Permissions a custom role may hold: a bank administrator's, and — for a custom role that
 * edits roles — only those its editor holds itself, so nobody grants more than they have.
 */
function checkGrantable(principal: Principal, permissions: readonly Permission[]): void {
  const outside = permissions.filter((p) => !CUSTOM_ROLE_PERMISSIONS.includes(p));
  if (outside.length) {
    throw new AuthError('permission_not_grantable', `a tenant's role cannot hold ${outside.join(', ')}`, { details: outside.map((p) => ({ path: 'body.permissions', message: `${p} is a platform permission` })) });
  }
  if (principal.role === 'platform_admin' || principal.role === 'bank_admin') return;
  const own = accessOf(principal).permissions;
  const notOwn = permissions.filter((p) => !own.has(p));
  if (notOwn.length) throw new AuthError('role_forbidden', `you cannot grant permissions you do not hold: ${notOwn.join(', ')}`);
}

function refuseBuiltIn(key: string): void {
  if (isBuiltInRole(key)) throw new AuthError('built_in_role', `${key} is a built-in role: it cannot be changed or deleted`);
}

export const roleRoutes: AnyRoute[] = [
  defineRoute({
    id: 'roles.list',
    method: 'GET',
    path: '/roles',
    resource: 'roles',
    summary: "List the roles of the tenant: the built-in ones and the tenant's own (paged, sorted, searched)",
    access: 'roles:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        ...listQueryShape(['key', 'name', 'updatedAt'] as const),
        builtIn: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('only built-in (true) or only custom (false) roles'),
      })
      .strict(),
    response: pageOf(roleSchema),
    handler: async ({ db, query, principal, scopeTenant }) => {
      const tenantId = scopeTenant(query.tenantId);
      const all = [...builtInsFor(principal!, tenantId).map(builtInView), ...(await customRolesRepo.all(db, tenantId)).map(customView)].filter((r) => query.builtIn === undefined || r.builtIn === query.builtIn);
      return pageInMemory(all, {
        ...query,
        defaultSort: 'key',
        searchIn: (r) => [r.key, r.name, r.description],
        sortBy: (r, field) => (field === 'name' ? r.name : field === 'updatedAt' ? r.updatedAt : r.key),
      });
    },
  }),
  defineRoute({
    id: 'roles.permissions',
    method: 'GET',
    path: '/role-permissions',
    resource: 'roles',
    summary: 'Every permission, and whether a custom role may hold it (the columns of the matrix)',
    access: 'roles:read',
    response: z.object({ items: z.array(z.object({ permission: z.enum(PERMISSIONS), grantable: z.boolean() }).strict()) }).strict(),
    handler: async () => ({ items: PERMISSIONS.map((permission) => ({ permission, grantable: CUSTOM_ROLE_PERMISSIONS.includes(permission) })) }),
  }),
  defineRoute({
    id: 'roles.get',
    method: 'GET',
    path: '/roles/:key',
    resource: 'roles',
    summary: 'One role',
    access: 'roles:read',
    params: keyParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: roleSchema,
    errors: [platformErrors.not_found],
    handler: async ({ db, params, query, scopeTenant }) => {
      if (isBuiltInRole(params.key)) return builtInView(params.key);
      const role = await customRolesRepo.get(db, scopeTenant(query.tenantId), params.key);
      if (!role) throw new NotFoundError('role');
      return customView(role);
    },
  }),
  defineRoute({
    id: 'roles.create',
    method: 'POST',
    path: '/roles',
    resource: 'roles',
    summary: "Create a custom role: its permissions and the scopes of its live view and recordings",
    access: 'roles:write',
    query: z.object({ ...tenantQueryShape }).strict(),
    body: createBody,
    example: { body: { key: 'teller_lead', name: 'Teller lead', description: 'Reads call records and the live view', permissions: ['cdr:read', 'events:read', 'acd:read'], eventScope: 'tenant', recordingScope: 'own_teams' } },
    response: roleSchema,
    successStatus: 201,
    errors: [authErrors.role_exists, authErrors.too_many_roles, authErrors.permission_not_grantable, authErrors.role_forbidden],
    handler: async ({ db, body, query, principal, scopeTenant, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      if (isBuiltInRole(body.key)) throw new AuthError('role_exists', `${body.key} is the key of a built-in role`);
      checkGrantable(principal!, body.permissions);
      if (await customRolesRepo.get(db, tenantId, body.key)) throw new AuthError('role_exists', `the tenant already has a role ${body.key}`);
      if ((await customRolesRepo.count(db, tenantId)) >= MAX_CUSTOM_ROLES) throw new AuthError('too_many_roles', `a tenant has at most ${MAX_CUSTOM_ROLES} custom roles`);
      const created = await customRolesRepo.insert(db, { id: randomUUID(), tenantId, key: body.key, name: body.name, description: body.description, permissions: [...new Set(body.permissions)], eventScope: body.eventScope, recordingScope: body.recordingScope });
      const view = customView(created);
      await audit({ targetId: created.key, tenantId, after: view });
      return view;
    },
  }),
  defineRoute({
    id: 'roles.update',
    method: 'PATCH',
    path: '/roles/:key',
    resource: 'roles',
    summary: "Change a custom role (name, description, permissions, scopes); its holders' next requests follow",
    access: 'roles:write',
    params: keyParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    body: updateBody,
    example: { body: { name: 'Teller lead (branch)' } },
    response: roleSchema,
    errors: [platformErrors.not_found, authErrors.built_in_role, authErrors.self_change, authErrors.permission_not_grantable, authErrors.role_forbidden],
    handler: async ({ db, params, body, query, principal, scopeTenant, audit }) => {
      refuseBuiltIn(params.key);
      const tenantId = scopeTenant(query.tenantId);
      const before = await customRolesRepo.get(db, tenantId, params.key);
      if (!before) throw new NotFoundError('role');
      if (principal!.role === params.key) throw new AuthError('self_change', 'you cannot change your own role');
      checkGrantable(principal!, before.permissions as Permission[]);
      if (body.permissions) checkGrantable(principal!, body.permissions);
      const after = (await customRolesRepo.update(db, tenantId, params.key, { ...body, ...(body.permissions ? { permissions: [...new Set(body.permissions)] } : {}) }))!;
      const view = customView(after);
      await audit({ targetId: params.key, tenantId, before: customView(before), after: view });
      return view;
    },
  }),
  defineRoute({
    id: 'roles.delete',
    method: 'DELETE',
    path: '/roles/:key',
    resource: 'roles',
    summary: 'Delete a custom role that no operator or live API token holds',
    access: 'roles:write',
    params: keyParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: null,
    errors: [platformErrors.not_found, authErrors.built_in_role, authErrors.role_in_use, authErrors.permission_not_grantable, authErrors.role_forbidden],
    handler: async ({ db, params, query, principal, scopeTenant, audit }) => {
      refuseBuiltIn(params.key);
      const tenantId = scopeTenant(query.tenantId);
      const before = await customRolesRepo.get(db, tenantId, params.key);
      if (!before) throw new NotFoundError('role');
      checkGrantable(principal!, before.permissions as Permission[]);
      const holders = await customRolesRepo.holders(db, tenantId, params.key);
      if (holders > 0) throw new AuthError('role_in_use', `${holders} operator(s) or API token(s) hold the role; give them another role first`);
      await customRolesRepo.delete(db, tenantId, params.key);
      await audit({ targetId: params.key, tenantId, before: customView(before) });
    },
  }),
];
