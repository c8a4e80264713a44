import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * The dial plan as data, changed from the back office while the server runs. One row holds the
 * whole plan (JSON, validated by the telephony layer) so that an edit replaces it at once for
 * new calls; no row yet means a fresh database, which the configuration file's plan seeds.
 */
export const migration: TellerlineMigration = {
  name: '0041_dial_plan',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('dial_plans', (t) => {
      t.string('id', 32).primary();
      t.text('entries').notNullable();
      t.integer('version').notNullable();
      t.string('updated_by', 128).nullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('dial_plans');
  },
};
