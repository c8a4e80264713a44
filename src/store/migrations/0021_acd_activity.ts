import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * What the ACD does at run time: each agent's last state (restart recovery), every agent state
 * change with its actor (the raw material of agent metrics), every queue visit (queue metrics)
 * and the satisfaction survey answers. The business logs (agent service log, all-busy waiting
 * log) and CDR stages are written through the records service as well.
 */
export const migration: TellerlineMigration = {
  name: '0021_acd_activity',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('acd_agent_states', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('agent_id', 64).notNullable();
      t.string('state', 16).notNullable();
      t.string('pause_reason', 64).nullable();
      t.text('stats_json').nullable(); // strategy statistics of the current window
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.primary(['tenant_id', 'agent_id']);
    });
    await knex.schema.createTable('acd_agent_events', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.datetime('at', { precision: 3 }).notNullable();
      t.string('agent_id', 64).notNullable();
      t.string('action', 32).notNullable();
      t.string('from_state', 16).notNullable();
      t.string('to_state', 16).notNullable();
      t.string('reason', 64).nullable();
      t.string('actor', 64).notNullable(); // agent | system | supervisor:<operator id>
      t.string('call_id', 64).nullable();
      t.string('queue_id', 64).nullable();
      t.index(['tenant_id', 'at']);
      t.index(['tenant_id', 'agent_id', 'at']);
    });
    await knex.schema.createTable('acd_visits', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('call_id', 64).notNullable();
      t.string('queue_id', 64).notNullable();
      t.integer('priority').notNullable();
      t.datetime('entered_at', { precision: 3 }).notNullable();
      t.datetime('left_at', { precision: 3 }).notNullable();
      t.string('outcome', 32).notNullable();
      t.integer('wait_ms').notNullable();
      t.string('agent_id', 64).nullable();
      t.datetime('answered_at', { precision: 3 }).nullable();
      t.integer('talk_ms').nullable();
      t.integer('wrap_ms').nullable();
      t.index(['tenant_id', 'entered_at']);
    });
    await knex.schema.createTable('acd_survey_results', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.datetime('at', { precision: 3 }).notNullable();
      t.string('call_id', 64).notNullable();
      t.string('leg_id', 36).nullable();
      t.string('agent_id', 64).nullable();
      t.string('queue_id', 64).nullable();
      t.integer('rating').nullable(); // 1 very satisfied, 2 satisfied, 3 dissatisfied; null = no answer
      t.index(['tenant_id', 'at']);
    });
  },
  async down(knex: Knex) {
    for (const table of ['acd_survey_results', 'acd_visits', 'acd_agent_events', 'acd_agent_states']) await knex.schema.dropTable(table);
  },
};
