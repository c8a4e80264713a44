import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/**
 * Outbound campaigns, per tenant: the campaign and its rules, the numbers it calls (one row per
 * number, with the row's variables for the prompts and its attempt bookkeeping), and the
 * tenant's do-not-call list. Phone numbers are text: leading zeros and a leading "+" matter.
 * Rules that are lists (time windows, retry rules per outcome) are JSON validated by the
 * outbound module.
 */
export const migration: TellerlineMigration = {
  name: '0045_outbound_campaigns',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('outbound_campaigns', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('name', 100).notNullable();
      t.string('calling_number', 32).notNullable();
      t.text('time_windows').notNullable(); // JSON: [{ days, from, to }]
      t.text('retry_rules').notNullable(); // JSON: { busy: { retries, intervalMinutes }, ... }
      t.integer('max_attempts_per_day').notNullable();
      t.integer('max_lines').notNullable();
      t.string('recording_policy', 16).notNullable(); // none | answered | all
      t.string('state', 16).notNullable(); // draft | running | paused | stopped
      t.string('created_by', 128).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'name']);
    });
    await knex.schema.createTable('outbound_numbers', (t) => {
      t.increments('id').primary();
      t.string('campaign_id', 36).notNullable().references('id').inTable('outbound_campaigns').onDelete('CASCADE');
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('phone', 32).notNullable();
      t.text('variables').notNullable(); // JSON object: column title -> text
      t.integer('source_row').notNullable(); // the row of the imported file, for the operator
      t.integer('attempts').notNullable();
      t.integer('attempts_today').notNullable();
      t.date('attempts_day').nullable(); // the tenant-local day attempts_today counts
      t.datetime('last_attempt_at', { precision: 3 }).nullable();
      t.datetime('next_attempt_at', { precision: 3 }).nullable();
      t.string('last_outcome', 16).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.unique(['campaign_id', 'phone']);
      t.index(['campaign_id', 'next_attempt_at']);
    });
    await knex.schema.createTable('outbound_do_not_call', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('phone', 32).notNullable();
      t.string('note', 200).nullable();
      t.string('created_by', 128).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.unique(['tenant_id', 'phone']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('outbound_numbers');
    await knex.schema.dropTableIfExists('outbound_campaigns');
    await knex.schema.dropTableIfExists('outbound_do_not_call');
  },
};
