import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * outbound_attempts.recording_id: the call recording of an attempt (the campaign's recording
 * policy), the id of the recordings row the ACD's recorder wrote.
 *
 * outbound_dialler_lease: the one row saying which server's dialler places the campaigns' calls
 * on this database (two servers on one database never both dial): its holder renews it, another
 * server takes it over once it has lapsed (the holder crashed). Times are epoch milliseconds.
 */
export const migration: TellerlineMigration = {
  name: '0050_outbound_recording_and_dialler_lease',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('outbound_attempts', (t) => {
      t.string('recording_id', 36).nullable();
    });
    await knex.schema.createTable('outbound_dialler_lease', (t) => {
      t.string('id', 16).primary();
      t.string('holder', 128).notNullable();
      t.bigInteger('expires_at').notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('outbound_dialler_lease');
    await knex.schema.alterTable('outbound_attempts', (t) => {
      t.dropColumn('recording_id');
    });
  },
};
