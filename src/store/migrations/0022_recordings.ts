import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Call recordings: one row per recorded stretch of an agent call (a transfer starts a new one),
 * naming the call, agent, queue and the agent's team (supervisors see their teams' recordings),
 * the WAV file under <data>/recordings and its times.
 */
export const migration: TellerlineMigration = {
  name: '0022_recordings',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('recordings', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('call_id', 64).notNullable();
      t.string('leg_id', 36).nullable();
      t.string('agent_id', 64).nullable();
      t.string('queue_id', 64).nullable();
      t.string('team', 64).notNullable();
      t.string('calling', 64).nullable();
      t.string('called', 64).nullable();
      t.datetime('started_at', { precision: 3 }).notNullable();
      t.datetime('ended_at', { precision: 3 }).nullable();
      t.integer('duration_ms').nullable();
      t.string('file', 255).notNullable(); // relative to the recordings directory
      t.bigInteger('bytes').nullable();
      t.string('status', 16).notNullable(); // recording | complete | failed
      t.index(['tenant_id', 'started_at']);
      t.index(['tenant_id', 'agent_id', 'started_at']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('recordings');
  },
};
