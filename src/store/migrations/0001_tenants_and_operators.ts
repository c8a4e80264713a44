import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';

/** Tenants, operators, login sessions and API tokens. */
export const migration: TellerlineMigration = {
  name: '0001_tenants_and_operators',
  kind: 'schema',
  async up(knex: Knex) {
    await knex.schema.createTable('tenants', (t) => {
      t.string('id', 36).primary();
      t.string('code', 64).notNullable().unique();
      t.string('name', 200).notNullable();
      t.string('kind', 16).notNullable(); // platform | bank
      t.string('status', 16).notNullable(); // active | disabled
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
    });
    await knex.schema.createTable('operators', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('username', 64).notNullable().unique();
      t.string('display_name', 200).notNullable();
      t.string('role', 32).notNullable();
      t.string('agent_id', 64).nullable();
      t.string('password_hash', 255).notNullable();
      t.datetime('password_changed_at', { precision: 3 }).notNullable();
      t.integer('failed_logins').notNullable().defaultTo(0);
      t.datetime('locked_until', { precision: 3 }).nullable();
      t.boolean('disabled').notNullable().defaultTo(false);
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('updated_at', { precision: 3 }).notNullable();
      t.index(['tenant_id']);
    });
    await knex.schema.createTable('sessions', (t) => {
      t.string('id_hash', 64).primary();
      t.string('operator_id', 36).notNullable().references('id').inTable('operators').onDelete('CASCADE');
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('ip', 64).nullable();
      t.string('user_agent', 255).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('expires_at', { precision: 3 }).notNullable();
      t.index(['operator_id']);
      t.index(['expires_at']);
    });
    await knex.schema.createTable('api_tokens', (t) => {
      t.string('id', 36).primary();
      t.string('tenant_id', 36).notNullable().references('id').inTable('tenants');
      t.string('name', 100).notNullable();
      t.string('role', 32).notNullable();
      t.string('token_hash', 64).notNullable().unique();
      t.string('token_prefix', 16).notNullable();
      t.string('created_by', 36).nullable();
      t.datetime('created_at', { precision: 3 }).notNullable();
      t.datetime('expires_at', { precision: 3 }).nullable();
      t.datetime('revoked_at', { precision: 3 }).nullable();
      t.datetime('last_used_at', { precision: 3 }).nullable();
      t.index(['tenant_id']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('api_tokens');
    await knex.schema.dropTable('sessions');
    await knex.schema.dropTable('operators');
    await knex.schema.dropTable('tenants');
  },
};
