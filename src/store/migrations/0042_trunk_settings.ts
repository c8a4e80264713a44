import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * What the back office says about each trunk span (the spans themselves come from the card's
 * configuration): a name for the screens and whether outbound calls may use it, changed while
 * the server runs. A span without a row is named by its number and open to outbound calls.
 */
export const migration: TellerlineMigration = {
  name: '0042_trunk_settings',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('trunk_settings', (t) => {
      t.integer('span').primary();
      t.string('name', 100).notNullable();
      t.boolean('outbound').notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('trunk_settings');
  },
};
