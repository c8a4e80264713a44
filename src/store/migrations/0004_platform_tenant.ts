import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';
import { nowDb } from '../time.js';

// Frozen: the ids and codes as this migration wrote them (tenants/platform.ts names them for the code).
const PLATFORM_TENANT_ID = '00000000-0000-4000-8000-000000000000';
const PLATFORM_TENANT_CODE = 'platform';

/** The platform tenant: platform administrators belong to it. Data only, no DDL. */
export const migration: TellerlineMigration = {
  name: '0004_platform_tenant',
  kind: 'data',
  async up(knex: Knex) {
    const existing = await knex('tenants').where({ id: PLATFORM_TENANT_ID }).first();
    if (existing) return;
    const now = nowDb();
    await knex('tenants').insert({
      id: PLATFORM_TENANT_ID,
      code: PLATFORM_TENANT_CODE,
      name: 'Platform',
      kind: 'platform',
      status: 'active',
      created_at: now,
      updated_at: now,
    });
  },
  async down(knex: Knex) {
    await knex('tenants').where({ id: PLATFORM_TENANT_ID }).delete();
  },
};
