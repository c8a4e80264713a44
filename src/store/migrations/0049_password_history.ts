import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/** Earlier password hashes of each operator, so a new password may not repeat a recent one. */
export const migration: TellerlineMigration = {
  name: '0049_password_history',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('operator_password_history', (t) => {
      t.increments('id').primary();
      t.string('operator_id', 36).notNullable().references('id').inTable('operators').onDelete('CASCADE');
      t.string('password_hash', 255).notNullable();
      t.datetime('replaced_at', { precision: 3 }).notNullable();
      t.index(['operator_id', 'id']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('operator_password_history');
  },
};
