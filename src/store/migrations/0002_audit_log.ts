import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/** Operation audit log: who did what to which object, from where, before and after. */
export const migration: TellerlineMigration = {
  name: '0002_audit_log',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('audit_log', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).nullable(); // tenant the action concerns; null for failed anonymous logins
      t.string('actor_kind', 16).notNullable(); // operator | token | system | anonymous
      t.string('actor_id', 36).nullable();
      t.string('actor_name', 100).nullable();
      t.string('actor_tenant_id', 36).nullable();
      t.string('action', 64).notNullable();
      t.string('target_type', 32).nullable();
      t.string('target_id', 64).nullable();
      t.string('outcome', 16).notNullable(); // ok | denied | failed
      t.string('ip', 64).nullable();
      t.datetime('at', { precision: 3 }).notNullable();
      t.text('before_json', 'mediumtext').nullable();
      t.text('after_json', 'mediumtext').nullable();
      t.index(['tenant_id', 'at']);
      t.index(['at']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('audit_log');
  },
};
