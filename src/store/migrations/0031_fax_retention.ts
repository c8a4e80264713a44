import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Fax retention (fax.retentionDays): when the sweep deletes the files of an old fax or of a
 * finished fax job, the row stays (who, when, to or from which number, the T.30 result) and
 * `purged_at` says when its files went. Fax-on-demand documents are never purged.
 */
export const migration: TellerlineMigration = {
  name: '0031_fax_retention',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('faxes', (t) => {
      t.datetime('purged_at', { precision: 3 }).nullable();
    });
    await knex.schema.alterTable('fax_jobs', (t) => {
      t.datetime('purged_at', { precision: 3 }).nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('fax_jobs', (t) => {
      t.dropColumn('purged_at');
    });
    await knex.schema.alterTable('faxes', (t) => {
      t.dropColumn('purged_at');
    });
  },
};
