import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Sessions remember when they were last used (the idle timeout); an operator whose password an
 * administrator set must choose a new one before doing anything else.
 */
export const migration: TellerlineMigration = {
  name: '0044_session_security',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('sessions', (t) => {
      t.datetime('last_seen_at', { precision: 3 }).nullable();
    });
    await knex.schema.alterTable('operators', (t) => {
      t.boolean('must_change_password').notNullable().defaultTo(false);
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('operators', (t) => {
      t.dropColumn('must_change_password');
    });
    await knex.schema.alterTable('sessions', (t) => {
      t.dropColumn('last_seen_at');
    });
  },
};
