import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * An operator whose password someone else chose (create-admin) must set their own before doing
 * anything else: the flag is set at creation and cleared by their own password change.
 */
export const migration: TellerlineMigration = {
  name: '0043_operator_must_change_password',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('operators', (t) => {
      t.boolean('must_change_password').notNullable().defaultTo(false);
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('operators', (t) => {
      t.dropColumn('must_change_password');
    });
  },
};
