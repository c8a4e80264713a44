import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Wrong PINs per card/account for telephone service, and the locks they lead to. The card or
 * account number is never stored: only a keyed hash (to find the row) and a masked form (for
 * the back office: 6222 **** **** 0003).
 */
export const migration: TellerlineMigration = {
  name: '0012_ivr_pin_locks',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('ivr_pin_locks', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('subject_kind', 16).notNullable(); // card | passbook | corporate | signed
      t.string('subject_hash', 64).notNullable(); // HMAC-SHA256, hex
      t.string('subject_masked', 32).notNullable();
      t.integer('failed_count').notNullable().defaultTo(0);
      t.datetime('last_failed_at', { precision: 3 }).nullable();
      t.datetime('locked_at', { precision: 3 }).nullable();
      t.string('lock_source', 16).nullable(); // ivr (our count) | core (the core said locked)
      t.datetime('unlocked_at', { precision: 3 }).nullable();
      t.string('unlocked_by', 100).nullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'subject_kind', 'subject_hash']);
      t.index(['tenant_id', 'locked_at']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('ivr_pin_locks');
  },
};
