import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * outbound_attempts: one row per call a campaign places (or a preview agent holds), written
 * before the dial with outcome 'in_flight' (or 'reserved' for a preview record), so that a
 * crash leaves a trace the next start closes as 'interrupted'. The CDR leg links to the call
 * detail record; survey answers are the flow's keyed answers (JSON).
 */
export const migration: TellerlineMigration = {
  name: '0047_outbound_attempts',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('outbound_attempts', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('campaign_id', 36).notNullable().references('id').inTable('outbound_campaigns').onDelete('CASCADE');
      t.integer('number_id').notNullable().unsigned().references('id').inTable('outbound_numbers').onDelete('CASCADE');
      t.string('phone', 32).notNullable();
      t.string('mode', 32).notNullable();
      t.datetime('started_at', { precision: 3 }).notNullable();
      t.datetime('answered_at', { precision: 3 }).nullable();
      t.datetime('ended_at', { precision: 3 }).nullable();
      t.string('outcome', 24).notNullable(); // in_flight | reserved | answered | busy | ... | interrupted
      t.integer('cause').nullable(); // Q.850 release cause, when the network gave one
      t.integer('duration_s').nullable(); // answered to ended
      t.text('survey_answers').nullable(); // JSON object: question -> key
      t.string('agent_id', 64).nullable();
      t.string('call_id', 64).nullable();
      t.string('leg_id', 64).nullable();
      t.index(['campaign_id', 'outcome']);
      t.index(['campaign_id', 'started_at']);
      t.index(['number_id']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('outbound_attempts');
  },
};
