import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * outbound_attempts.recording_id: the call recording of an attempt (the campaign's recording
 * policy), the id of the recordings row the ACD's recorder wrote.
 */
export const migration: TellerlineMigration = {
  name: '0050_outbound_recording_and_dialler_lease',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('outbound_attempts', (t) => {
      t.string('recording_id', 36).nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('outbound_attempts', (t) => {
      t.dropColumn('recording_id');
    });
  },
};
