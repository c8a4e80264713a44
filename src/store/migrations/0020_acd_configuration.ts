import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * ACD configuration, edited at run time through the HTTP API: queues (the core's queue settings
 * plus how calls are handled live), agents with their phones and skills, queue memberships,
 * entry points (routing rules choosing a queue), the working-day calendar and the teams each
 * supervisor looks after. Everything belongs to a tenant; an agent's phone (station span,
 * timeslot) is hardware and unique across tenants.
 */
export const migration: TellerlineMigration = {
  name: '0020_acd_configuration',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('acd_queues', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('id', 64).notNullable();
      t.text('config_json').notNullable(); // the core's QueueConfig
      t.text('settings_json').notNullable(); // live handling: recording, caller keys, survey
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.primary(['tenant_id', 'id']);
    });
    await knex.schema.createTable('acd_agents', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('id', 64).notNullable();
      t.string('name', 128).notNullable();
      t.string('extension', 32).notNullable();
      t.integer('phone_station').notNullable(); // index among the card's station spans
      t.integer('phone_timeslot').notNullable(); // B-channel 1-15, 17-31
      t.text('skills_json').notNullable();
      t.string('team', 64).notNullable();
      t.string('city', 64).notNullable();
      t.string('recording', 16).notNullable(); // inherit | always | never
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.primary(['tenant_id', 'id']);
      t.unique(['phone_station', 'phone_timeslot'], { indexName: 'acd_agents_phone_unique' });
      t.unique(['tenant_id', 'extension'], { indexName: 'acd_agents_extension_unique' });
    });
    await knex.schema.createTable('acd_memberships', (t) => {
      t.string('tenant_id', 36).notNullable();
      t.string('agent_id', 64).notNullable();
      t.string('queue_id', 64).notNullable();
      t.integer('level').notNullable();
      t.integer('penalty').notNullable();
      t.integer('position').nullable();
      t.primary(['tenant_id', 'agent_id', 'queue_id']);
      t.index(['tenant_id', 'queue_id']);
    });
    await knex.schema.createTable('acd_entry_points', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('id', 64).notNullable();
      t.string('default_queue_id', 64).notNullable();
      t.text('rules_json').notNullable(); // ordered routing rules (calling/called number, time, days)
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.primary(['tenant_id', 'id']);
    });
    await knex.schema.createTable('acd_calendars', (t) => {
      t.string('tenant_id', 36).primary().references('id').inTable('tenants');
      t.string('time_zone', 64).notNullable();
      t.string('weekend', 32).notNullable(); // weekday numbers, e.g. "0,6"
      t.datetime('updated_at', { precision: 3 }).notNullable();
    });
    await knex.schema.createTable('acd_calendar_days', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('date', 10).notNullable(); // YYYY-MM-DD, local
      t.string('kind', 16).notNullable(); // holiday | working_day (a weekend day worked, 调休)
      t.string('name', 64).notNullable();
      t.primary(['tenant_id', 'date']);
    });
    await knex.schema.createTable('acd_supervisor_teams', (t) => {
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('operator_id', 36).notNullable();
      t.string('team', 64).notNullable();
      t.primary(['tenant_id', 'operator_id', 'team']);
    });
  },
  async down(knex: Knex) {
    for (const table of ['acd_supervisor_teams', 'acd_calendar_days', 'acd_calendars', 'acd_entry_points', 'acd_memberships', 'acd_agents', 'acd_queues']) {
      await knex.schema.dropTable(table);
    }
  },
};
