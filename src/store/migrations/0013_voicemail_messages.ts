import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/** Voice messages left by callers, for staff to call back (the audio is a file under data.dir). */
export const migration: TellerlineMigration = {
  name: '0013_voicemail_messages',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('voicemail_messages', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('leg_id', 36).nullable();
      t.string('calling', 64).nullable();
      t.string('called', 64).nullable();
      t.string('queue', 64).nullable();
      t.string('reason', 32).notNullable(); // after-hours | all-busy | no-answer | caller-choice
      t.string('lang', 8).notNullable();
      t.integer('duration_ms').notNullable();
      t.string('file', 255).notNullable(); // relative to <data.dir>/voicemail
      t.string('status', 16).notNullable(); // new | handled
      t.datetime('handled_at', { precision: 3 }).nullable();
      t.string('handled_by', 100).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.index(['tenant_id', 'created_at']);
      t.index(['tenant_id', 'status']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('voicemail_messages');
  },
};
