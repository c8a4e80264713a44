import type { Knex } from 'knex';
import type { TellerlineMigration } from './types.js';
import { PLATFORM_TENANT_ID, PLATFORM_TENANT_CODE } from '../../tenants/platform.js';
import { nowDb } from '../time.js';

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
