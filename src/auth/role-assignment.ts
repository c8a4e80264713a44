/**
 * Giving a role to an operator or an API token: the role must exist in the target tenant (a
 * built-in role, or one of that tenant's custom roles) and the caller must be allowed to give it.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../http/errors.js';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { AuthError } from './auth-errors.js';
import { isBuiltInRole, type RoleName } from './permissions.js';
import type { Principal } from './principal.js';
import { mayAssign, resolveRoleAccess } from './role-access.js';
import { customRolesRepo } from './store/custom-roles-repo.js';

/** Refuses a role unknown to the tenant (unknown_role) or one the caller may not give (role_forbidden). */
export async function checkAssignable(db: Knex, principal: Principal, role: RoleName, tenantId: string): Promise<void> {
  if (!isBuiltInRole(role) && !(await customRolesRepo.get(db, tenantId, role))) {
    throw new AuthError('unknown_role', `the tenant has no role ${role}`, { details: [{ path: 'body.role', message: 'not a built-in role nor a custom role of this tenant' }] });
  }
  if (!mayAssign(principal, role, await resolveRoleAccess(db, tenantId, role))) throw new AuthError('role_forbidden', `a ${principal.role} cannot give the role ${role}`);
}

/** checkAssignable, and platform administrators belong to the platform tenant, and only they do. */
export async function checkRoleForTenant(db: Knex, principal: Principal, role: RoleName, tenantId: string): Promise<void> {
  await checkAssignable(db, principal, role, tenantId);
  const tenant = await tenantsRepo.get(db, tenantId);
  if (!tenant) throw new NotFoundError('tenant');
  if ((role === 'platform_admin') !== (tenant.kind === 'platform')) {
    throw new AuthError('role_tenant_mismatch', 'platform administrators belong to the platform tenant, and only they do');
  }
}

/** Whether the caller may change or remove an operator or token that holds `role`. */
export async function mayManageHolder(db: Knex, principal: Principal, role: RoleName, tenantId: string): Promise<boolean> {
  return mayAssign(principal, role, await resolveRoleAccess(db, tenantId, role));
}
