/**
 * What a principal's role lets it do, for built-in and custom roles alike: its permissions, how
 * much of the live event stream it sees and which recordings it hears. Resolved once per request
 * (see middleware.ts) so that a change to a custom role applies to the next request.
 */
import type { Knex } from 'knex';
import { ROLE_PERMISSIONS, isBuiltInRole, type Permission, type RoleAccess, type RoleName } from './permissions.js';
import type { Principal } from './principal.js';
import { customRolesRepo } from './store/custom-roles-repo.js';

export type { EventScope, RecordingScope, RoleAccess } from './permissions.js';

const NO_ACCESS: RoleAccess = { permissions: new Set(), eventScope: 'own_agent', recordingScope: 'own_teams' };

const BUILT_IN: ReadonlyMap<string, RoleAccess> = new Map(
  Object.entries(ROLE_PERMISSIONS).map(([role, permissions]) => [
    role,
    {
      permissions: new Set(permissions),
      eventScope: role === 'agent' ? 'own_agent' : 'tenant',
      recordingScope: role === 'supervisor' ? 'own_teams' : 'tenant',
    } satisfies RoleAccess,
  ]),
);

export function builtInAccess(role: RoleName): RoleAccess {
  return BUILT_IN.get(role) ?? NO_ACCESS;
}

/** Access of a role of a tenant; an unknown role (say, deleted since) grants nothing. */
export async function resolveRoleAccess(db: Knex, tenantId: string, role: RoleName): Promise<RoleAccess> {
  if (isBuiltInRole(role)) return builtInAccess(role);
  const custom = await customRolesRepo.get(db, tenantId, role);
  if (!custom) return NO_ACCESS;
  return { permissions: new Set(custom.permissions as Permission[]), eventScope: custom.eventScope, recordingScope: custom.recordingScope };
}

/** The principal's access: resolved by the middleware, or the built-in role's for principals made elsewhere. */
export function accessOf(principal: Principal): RoleAccess {
  return principal.access ?? builtInAccess(principal.role);
}

export function principalHas(principal: Principal, permission: Permission): boolean {
  return accessOf(principal).permissions.has(permission);
}

/** Permissions a tenant's custom role may hold: those of a bank administrator, never platform ones. */
export const CUSTOM_ROLE_PERMISSIONS: readonly Permission[] = ROLE_PERMISSIONS.bank_admin;

/**
 * Whether `principal` may hand `role` (with `access`) to an operator or token, or change one that
 * holds it. Platform administrators: any; bank administrators: what they always could plus any
 * custom role; anyone else with operators:write: only roles whose permissions are all theirs.
 */
export function mayAssign(principal: Principal, role: RoleName, access: RoleAccess): boolean {
  if (principal.role === 'platform_admin') return true;
  if (role === 'platform_admin') return false;
  if (principal.role === 'bank_admin') return true;
  if (isBuiltInRole(principal.role) || !principalHas(principal, 'operators:write')) return false;
  const own = accessOf(principal).permissions;
  return [...access.permissions].every((p) => own.has(p));
}
