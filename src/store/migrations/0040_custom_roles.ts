import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * A tenant's own roles: a permission matrix as data, next to the built-in roles (which stay in
 * code). Operators and API tokens name a role by its key, so the key is unique per tenant and
 * never changes; the scopes say how much of the live view and of the recordings the role sees.
 */
export const migration: TellerlineMigration = {
  name: '0040_custom_roles',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('custom_roles', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('role_key', 32).notNullable();
      t.string('name', 100).notNullable();
      t.string('description', 500).notNullable().defaultTo('');
      t.text('permissions').notNullable(); // JSON array of permission names
      t.string('event_scope', 16).notNullable(); // tenant | own_agent
      t.string('recording_scope', 16).notNullable(); // tenant | own_teams
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'role_key']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('custom_roles');
  },
};
