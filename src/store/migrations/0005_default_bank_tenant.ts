import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';
import { DEFAULT_BANK_TENANT_CODE, DEFAULT_BANK_TENANT_ID } from '../../tenants/default-bank.js';
import { nowDb } from '../time.js';

/** The default bank tenant (see tenants/default-bank.ts). Data only, no DDL. */
export const migration: TellerlineMigration = {
  name: '0005_default_bank_tenant',
  kind: 'data',
  async up(knex: Knex) {
    const existing = await knex('tenants').where({ id: DEFAULT_BANK_TENANT_ID }).first();
    if (existing) return;
    const now = nowDb();
    await knex('tenants').insert({
      id: DEFAULT_BANK_TENANT_ID,
      code: DEFAULT_BANK_TENANT_CODE,
      name: 'Bank',
      kind: 'bank',
      status: 'active',
      created_at: now,
      updated_at: now,
    });
  },
  async down(knex: Knex) {
    await knex('tenants').where({ id: DEFAULT_BANK_TENANT_ID }).delete();
  },
};
