import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Who asked for a fax job from the back office (the operator's name, as fax documents keep
 * `created_by`); NULL for a job a caller asked for in the IVR (the leg says which call).
 */
export const migration: TellerlineMigration = {
  name: '0032_fax_job_requested_by',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('fax_jobs', (t) => {
      t.string('requested_by', 128).nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('fax_jobs', (t) => {
      t.dropColumn('requested_by');
    });
  },
};
