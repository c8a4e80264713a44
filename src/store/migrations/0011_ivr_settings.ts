import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/** A bank's IVR settings (password change on/off, PIN attempts, languages, calendar...), as JSON. */
export const migration: TellerlineMigration = {
  name: '0011_ivr_settings',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('ivr_settings', (t) => {
      t.string('tenant_id', 36).primary().references('id').inTable('tenants');
      t.text('settings_json').notNullable();
      t.string('updated_by', 100).nullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('ivr_settings');
  },
};
