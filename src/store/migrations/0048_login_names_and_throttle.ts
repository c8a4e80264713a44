import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * - User names are unique within a tenant, no longer across tenants: creating an operator must
 *   not tell a bank administrator which names other tenants use. Log-in finds `name@tenantcode`,
 *   or a bare name's first operator (auth/login-names.ts).
 * - Log-in throttling counts live in the store, so every server process on one database shares
 *   them: failures per client address, and the lockout of user names that do not exist
 *   (auth/store/login-throttle-repo.ts). Times are epoch milliseconds, compared in SQL.
 */
export const migration: TellerlineMigration = {
  name: '0048_login_names_and_throttle',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('operators', (t) => {
      t.dropUnique(['username']);
    });
    await knex.schema.alterTable('operators', (t) => {
      t.unique(['tenant_id', 'username'], { indexName: 'operators_tenant_username_unique' });
      t.index(['username', 'created_at'], 'operators_username_created_index');
    });
    await knex.schema.createTable('login_throttle', (t) => {
      t.string('throttle_key', 200).primary();
      t.integer('failures').notNullable();
      t.bigInteger('window_started_at').notNullable();
      t.bigInteger('locked_until').nullable();
      t.index(['window_started_at'], 'login_throttle_window_index');
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('login_throttle');
    await knex.schema.alterTable('operators', (t) => {
      t.dropIndex(['username', 'created_at'], 'operators_username_created_index');
      t.dropUnique(['tenant_id', 'username'], 'operators_tenant_username_unique');
    });
    await knex.schema.alterTable('operators', (t) => {
      t.unique(['username']);
    });
  },
};
