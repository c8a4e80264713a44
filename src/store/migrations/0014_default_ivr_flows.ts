import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { TellerlineMigration } from './types.js';
import { nowDb } from '../time.js';
import { mainFlowAt0014 } from './0014_default_ivr_flows.data.js';

// Frozen: the default bank's id as migration 0005 wrote it.
const DEFAULT_BANK_TENANT_ID = '00000000-0000-4000-8000-000000000001';

/**
 * The default bank's IVR flows as they shipped with this migration: version 1 of `main`,
 * active. Data only, no DDL, and frozen (see the .data.ts file beside it). The bank edits them
 * like any flow (each save a new version).
 */
export const migration: TellerlineMigration = {
  name: '0014_default_ivr_flows',
  kind: 'data',
  async up(knex: Knex) {
    const tenant = await knex('tenants').where({ id: DEFAULT_BANK_TENANT_ID }).first();
    if (!tenant) return;
    const flows: Record<string, unknown> = { main: mainFlowAt0014 };
    for (const [name, definition] of Object.entries(flows)) {
      if (await knex('ivr_flows').where({ tenant_id: DEFAULT_BANK_TENANT_ID, name }).first()) continue;
      const now = nowDb();
      const flowId = randomUUID();
      await knex('ivr_flows').insert({ id: flowId, tenant_id: DEFAULT_BANK_TENANT_ID, name, active_version: 1, latest_version: 1, created_at: now, updated_at: now });
      await knex('ivr_flow_versions').insert({
        id: randomUUID(),
        flow_id: flowId,
        tenant_id: DEFAULT_BANK_TENANT_ID,
        version: 1,
        definition_json: JSON.stringify(definition),
        comment: 'shipped with Tellerline',
        created_by: 'system',
        created_at: now,
      });
    }
  },
  async down(knex: Knex) {
    const ids = (await knex('ivr_flows').where({ tenant_id: DEFAULT_BANK_TENANT_ID, name: 'main' }).select('id')) as Array<{ id: string }>;
    for (const { id } of ids) {
      await knex('ivr_flow_versions').where({ flow_id: id }).delete();
      await knex('ivr_flows').where({ id }).delete();
    }
  },
};
