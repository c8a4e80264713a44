import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';
import { nowDb } from '../time.js';

// Frozen: the id and code as this migration wrote them (tenants/default-bank.ts names them for the code).
const DEFAULT_BANK_TENANT_ID = '00000000-0000-4000-8000-000000000001';
const DEFAULT_BANK_TENANT_CODE = 'bank';

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
