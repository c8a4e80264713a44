import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * How a campaign dials and what an answered call gets: the dialling mode, its ratio, the
 * abandon-rate cap (predictive), and the on-answer target as JSON ({ kind: 'flow', flowId } or
 * { kind: 'agent', queueId }; null until the operator chooses one). Existing campaigns take the
 * defaults: progressive, ratio 1, cap 3 %.
 */
export const migration: TellerlineMigration = {
  name: '0046_outbound_dialling',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.alterTable('outbound_campaigns', (t) => {
      t.string('mode', 32).notNullable().defaultTo('progressive');
      t.float('ratio').notNullable().defaultTo(1);
      t.float('abandon_cap_pct').notNullable().defaultTo(3);
      t.text('on_answer').nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('outbound_campaigns', (t) => {
      t.dropColumn('on_answer');
      t.dropColumn('abandon_cap_pct');
      t.dropColumn('ratio');
      t.dropColumn('mode');
    });
  },
};
