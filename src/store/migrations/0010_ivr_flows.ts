import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * IVR flows: a flow per tenant and name, and every saved version of it (flows are data; a save
 * is a new version; the active one answers new calls, and any version can be made active again).
 */
export const migration: TellerlineMigration = {
  name: '0010_ivr_flows',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('ivr_flows', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('name', 64).notNullable();
      t.integer('active_version').nullable();
      t.integer('latest_version').notNullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'name']);
    });
    await knex.schema.createTable('ivr_flow_versions', (t) => {
      t.string('id', 36).primary();
      t.string('flow_id', 36).notNullable().references('id').inTable('ivr_flows');
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.integer('version').notNullable();
      t.text('definition_json', 'mediumtext').notNullable();
      t.string('comment', 500).nullable();
      t.string('created_by', 100).nullable(); // operator name, or 'system' for shipped flows
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.unique(['flow_id', 'version']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('ivr_flow_versions');
    await knex.schema.dropTable('ivr_flows');
  },
};
