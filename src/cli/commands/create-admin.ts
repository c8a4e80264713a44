import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Store } from '../../store/store.js';
import { defineCommand, EXIT } from '../command.js';
import { configFrom, reportFailure } from '../common.js';
import { hashPassword, passwordProblems } from '../../auth/password.js';
import { PLATFORM_TENANT_ID } from '../../tenants/platform.js';
import { passwordFromStdin, promptHidden } from '../prompt.js';

export default defineCommand({
  name: 'create-admin',
  summary: 'create a platform administrator, or a bank administrator of a tenant',
  usage: `Creates an administrator account. The password is read from standard input
(--password-stdin, first line) or typed at the terminal twice, never taken from the command
line. It must meet the password policy (security.passwordMinLength, passwordMinClasses).

  tellerline create-admin --username root
  printf '%s\\n' "$PW" | tellerline create-admin --role bank_admin --tenant bank-a \\
      --tenant-name "Bank A" --username bank-a-admin --password-stdin`,
  options: {
    username: { type: 'string', short: 'u' },
    role: { type: 'string' },
    tenant: { type: 'string' },
    'tenant-name': { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  optionHelp: {
    username: 'login name (required)',
    role: 'platform_admin (default) or bank_admin',
    tenant: 'bank_admin only: the tenant code',
    'tenant-name': 'create the tenant with this name if it does not exist',
    'display-name': 'name shown in the back office (default: the user name)',
    'password-stdin': 'read the password from standard input',
  },
  async run({ values, io }) {
    const username = values['username'];
    const role = (values['role'] as string | undefined) ?? 'platform_admin';
    const tenantCode = values['tenant'] as string | undefined;
    if (typeof username !== 'string' || !/^[A-Za-z0-9._@-]{3,64}$/.test(username)) {
      io.stderr.write('tellerline create-admin: --username is required (3 to 64 letters, digits, or . _ @ -)\n');
      return EXIT.usage;
    }
    if (role !== 'platform_admin' && role !== 'bank_admin') {
      io.stderr.write('tellerline create-admin: --role must be platform_admin or bank_admin\n');
      return EXIT.usage;
    }
    if ((role === 'bank_admin') !== (tenantCode !== undefined)) {
      io.stderr.write('tellerline create-admin: a bank_admin needs --tenant <code>; a platform_admin takes none\n');
      return EXIT.usage;
    }
    let store: Store | undefined;
    try {
      const config = configFrom(values, io);
      let password: string;
      if (values['password-stdin']) {
        password = await passwordFromStdin(io);
      } else {
        password = await promptHidden(io, `Password for ${username}: `);
        const again = await promptHidden(io, 'Again: ');
        if (again !== password) {
          io.stderr.write('tellerline create-admin: the passwords differ\n');
          return EXIT.usage;
        }
      }
      const problems = passwordProblems(password, config.security, username);
      if (problems.length > 0) {
        io.stderr.write(`tellerline create-admin: the password ${problems.join('; ')}\n`);
        return EXIT.usage;
      }
      // The store is loaded only when needed: `--help` stays fast.
      const { openStore } = await import('../../store/store.js');
      const { tenantsRepo } = await import('../../tenants/store/tenants-repo.js');
      const { operatorsRepo } = await import('../../auth/store/operators-repo.js');
      const { auditRepo } = await import('../../records/store/audit-repo.js');
      const { operatorView } = await import('../../auth/schemas.js');
      store = await openStore(config.database);
      const knex = store.knex;
      let tenantId = PLATFORM_TENANT_ID;
      if (tenantCode !== undefined) {
        let tenant = await tenantsRepo.getByCode(knex, tenantCode);
        if (!tenant) {
          const name = values['tenant-name'];
          if (typeof name !== 'string') {
            io.stderr.write(`tellerline create-admin: no tenant '${tenantCode}'; give --tenant-name to create it\n`);
            return EXIT.failure;
          }
          tenant = await tenantsRepo.insert(knex, { id: randomUUID(), code: tenantCode, name, kind: 'bank', status: 'active' });
          io.stdout.write(`created tenant ${tenant.code} (${tenant.id})\n`);
        }
        if (tenant.kind !== 'bank') {
          io.stderr.write(`tellerline create-admin: '${tenantCode}' is not a bank tenant\n`);
          return EXIT.failure;
        }
        tenantId = tenant.id;
      }
      if (await operatorsRepo.getWithSecretByTenantAndUsername(knex, tenantId, username)) {
        io.stderr.write(`tellerline create-admin: the user name '${username}' is taken in this tenant\n`);
        return EXIT.failure;
      }
      const operator = await operatorsRepo.insert(knex, {
        id: randomUUID(),
        tenantId,
        username,
        displayName: typeof values['display-name'] === 'string' ? values['display-name'] : username,
        role,
        agentId: null,
        passwordHash: await hashPassword(password, config.security.scryptLog2N),
      });
      // Whoever ran create-admin knows this password: its owner sets their own at first log-in.
      await operatorsRepo.update(knex, operator.id, { mustChangePassword: true });
      await auditRepo.insert(knex, {
        id: randomUUID(),
        tenantId,
        actorKind: 'system',
        actorId: null,
        actorName: `cli:${userInfo().username}`.slice(0, 100),
        actorTenantId: null,
        action: 'operators.create',
        targetType: 'operators',
        targetId: operator.id,
        outcome: 'ok',
        ip: null,
        at: new Date().toISOString(),
        before: null,
        after: operatorView(operator),
      });
      io.stdout.write(`created ${role} ${username} (${operator.id})\n`);
      return EXIT.ok;
    } catch (err) {
      return reportFailure(err, io, 'create-admin');
    } finally {
      await store?.close();
    }
  },
});
