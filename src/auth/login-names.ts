/**
 * Which operator a log-in name means. User names are unique per tenant, so a name may exist in
 * several tenants: `name@tenantcode` names one exactly; a bare name means the first operator
 * (oldest) that took it, so an operator created later in another tenant never takes over, or
 * locks out, an existing log-in. Operators whose name another tenant had first log in with
 * `name@tenantcode`.
 */
import type { Knex } from 'knex';
import { tenantsRepo } from '../tenants/store/tenants-repo.js';
import { operatorsRepo, type OperatorWithSecret } from './store/operators-repo.js';

export async function operatorForLogin(db: Knex, loginName: string): Promise<OperatorWithSecret | undefined> {
  const at = loginName.lastIndexOf('@');
  if (at > 0 && at < loginName.length - 1) {
    const tenant = await tenantsRepo.getByCode(db, loginName.slice(at + 1));
    const qualified = tenant ? await operatorsRepo.getWithSecretByTenantAndUsername(db, tenant.id, loginName.slice(0, at)) : undefined;
    if (qualified) return qualified;
  }
  return operatorsRepo.getWithSecretByUsername(db, loginName);
}
